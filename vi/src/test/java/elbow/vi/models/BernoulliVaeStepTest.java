package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.amortized.AmortizedObjective.Bound;
import elbow.vi.amortized.AmortizedObjective.Estimate;
import elbow.vi.inference.PathwiseGradient;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fused step against the tape ({@link AmortizedObjective#estimate}) on the same model, batch and
 * random numbers: both bounds, every gradient estimator, one and several particles, widths that are
 * not multiples of the vector width. Both run in float32, so they agree to rounding, not bit for bit.
 */
class BernoulliVaeStepTest {
    private static Tensor images(int b, int pixels, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[b * pixels];
        for (int i = 0; i < x.length; i++) x[i] = r.bernoulli(0.3) ? 1f : 0f;
        return Tensor.wrap(x, b, pixels);
    }

    /** max |a − b| over the tensor, relative to max |a| (the tape's gradient). */
    private static double relativeError(Tensor tape, Tensor fused) {
        double max = 0, diff = 0;
        for (int i = 0; i < tape.size(); i++) {
            max = Math.max(max, Math.abs(tape.getFlat(i)));
            diff = Math.max(diff, Math.abs(tape.getFlat(i) - fused.getFlat(i)));
        }
        return diff / Math.max(max, 1e-6);
    }

    @Property(tries = 30)
    void sameBoundsAndGradientsAsTheTape(@ForAll Bound bound, @ForAll PathwiseGradient gradient, @ForAll @IntRange(min = 1, max = 5) int k,
                                         @ForAll @IntRange(min = 1, max = 4) int b, @ForAll long seed) {
        BernoulliVae model = new BernoulliVae(37, 21, 5, DType.F32, new Rng(seed));
        AmortizedObjective objective = new AmortizedObjective(bound, gradient, k);
        Tensor x = images(b, 37, seed + 1);
        Estimate tape = objective.estimate(model, x, new Rng(seed + 2));
        Estimate fused = new BernoulliVaeStep(model, objective).estimate(x, new Rng(seed + 2));
        assertEquals(tape.elbo(), fused.elbo(), 1e-4 * (1 + Math.abs(tape.elbo())), "ELBO");
        assertEquals(tape.iwelbo(), fused.iwelbo(), 1e-4 * (1 + Math.abs(tape.iwelbo())), "IWELBO");
        for (int i = 0; i < tape.logWeights().size(); i++) {
            assertEquals(tape.logWeights().getFlat(i), fused.logWeights().getFlat(i), 1e-4 * (1 + Math.abs(tape.logWeights().getFlat(i))), "log w " + i);
        }
        List<String> names = AmortizedObjective.parameters(model).stream().map(p -> p.name()).toList();
        for (int i = 0; i < names.size(); i++) {
            double err = relativeError(tape.gradients().get(i), fused.gradients().get(i));
            assertTrue(err < 2e-3, objective.name() + ": gradient of " + names.get(i) + " differs by " + err + " (relative to its largest entry)");
        }
    }

    @Property(tries = 20)
    void fusedEvaluationDrawsTheTapesParticlesAndGivesItsLogWeights(@ForAll @IntRange(min = 1, max = 7) int k, @ForAll @IntRange(min = 1, max = 4) int b,
                                                                  @ForAll long seed) {
        BernoulliVae model = new BernoulliVae(37, 21, 5, DType.F32, new Rng(seed));
        Tensor x = images(b, 37, seed + 1);
        Tensor fused = model.logWeights(x, k, new Rng(seed + 2));
        Tensor tape;
        try (elbow.autograd.NoGrad off = elbow.autograd.NoGrad.enter()) {
            elbow.autograd.Var items = elbow.autograd.Var.constant(x);
            elbow.vi.distributions.Distribution q = model.posterior(model.encode(items));
            elbow.autograd.Var z = q.rsample(new Rng(seed + 2), k);
            tape = model.logJoint(items, z).sub(q.logProb(z)).value();
        }
        assertEquals(k, fused.dim(0));
        assertEquals(b, fused.dim(1));
        for (int i = 0; i < tape.size(); i++) {
            assertEquals(tape.getFlat(i), fused.getFlat(i), 1e-4 * (1 + Math.abs(tape.getFlat(i))), "log w " + i);
        }
    }

    @Test
    void reusesItsBuffersAndHandlesASmallerLastBatch() {
        BernoulliVae model = new BernoulliVae(37, 21, 5, DType.F32, new Rng(3));
        AmortizedObjective objective = new AmortizedObjective(Bound.IWELBO, PathwiseGradient.DREG, 3);
        BernoulliVaeStep step = new BernoulliVaeStep(model, objective);
        Estimate first = step.estimate(images(4, 37, 1), new Rng(1));
        Estimate second = step.estimate(images(4, 37, 2), new Rng(2));
        assertSame(first.gradients().get(0), second.gradients().get(0), "gradient tensors are reused between steps");
        Tensor last = images(2, 37, 3);
        Estimate small = step.estimate(last, new Rng(4));
        Estimate tape = objective.estimate(model, last, new Rng(4));
        assertEquals(2, small.logWeights().dim(1));
        for (int i = 0; i < tape.gradients().size(); i++) assertTrue(relativeError(tape.gradients().get(i), small.gradients().get(i)) < 2e-3, "parameter " + i);
    }

    @Test
    void negligibleWeightsAreExactZeros() {
        assertEquals(1.0, BernoulliVaeStep.normalisedWeight(3.5, 3.5));
        assertEquals(Math.exp(-40), BernoulliVaeStep.normalisedWeight(-40, 0), 1e-30);
        // e^-45 < 2^-64: as a float32 gradient factor it would be 0 or subnormal downstream
        assertEquals(0.0, BernoulliVaeStep.normalisedWeight(-45, 0));
        assertEquals(0.0, BernoulliVaeStep.normalisedWeight(-900, 0));
    }

    /** Large decoder weights spread the log-weights over hundreds of nats: most weights flush to 0. */
    @Property(tries = 10)
    void widelySpreadWeightsStillMatchTheTape(@ForAll PathwiseGradient gradient, @ForAll long seed) {
        BernoulliVae model = new BernoulliVae(37, 21, 5, DType.F32, new Rng(seed));
        for (Parameter p : model.parameters()) {
            if (!p.name().startsWith("decoder.")) continue;
            float[] v = p.value().data32();
            for (int i = 0; i < v.length; i++) v[i] *= 8f;
        }
        AmortizedObjective objective = new AmortizedObjective(Bound.IWELBO, gradient, 7);
        Tensor x = images(3, 37, seed + 1);
        Estimate tape = objective.estimate(model, x, new Rng(seed + 2));
        double spread = 0;
        for (int j = 0; j < 3; j++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 7; k++) {
                lo = Math.min(lo, tape.logWeights().get(k, j));
                hi = Math.max(hi, tape.logWeights().get(k, j));
            }
            spread = Math.max(spread, hi - lo);
        }
        // Most seeds spread them over 45 nats or more (some weights then flush to 0); the few that do
        // not test nothing new here and are discarded (seen in CI: 37 and 43 nats).
        Assume.that(spread > 45);
        Estimate fused = new BernoulliVaeStep(model, objective).estimate(x, new Rng(seed + 2));
        for (int i = 0; i < tape.gradients().size(); i++) {
            double err = relativeError(tape.gradients().get(i), fused.gradients().get(i));
            assertTrue(err < 2e-3, "parameter " + i + " differs by " + err);
        }
    }

    @Test
    void aDivergedEncoderGivesNoGradients() {
        BernoulliVae model = new BernoulliVae(37, 21, 5, DType.F32, new Rng(3));
        model.parameters().get(5).value().data32()[0] = Float.NaN; // mean.bias
        Estimate e = new BernoulliVaeStep(model, new AmortizedObjective(Bound.ELBO, PathwiseGradient.STANDARD, 1)).estimate(images(2, 37, 1), new Rng(1));
        assertFalse(e.isFinite());
    }

    @Test
    void rejectsFloat64ModelsAndMisshapenBatches() {
        AmortizedObjective objective = new AmortizedObjective(Bound.ELBO, PathwiseGradient.STANDARD, 1);
        IllegalArgumentException f64 = assertThrows(IllegalArgumentException.class, () -> new BernoulliVaeStep(new BernoulliVae(6, 5, 3, DType.F64, new Rng(1)), objective));
        assertTrue(f64.getMessage().contains("float32"), f64.getMessage());
        BernoulliVaeStep step = new BernoulliVaeStep(new BernoulliVae(6, 5, 3, DType.F32, new Rng(1)), objective);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> step.estimate(Tensor.zeros(DType.F32, 2, 7), new Rng(1)));
        assertTrue(shape.getMessage().contains("[2, 7]") && shape.getMessage().contains("6"), shape.getMessage());
        assertNotNull(step.parameters());
    }
}
