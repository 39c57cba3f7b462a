package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The importance-weighted bound on {@link ConjugateNormal}, whose evidence is exact. */
class ImportanceWeightedEstimatorTest {
    private static final double LOG_EVIDENCE = ConjugateNormal.LOG_EVIDENCE;

    private static LogJoint model() { return ConjugateNormal.model(); }

    private static MeanField family(double m, double s) { return ConjugateNormal.family(m, s); }

    @Test
    void boundIsBelowTheEvidenceAboveTheElboAndGrowsWithK() {
        // A poor q (too narrow, off-centre), so that the bounds are well separated: the gaps between
        // them are far larger than the Monte Carlo error of 4000 particle sets.
        MeanField q = family(0.2, 0.15);
        double previous = Double.NEGATIVE_INFINITY;
        for (int k : new int[] {1, 4, 16, 64}) {
            ElboEstimate e = new ImportanceWeightedEstimator(k, PathwiseGradient.STANDARD).estimate(model(), q, 4000, new Rng(k));
            assertTrue(e.elbo() < LOG_EVIDENCE, "L_" + k + " = " + e.elbo() + " above log p(X) = " + LOG_EVIDENCE);
            assertTrue(e.elbo() > previous, "L_" + k + " = " + e.elbo() + " not above the bound with fewer particles, " + previous);
            previous = e.elbo();
        }
        // K = 1 is the ELBO: same estimate as the reparameterized estimator from the same random numbers.
        ElboEstimate iw1 = new ImportanceWeightedEstimator(1, PathwiseGradient.STANDARD).estimate(model(), q, 100, new Rng(3));
        ElboEstimate elbo = ReparameterizedEstimator.standard().estimate(model(), q, 100, new Rng(3));
        assertEquals(elbo.elbo(), iw1.elbo(), 1e-9);
        for (int i = 0; i < 2; i++) assertEquals(elbo.gradient().get(0).getFlat(i), iw1.gradient().get(0).getFlat(i), 1e-9);
        // and with K = 1 both STL and DReG are Sticking the Landing
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(model(), q, 100, new Rng(3));
        for (PathwiseGradient g : new PathwiseGradient[] {PathwiseGradient.STL, PathwiseGradient.DREG}) {
            ElboEstimate iw = new ImportanceWeightedEstimator(1, g).estimate(model(), q, 100, new Rng(3));
            for (int i = 0; i < 2; i++) assertEquals(stl.gradient().get(0).getFlat(i), iw.gradient().get(0).getFlat(i), 1e-9, g.label());
        }
    }

    @Test
    void dregAndStandardGradientsAgreeInExpectationAndDregIsQuieter() {
        MeanField q = family(0.5, 0.5);
        int k = 32, reps = 200;
        double[][] sum = new double[2][2], sumSq = new double[2][2];
        ImportanceWeightedEstimator[] ests = {
            new ImportanceWeightedEstimator(k, PathwiseGradient.STANDARD),
            new ImportanceWeightedEstimator(k, PathwiseGradient.DREG)};
        double[] variance = new double[2];
        for (int e = 0; e < 2; e++) {
            Rng rng = new Rng(17);
            for (int r = 0; r < reps; r++) {
                ElboEstimate est = ests[e].estimate(model(), q, 8, rng);
                variance[e] += est.variance() / reps;
                for (int d = 0; d < 2; d++) {
                    double g = est.gradient().get(0).getFlat(d);
                    sum[e][d] += g;
                    sumSq[e][d] += g * g;
                }
            }
        }
        for (int d = 0; d < 2; d++) {
            double m0 = sum[0][d] / reps, m1 = sum[1][d] / reps;
            double v0 = (sumSq[0][d] / reps - m0 * m0) / (reps - 1), v1 = (sumSq[1][d] / reps - m1 * m1) / (reps - 1);
            assertEquals(m0, m1, 4.5 * Math.sqrt(v0 + v1), "coordinate " + d);
        }
        assertTrue(variance[1] < 0.5 * variance[0], "DReG variance " + variance[1] + " vs standard " + variance[0]);
    }

    @Test
    void atThePosteriorEveryWeightIsTheEvidenceAndDregIsExactlyZero() {
        MeanField q = family(ConjugateNormal.POSTERIOR_MEAN, ConjugateNormal.POSTERIOR_SD);
        ElboEstimate e = new ImportanceWeightedEstimator(8, PathwiseGradient.DREG).estimate(model(), q, 16, new Rng(2));
        assertEquals(LOG_EVIDENCE, e.elbo(), 1e-9);
        for (int i = 0; i < e.perSample().get(0).size(); i++) assertEquals(0.0, e.perSample().get(0).getFlat(i), 1e-9);
    }
}
