package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;

/**
 * Parameter initialisers. Each draws from the given {@link Rng} in row-major order, so a model built
 * from the same seed is the same model, bit for bit, on every machine and thread count.
 */
public final class Init {
    private Init() {}

    /**
     * Glorot and Bengio (2010, eq. 16), the initialisation of Burda et al.'s VAE and IWAE: uniform on
     * [−a, a] with a = √(6 / (fanIn + fanOut)), which keeps the variance of activations and of
     * back-propagated gradients about equal across layers of tanh units.
     */
    public static Tensor glorotUniform(Rng rng, DType dtype, int fanIn, int fanOut, int... shape) {
        checkFans(fanIn, fanOut);
        return uniform(rng, dtype, Math.sqrt(6.0 / (fanIn + fanOut)), shape);
    }

    /** Glorot's normal variant: N(0, 2 / (fanIn + fanOut)), the same variance as {@link #glorotUniform}. */
    public static Tensor glorotNormal(Rng rng, DType dtype, int fanIn, int fanOut, int... shape) {
        checkFans(fanIn, fanOut);
        return normal(rng, dtype, Math.sqrt(2.0 / (fanIn + fanOut)), shape);
    }

    /** Uniform on [−limit, limit]. */
    public static Tensor uniform(Rng rng, DType dtype, double limit, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, limit * (2.0 * rng.uniform() - 1.0));
        return t;
    }

    /** N(0, std²). */
    public static Tensor normal(Rng rng, DType dtype, double std, int... shape) {
        Tensor t = Tensor.zeros(dtype, shape);
        for (int i = 0; i < t.size(); i++) t.setFlat(i, std * rng.normal());
        return t;
    }

    private static void checkFans(int fanIn, int fanOut) {
        if (fanIn <= 0 || fanOut <= 0 || (long) fanIn + fanOut > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Glorot initialisation needs positive fan-in and fan-out, got " + fanIn + " and " + fanOut);
        }
    }
}
