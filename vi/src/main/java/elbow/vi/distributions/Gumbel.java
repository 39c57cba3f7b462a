package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * Gumbel(loc μ, scale β), the law of the maximum (event shape []); the noise of the Gumbel-max trick.
 *
 * <pre>
 *   z = (x − μ)/β,   log p(x) = −log β − z − e^(−z)
 *   E[x] = μ + γβ,   Var[x] = π²β²/6,   H = log β + γ + 1      (γ the Euler–Mascheroni constant)
 *   rsample:  x = μ + β·g,  g = −log(−log u) ~ Gumbel(0, 1)
 * </pre>
 */
public final class Gumbel implements Distribution {
    /** The Euler–Mascheroni constant γ. */
    public static final double EULER_GAMMA = 0.57721566490153286061;

    private final Var loc, scale;
    private final int[] batchShape;
    private final DType dtype;

    /** Validates: β &gt; 0 and finite, μ finite. */
    public Gumbel(Var loc, Var scale) {
        this(loc, scale, true);
    }

    private Gumbel(Var loc, Var scale, boolean validate) {
        String[] names = {"loc", "scale"};
        this.dtype = Checks.sameDType("Gumbel", names, loc, scale);
        this.batchShape = Checks.broadcast("Gumbel", names, loc, scale);
        if (validate) {
            Checks.finite("Gumbel", "loc", loc);
            Checks.positive("Gumbel", "scale", scale);
        }
        this.loc = loc;
        this.scale = scale;
    }

    /** A float64 scalar Gumbel with constant parameters. */
    public static Gumbel of(double loc, double scale) {
        return new Gumbel(Checks.constant(loc, DType.F64), Checks.constant(scale, DType.F64));
    }

    public Var loc() { return loc; }
    public Var scale() { return scale; }

    @Override public int[] batchShape() { return batchShape.clone(); }
    @Override public int[] eventShape() { return Shape.SCALAR.clone(); }
    @Override public DType dtype() { return dtype; }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return Checks.withoutGradient(() -> rsample(rng, sampleShape));
    }

    @Override public boolean hasRsample() { return true; }

    @Override
    public Var rsample(Rng rng, int... sampleShape) {
        Checks.sampleShape(name(), sampleShape);
        return Var.constant(rng.gumbel(dtype, shape(sampleShape))).mul(scale).add(loc);
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        Var z = value.sub(loc).div(scale);
        return z.add(z.neg().exp()).add(scale.log()).neg();
    }

    @Override
    public Var entropy() {
        return Checks.expand(scale.log().add(EULER_GAMMA + 1), batchShape);
    }

    @Override
    public Var mean() {
        return Checks.expand(loc.add(scale.mul(EULER_GAMMA)), batchShape);
    }

    @Override
    public Var variance() {
        return Checks.expand(scale.square().mul(Math.PI * Math.PI / 6), batchShape);
    }

    @Override
    public Gumbel detach() {
        return new Gumbel(loc.detach(), scale.detach(), false);
    }

    @Override
    public String toString() {
        return "Gumbel(batch " + Shape.str(batchShape) + ", " + dtype + ")";
    }
}
