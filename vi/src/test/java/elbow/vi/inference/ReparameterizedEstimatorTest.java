package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The pathwise estimators on {@link ConjugateNormal}, whose ELBO gradient and posterior are exact. */
class ReparameterizedEstimatorTest {
    private static LogJoint model() { return ConjugateNormal.model(); }

    private static MeanField family(double m, double s) { return ConjugateNormal.family(m, s); }

    @Test
    void bothAreUnbiased() {
        double m = -0.5, s = 0.8;
        double[] exact = ConjugateNormal.elboGradient(m, s);
        for (ElboEstimator est : new ElboEstimator[] {ReparameterizedEstimator.standard(), ReparameterizedEstimator.stl()}) {
            Rng rng = new Rng(11);
            int reps = 300;
            double[] sum = new double[2], sumSq = new double[2];
            for (int r = 0; r < reps; r++) {
                ElboEstimate e = est.estimate(model(), family(m, s), 10, rng);
                for (int d = 0; d < 2; d++) {
                    double g = e.gradient().get(0).getFlat(d);
                    sum[d] += g;
                    sumSq[d] += g * g;
                }
            }
            for (int d = 0; d < 2; d++) {
                double mean = sum[d] / reps, se = Math.sqrt((sumSq[d] / reps - mean * mean) / (reps - 1));
                assertTrue(Math.abs(mean - exact[d]) < 4.5 * se + 1e-9, est.name() + " coordinate " + d + ": " + mean + " ± " + se + " vs " + exact[d]);
            }
        }
    }

    @Test
    void stlHasZeroVarianceAtThePosteriorAndTheStandardGradientDoesNot() {
        double m = ConjugateNormal.POSTERIOR_MEAN, s = ConjugateNormal.POSTERIOR_SD;
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(model(), family(m, s), 64, new Rng(5));
        ElboEstimate standard = ReparameterizedEstimator.standard().estimate(model(), family(m, s), 64, new Rng(5));
        // At q = posterior, log p(x, z) − log q(z) = log p(x) for every z: the path term vanishes per sample.
        for (int i = 0; i < stl.perSample().get(0).size(); i++) assertEquals(0.0, stl.perSample().get(0).getFlat(i), 1e-9);
        assertTrue(standard.variance() > 1e-3, "the score term makes the standard estimator noisy: " + standard.variance());
        // and every sample's ELBO term equals log p(X) exactly
        assertEquals(ConjugateNormal.LOG_EVIDENCE, stl.elbo(), 1e-9);
    }

    @Test
    void pathAndScoreTermsSplitTheStandardGradient() {
        // standard = STL + score term, where the score term is ∇λ log q(z; λ) with z held fixed: checked per sample.
        MeanField q = family(0.2, 0.5);
        ElboEstimate standard = ReparameterizedEstimator.standard().estimate(model(), q, 16, new Rng(9));
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(model(), q, 16, new Rng(9));
        Rng rng = new Rng(9);
        Var rep = MeanField.replicate(q.parameters().get(0), 16);
        Var z = Var.constant(q.factor("mu").builder().apply(rep).rsample(rng).value());
        Var logQ = q.factor("mu").builder().apply(rep).logProb(z).sum();
        double[] score = elbow.autograd.Tape.grad(logQ, rep)[0].toDoubleArray();
        for (int i = 0; i < score.length; i++) {
            // the ELBO's gradient contains −∇ log q, so standard = stl − score
            assertEquals(standard.perSample().get(0).getFlat(i), stl.perSample().get(0).getFlat(i) - score[i], 1e-9);
        }
    }
}
