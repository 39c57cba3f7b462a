package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** The Gamma's average NLL, its gradient and the MLE (assignment 1AD, question 2.2.17). */
class GammaLikelihoodTest {
    /** The experiment's data: N = 1000 draws from Gamma(shape 3, scale 2). */
    static double[] sample(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 2 * rng.gamma(3);
        return x;
    }

    private final double[] x = sample(1000, 1);
    private final GammaLikelihood lik = new GammaLikelihood(x);

    @Property(tries = 30)
    void nllIsTheAverageOfTheLogDensitiesAndItsGradientThatOfTheTape(@ForAll @DoubleRange(min = 0.1, max = 20) double alpha, @ForAll @DoubleRange(min = 0.1, max = 20) double beta) {
        double direct = 0;
        for (double v : x) direct -= GammaFamily.logDensity(v, alpha, beta);
        direct /= x.length;
        assertEquals(direct, lik.nll(alpha, beta), 1e-12 * Math.max(1, Math.abs(direct)));
        Var a = Var.param(Tensor.of(alpha)), b = Var.param(Tensor.of(beta));
        Var l = lik.nll(a, b);
        assertEquals(lik.nll(alpha, beta), l.item(), 1e-12 * Math.max(1, Math.abs(direct)));
        l.backward();
        double[] g = lik.gradient(alpha, beta);
        assertEquals(a.grad().item(), g[0], 1e-12 * (1 + Math.abs(g[0])));
        assertEquals(b.grad().item(), g[1], 1e-12 * (1 + Math.abs(g[1])));
    }

    @Test
    void nllPassesTheGradientCheck() {
        GradCheck.assertGradients(p -> lik.nll(p[0], p[1]), Tensor.of(0.5), Tensor.of(10.0));
        GradCheck.assertGradients(p -> lik.nll(p[0], p[1]), Tensor.of(3.0), Tensor.of(2.0));
    }

    @Test
    void mleSolvesTheScoreEquationsToRounding() {
        double[] mle = lik.mle();
        double[] g = lik.gradient(mle[0], mle[1]);
        assertEquals(0, g[0], 1e-14);
        assertEquals(0, g[1], 1e-14);
        // An independent solution of log α − ψ(α) = s by bisection, to the last bit.
        double s = Math.log(lik.mean()) - lik.meanLog(), lo = 1e-3, hi = 1e3;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (Math.log(mid) - Special.digamma(mid) > s) lo = mid;
            else hi = mid;
        }
        assertEquals(0.5 * (lo + hi), mle[0], 1e-12 * mle[0]);
        assertEquals(lik.mean() / mle[0], mle[1], 1e-12 * mle[1]);
        double best = lik.nll(mle[0], mle[1]);
        for (double d : new double[] {-1e-4, 1e-4}) {
            assertTrue(lik.nll(mle[0] * (1 + d), mle[1]) > best);
            assertTrue(lik.nll(mle[0], mle[1] * (1 + d)) > best);
        }
    }

    @Test
    void mleIsNearTheTruthWithinItsSamplingError() {
        double[] mle = lik.mle();
        // Asymptotically (α̂, β̂) ~ N((α*, β*), F⁻¹(α*, β*)/N); 4 sd.
        double[][] inv = GammaFisher.inverse(3, 2);
        assertEquals(3, mle[0], 4 * Math.sqrt(inv[0][0] / x.length));
        assertEquals(2, mle[1], 4 * Math.sqrt(inv[1][1] / x.length));
    }

    @Test
    void mleConvergesFromExtremeShapes() {
        // Small shapes (s large) and large shapes (s tiny) both reach the root.
        for (double shape : new double[] {0.05, 0.5, 50, 2000}) {
            Rng rng = new Rng(3);
            double[] y = new double[5000];
            for (int i = 0; i < y.length; i++) y[i] = rng.gamma(shape) + 1e-300;
            GammaLikelihood l = new GammaLikelihood(y);
            double[] mle = l.mle();
            double[] g = l.gradient(mle[0], mle[1]);
            assertArrayEquals(new double[] {0, 0}, new double[] {g[0], g[1] * mle[1]}, 1e-10, "shape " + shape);
            assertEquals(shape, mle[0], 0.1 * shape, "shape " + shape);
        }
    }

    @Test
    void rejectsDataWithoutAnMle() {
        assertThrows(IllegalArgumentException.class, () -> new GammaLikelihood(new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> new GammaLikelihood(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new GammaLikelihood(new double[] {2, 2, 2}).mle());
    }
}
