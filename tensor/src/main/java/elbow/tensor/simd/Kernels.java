package elbow.tensor.simd;

import elbow.tensor.BinaryOp;
import elbow.tensor.UnaryOp;

/**
 * The flat array kernels every tensor operation is built on. Two implementations: {@link ScalarKernels}
 * (plain loops; the fallback and the test oracle) and {@code VectorKernels} (the Java Vector API).
 * {@link Simd#KERNELS} is the one in use.
 *
 * <p>Contract for every method: no allocation, no retained references, offsets and lengths in elements.
 * Input and output ranges may be the same range (in place) but must not otherwise overlap. Broadcast
 * inputs of {@code binary} are read with stride 0 (one value repeated) or 1.
 */
public interface Kernels {
    /** "scalar" or "vector-512" etc. */
    String name();

    int floatLanes();

    int doubleLanes();

    void unary(UnaryOp op, double param, float[] x, int xo, float[] y, int yo, int n);

    void unary(UnaryOp op, double param, double[] x, int xo, double[] y, int yo, int n);

    void binary(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n);

    void binary(BinaryOp op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n);

    /** y += alpha * x. */
    void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    void axpy(double alpha, double[] x, int xo, double[] y, int yo, int n);

    /** Sum of x[xo .. xo+n). */
    float sum(float[] x, int xo, int n);

    double sum(double[] x, int xo, int n);

    /** Maximum of x[xo .. xo+n), n &gt; 0; NaN if any element is NaN. */
    float max(float[] x, int xo, int n);

    double max(double[] x, int xo, int n);

    // ------------------------------------------------------------------ fused, float32 (a training step's hot loops)

    /**
     * A hidden layer's bias and tanh in one pass, in place: y[r, c] = tanh(y[r, c] + bias[c]) for
     * {@code rows} rows of {@code cols} values from {@code yo}.
     */
    void biasTanh(float[] y, int yo, int rows, int cols, float[] bias);

    /** y[r, c] += bias[c], in place, for {@code rows} rows of {@code cols} values from {@code yo}. */
    void bias(float[] y, int yo, int rows, int cols, float[] bias);

    /** x[i] *= alpha, in place (a row of a gradient scaled by its particle's weight). */
    void scale(float alpha, float[] x, int xo, int n);

    /** tanh's backward from its output y: g[i] *= 1 − y[i]², in place. */
    void tanhBackward(float[] g, int go, float[] y, int yo, int n);

    /**
     * One row of the Bernoulli log-likelihood with logits l and targets x, forward and backward in one
     * pass: returns Σ_i (x_i l_i − softplus(l_i)) and overwrites l with its gradient x − σ(l).
     */
    float bernoulliLogLikelihood(float[] l, int lo, float[] x, int xo, int n);
}
