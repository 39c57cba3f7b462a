package elbow.tensor;

import elbow.tensor.simd.Simd;
import java.util.Arrays;

/**
 * Stands in for someone else's application that uses elbow as a plain library and was started without
 * {@code --add-modules jdk.incubator.vector}. {@link EmbeddedWithoutVectorModuleTest} runs it in a
 * fresh JVM and reads what it prints.
 */
public final class EmbeddingApplication {
    private EmbeddingApplication() {}

    public static void main(String[] args) {
        System.out.println("vector module " + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        // Several operations, so that a notice repeated per call or per kernel would show.
        Tensor a = Tensor.wrap(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor b = Tensor.wrap(new float[] {5, 6, 7, 8}, 2, 2);
        System.out.println("matmul " + Arrays.toString(a.matmul(b).toFloatArray()));
        // Integers below 2^24 add exactly in float32, in any order.
        System.out.println("sum " + Tensor.arange(1000, DType.F32).mul(2).sumAll());
        System.out.println("exp " + Tensor.of(0.0, 0.0, 0.0).exp().sumAll());
        System.out.println("vector kernels " + Simd.VECTOR);
    }
}
