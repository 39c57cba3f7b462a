package elbow.autograd;

import elbow.tensor.DType;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Training runs in float32; the gradient checks run in float64. This property ties the two: for every
 * op, the float32 forward value and the float32 gradient (for a random cotangent) agree with float64
 * to float32 accuracy. The inputs are rounded to float32 first, so the float64 reference sees the
 * same numbers and only the kernels' own rounding is measured, not the conditioning of the function.
 *
 * <p>Tolerance per element: rtol·|reference| + atol·scale. Elementwise ops are compared relatively
 * (scale 1); ops that sum many terms get a scale of the size of those terms (k·max|a|·max|b| for a
 * matmul, Σ|x| for a sum), since float32 accumulation error grows with it, not with the result.
 */
class Float32AgreementProperties {
    static final double RTOL = 2e-5, ATOL = 1e-6;

    /** One op: its function, how to draw inputs of a given shape, and the scale of its accumulation error. */
    record Case(String name, GradCheck.Fn f, BiFunction<Random, int[], Tensor[]> inputs, double scale) {}

    static List<Case> cases(Random r, int[] shape) {
        List<Case> c = new ArrayList<>();
        BiFunction<Random, int[], Tensor[]> wide = (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -40, 40)};
        BiFunction<Random, int[], Tensor[]> small = (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -5, 5)};
        BiFunction<Random, int[], Tensor[]> positive = (rr, s) -> new Tensor[] {Gen.logUniform(rr, s, 1e-4, 1e4)};
        BiFunction<Random, int[], Tensor[]> pair = (rr, s) -> new Tensor[] {Gen.uniform(rr, Gen.broadcastableTo(s, rr), -5, 5), Gen.uniform(rr, Gen.broadcastableTo(s, rr), -5, 5)};
        int n = Math.max(1, Shape.size(shape));

        c.add(new Case("neg", x -> x[0].neg(), wide, 1));
        c.add(new Case("affine", x -> x[0].affine(-2.5, 0.75), small, 10));
        c.add(new Case("exp", x -> x[0].exp(), (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -30, 80)}, 1));
        c.add(new Case("log", x -> x[0].log(), positive, 1));
        c.add(new Case("log1p", x -> x[0].log1p(), (rr, s) -> new Tensor[] {Gen.logUniform(rr, s, 1e-3, 101).add(-1.0)}, 1));
        c.add(new Case("expm1", x -> x[0].expm1(), wide, 1));
        c.add(new Case("sqrt", x -> x[0].sqrt(), positive, 1));
        c.add(new Case("square", x -> x[0].square(), wide, 1));
        c.add(new Case("abs", x -> x[0].abs(), wide, 1));
        c.add(new Case("tanh", x -> x[0].tanh(), wide, 1));
        c.add(new Case("sigmoid", x -> x[0].sigmoid(), wide, 1));
        c.add(new Case("softplus", x -> x[0].softplus(), wide, 1));
        c.add(new Case("relu", x -> x[0].relu(), (rr, s) -> new Tensor[] {Gen.awayFromZero(rr, s, 10, 1e-3)}, 1));
        c.add(new Case("leakyRelu", x -> x[0].leakyRelu(0.1), (rr, s) -> new Tensor[] {Gen.awayFromZero(rr, s, 10, 1e-3)}, 1));
        c.add(new Case("pow 1.5", x -> x[0].pow(1.5), (rr, s) -> new Tensor[] {Gen.logUniform(rr, s, 0.05, 10)}, 1));
        c.add(new Case("logSigmoid", x -> x[0].logSigmoid(), wide, 1));
        c.add(new Case("add", x -> x[0].add(x[1]), pair, 5));
        c.add(new Case("sub", x -> x[0].sub(x[1]), pair, 5));
        c.add(new Case("mul", x -> x[0].mul(x[1]), pair, 1));
        c.add(new Case("div", x -> x[0].div(x[1]), (rr, s) -> new Tensor[] {Gen.uniform(rr, Gen.broadcastableTo(s, rr), -5, 5), Gen.awayFromZero(rr, Gen.broadcastableTo(s, rr), 10, 0.1)}, 1));
        c.add(new Case("pow", x -> x[0].pow(x[1]), (rr, s) -> new Tensor[] {Gen.logUniform(rr, Gen.broadcastableTo(s, rr), 0.05, 5), Gen.uniform(rr, Gen.broadcastableTo(s, rr), -3, 3)}, 1));
        c.add(new Case("maximum", x -> x[0].maximum(x[1]), (rr, s) -> new Tensor[] {Gen.onGrid(rr, Gen.broadcastableTo(s, rr), 0.25), Gen.onGrid(rr, Gen.broadcastableTo(s, rr), 0.75)}, 1));
        c.add(new Case("minimum", x -> x[0].minimum(x[1]), (rr, s) -> new Tensor[] {Gen.onGrid(rr, Gen.broadcastableTo(s, rr), 0.25), Gen.onGrid(rr, Gen.broadcastableTo(s, rr), 0.75)}, 1));
        Tensor mask = Gen.mask(r, Gen.broadcastableTo(shape, r));
        c.add(new Case("where", x -> Var.where(mask, x[0], x[1]), pair, 1));
        c.add(new Case("bce", x -> x[0].binaryCrossEntropyWithLogits(x[1]), (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -40, 40), Gen.uniform(rr, Gen.broadcastableTo(s, rr), 0, 1)}, 40));
        int[] axes = Gen.someAxes(r, shape.length);
        c.add(new Case("sum", x -> x[0].sum(axes), small, 5 * n));
        c.add(new Case("mean", x -> x[0].mean(axes), small, 5));
        c.add(new Case("max", x -> x[0].max(axes), (rr, s) -> new Tensor[] {Gen.distinct(rr, s)}, 1));
        c.add(new Case("logSumExp", x -> x[0].logSumExp(axes), (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -500, 500)}, 500));
        if (shape.length > 0) {
            int axis = r.nextInt(shape.length);
            c.add(new Case("logSoftmax", x -> x[0].logSoftmax(axis), (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -50, 50)}, 50));
            c.add(new Case("softmax", x -> x[0].softmax(axis), (rr, s) -> new Tensor[] {Gen.uniform(rr, s, -50, 50)}, 1));
            int[] perm = Gen.permutation(r, shape.length);
            c.add(new Case("permute", x -> x[0].permute(perm), small, 1));
            int start = r.nextInt(shape[axis]);
            c.add(new Case("slice", x -> x[0].slice(axis, start, shape[axis]), small, 1));
            c.add(new Case("concat", x -> Var.concat(axis, x[0], x[0].mul(2.0)), small, 1));
            int[] idx = {r.nextInt(shape[axis]), 0, r.nextInt(shape[axis])};
            c.add(new Case("gather", x -> x[0].gather(axis, idx), small, 1));
        }
        c.add(new Case("reshape", x -> x[0].reshape(-1), small, 1));
        int[] from = Gen.broadcastableTo(shape, r);
        c.add(new Case("expand", x -> x[0].expand(shape), (rr, s) -> new Tensor[] {Gen.uniform(rr, from, -5, 5)}, n));
        int m = 1 + r.nextInt(17), k = 1 + r.nextInt(33), cols = 1 + r.nextInt(17);
        boolean ta = r.nextBoolean(), tb = r.nextBoolean();
        c.add(new Case("matmul", x -> x[0].matmul(x[1], ta, tb),
                (rr, s) -> new Tensor[] {Gen.uniform(rr, ta ? new int[] {2, k, m} : new int[] {2, m, k}, -2, 2), Gen.uniform(rr, tb ? new int[] {cols, k} : new int[] {k, cols}, -2, 2)},
                4 * k));
        return c;
    }

    @Provide
    Arbitrary<int[]> shapes() {
        return Gen.shapes(0, 3, 600);
    }

    @Property(tries = 40)
    void float32AgreesWithFloat64(@ForAll("shapes") int[] shape, @ForAll long seed) {
        Random r = new Random(seed);
        for (Case op : cases(r, shape)) {
            Tensor[] in64 = op.inputs().apply(r, shape);
            Tensor[] in32 = new Tensor[in64.length];
            for (int i = 0; i < in64.length; i++) {
                in32[i] = in64[i].to(DType.F32);
                in64[i] = in32[i].to(DType.F64); // the same numbers in both precisions
            }
            Var[] p64 = params(in64), p32 = params(in32);
            Var y64 = op.f().apply(p64), y32 = op.f().apply(p32);
            assertClose(op.name() + " forward", y32.value(), y64.value(), op.scale());

            Tensor c64 = Gen.uniform(r, y64.shape(), -1, 1).to(DType.F32).to(DType.F64);
            Tensor[] g64 = Tape.vjp(y64, c64, false, p64), g32 = Tape.vjp(y32, c64.to(DType.F32), false, p32);
            for (int i = 0; i < g64.length; i++) assertClose(op.name() + " gradient of input " + i, g32[i], g64[i], op.scale() * 10);
        }
    }

    private static Var[] params(Tensor[] in) {
        Var[] p = new Var[in.length];
        for (int i = 0; i < in.length; i++) p[i] = Var.param(in[i]);
        return p;
    }

    private static void assertClose(String what, Tensor f32, Tensor f64, double scale) {
        if (f32.dtype() != DType.F32) throw new AssertionError(what + ": float32 inputs gave " + f32.dtype());
        if (!f32.sameShape(f64)) throw new AssertionError(what + ": shapes " + Shape.str(f32.shape()) + " vs " + Shape.str(f64.shape()));
        for (int i = 0; i < f64.size(); i++) {
            double a = f32.getFlat(i), b = f64.getFlat(i);
            double tol = RTOL * Math.abs(b) + ATOL * scale;
            if (!(Math.abs(a - b) <= tol) && !(a == b)) {
                throw new AssertionError(what + ": element " + i + " of shape " + Shape.str(f64.shape()) + " is " + a + " in float32 but " + b
                        + " in float64 (tolerance " + tol + ")");
            }
        }
    }
}
