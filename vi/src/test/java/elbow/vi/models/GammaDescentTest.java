package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.vi.models.GammaDescent.Iterate;
import elbow.vi.models.GammaDescent.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient against natural-gradient descent on the Gamma's NLL (assignment 1AD, question 2.2.18). */
class GammaDescentTest {
    private final GammaLikelihood lik = new GammaLikelihood(GammaLikelihoodTest.sample(1000, 1));
    private final double[] mle = lik.mle();
    private final double best = lik.nll(mle[0], mle[1]);

    @Test
    void naturalGradientReachesTheMleInFarFewerIterations() {
        // The experiment's defaults: start (0.5, 10), step 1 for both methods.
        List<Iterate> gd = new GammaDescent(lik, Method.GRADIENT, 1).run(0.5, 10, 3000);
        List<Iterate> ngd = new GammaDescent(lik, Method.NATURAL_GRADIENT, 1).run(0.5, 10, 3000);
        int tGd = GammaDescent.iterationsToReach(gd, best, 1e-6), tNgd = GammaDescent.iterationsToReach(ngd, best, 1e-6);
        assertTrue(tNgd > 0 && tNgd <= 20, "natural gradient took " + tNgd);
        assertTrue(tGd > 10 * tNgd, "gradient descent took " + tGd + ", natural gradient " + tNgd);
        Iterate last = ngd.get(ngd.size() - 1);
        assertEquals(mle[0], last.alpha(), 1e-8 * mle[0]);
        assertEquals(mle[1], last.beta(), 1e-8 * mle[1]);
    }

    @Test
    void naturalGradientWithUnitStepConvergesSuperlinearlyNearTheMle() {
        // F is the expected Hessian; at the MLE it equals the NLL's Hessian, so NGD with step 1 is
        // Fisher scoring: the gap to the minimum shrinks faster than geometrically.
        GammaDescent ngd = new GammaDescent(lik, Method.NATURAL_GRADIENT, 1);
        Iterate it = ngd.start(mle[0] * 1.05, mle[1] * 0.97);
        double gap = it.nll() - best, ratio = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 3; t++) {
            it = ngd.step(it);
            double next = it.nll() - best;
            assertTrue(next / gap < ratio, "the contraction did not improve at step " + t);
            ratio = next / gap;
            gap = next;
        }
        assertTrue(gap < 1e-12, "gap " + gap);
    }

    @Test
    void everyIterateStaysInThePositiveQuadrantEvenWithHugeSteps() {
        for (Method method : Method.values()) {
            for (double lr : new double[] {1, 5, 50, 1e4}) {
                List<Iterate> path = new GammaDescent(lik, method, lr).run(0.5, 10, 200);
                int halvings = 0;
                for (Iterate it : path) {
                    assertTrue(it.alpha() > 0 && it.beta() > 0, method + " lr " + lr + " left the quadrant at " + it);
                    assertTrue(Double.isFinite(it.nll()), method + " lr " + lr + ": " + it);
                    halvings += it.halvings();
                }
                if (lr >= 50) assertTrue(halvings > 0, method + " at lr " + lr + " should have needed step halving");
            }
        }
    }

    @Test
    void halvingOnlyShortensTheStepThatWouldLeaveTheQuadrant() {
        GammaDescent gd = new GammaDescent(lik, Method.GRADIENT, 100);
        // At (10, 10) the gradient in α is about +2.9: a step of 100 would land near α = −280.
        Iterate from = gd.start(10, 10);
        double[] d = gd.direction(10, 10);
        Iterate to = gd.step(from);
        double rho = 100 / Math.pow(2, to.halvings());
        assertEquals(10 - rho * d[0], to.alpha(), 1e-13);
        assertEquals(10 - rho * d[1], to.beta(), 1e-13);
        // One halving fewer would have left the quadrant.
        assertTrue(to.halvings() > 0);
        assertTrue(10 - 2 * rho * d[0] <= 0 || 10 - 2 * rho * d[1] <= 0);
    }

    @Test
    void directionsAreTheGradientAndTheNaturalGradient() {
        double[] g = lik.gradient(1.3, 4);
        double[] ng = GammaFisher.naturalGradient(1.3, 4, g);
        double[] dg = new GammaDescent(lik, Method.GRADIENT, 1).direction(1.3, 4), dn = new GammaDescent(lik, Method.NATURAL_GRADIENT, 1).direction(1.3, 4);
        assertEquals(g[0], dg[0]);
        assertEquals(g[1], dg[1]);
        assertEquals(ng[0], dn[0]);
        assertEquals(ng[1], dn[1]);
    }
}
