package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

/**
 * Normal(loc μ, scale σ), elementwise over the broadcast shape of μ and σ (event shape []).
 *
 * <pre>
 *   log p(x) = −(x − μ)²/(2σ²) − log σ − ½ log 2π,   H = ½ + ½ log 2π + log σ
 *   rsample:  x = μ + σ·ε,  ε ~ N(0, 1)
 * </pre>
 */
public final class Normal implements Distribution {
    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private final Var loc, scale;
    private final int[] batchShape;
    private final DType dtype;

    /** Validates: σ &gt; 0 and finite, μ finite, one dtype, broadcastable shapes. */
    public Normal(Var loc, Var scale) {
        this(loc, scale, true);
    }

    private Normal(Var loc, Var scale, boolean validate) {
        String[] names = {"loc", "scale"};
        this.dtype = Checks.sameDType("Normal", names, loc, scale);
        this.batchShape = Checks.broadcast("Normal", names, loc, scale);
        if (validate) {
            Checks.finite("Normal", "loc", loc);
            Checks.positive("Normal", "scale", scale);
        }
        this.loc = loc;
        this.scale = scale;
    }

    /** A float64 scalar Normal with constant parameters. */
    public static Normal of(double loc, double scale) {
        return new Normal(Checks.constant(loc, DType.F64), Checks.constant(scale, DType.F64));
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
        Var eps = Var.constant(rng.normal(dtype, shape(sampleShape)));
        return eps.mul(scale).add(loc);
    }

    @Override
    public Var logProb(Var value) {
        Checks.value(this, value, "logProb");
        Var z = value.sub(loc).div(scale);
        return z.square().mul(-0.5).sub(scale.log()).sub(HALF_LOG_2PI);
    }

    @Override
    public Var entropy() {
        return Checks.expand(scale.log().add(0.5 + HALF_LOG_2PI), batchShape);
    }

    @Override
    public Var mean() {
        return Checks.expand(loc, batchShape);
    }

    @Override
    public Var variance() {
        return Checks.expand(scale.square(), batchShape);
    }

    @Override
    public Normal detach() {
        return new Normal(loc.detach(), scale.detach(), false);
    }

    @Override
    public String toString() {
        return "Normal(batch " + Shape.str(batchShape) + ", " + dtype + ")";
    }
}
