package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import elbow.autograd.GradCheck;
import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.junit.jupiter.api.Test;

/** The Gamma's exponential-family form in shape–scale (assignment 1AD, question 2.2.14). */
class GammaFamilyTest {
    @Property(tries = 50)
    void densityIsTheExponentialFamilyForm(@ForAll @DoubleRange(min = 0.1, max = 40) double alpha, @ForAll @DoubleRange(min = 0.05, max = 20) double beta,
                                           @ForAll @DoubleRange(min = 0.01, max = 50) double x) {
        double[] eta = GammaFamily.natural(alpha, beta), t = GammaFamily.sufficientStatistics(x);
        double expForm = eta[0] * t[0] + eta[1] * t[1] - GammaFamily.logNormaliser(eta); // h(x) = 1
        double reference = GammaDistribution.of(alpha, beta).logDensity(x); // Commons Statistics: shape, scale
        assertEquals(reference, expForm, 1e-10 * Math.max(1, Math.abs(reference)));
        assertEquals(reference, GammaFamily.logDensity(x, alpha, beta), 1e-10 * Math.max(1, Math.abs(reference)));
        assertArrayEquals(new double[] {alpha, beta}, GammaFamily.shapeScale(eta), 1e-14 * Math.max(alpha, beta));
    }

    @Property(tries = 30)
    void gradientOfTheLogNormaliserIsTheTapes(@ForAll @DoubleRange(min = -0.9, max = 30) double eta1, @ForAll @DoubleRange(min = -20, max = -0.05) double eta2) {
        Var eta = Var.param(Tensor.of(eta1, eta2));
        GammaFamily.logNormaliser(eta).backward();
        double[] closed = GammaFamily.gradLogNormaliser(new double[] {eta1, eta2});
        assertArrayEquals(closed, eta.grad().toDoubleArray(), 1e-12 * (1 + Math.abs(closed[0]) + Math.abs(closed[1])));
        assertEquals(GammaFamily.logNormaliser(new double[] {eta1, eta2}), GammaFamily.logNormaliser(Var.constant(Tensor.of(eta1, eta2))).item(), 1e-12);
    }

    @Test
    void logNormaliserPassesTheGradientCheck() {
        GradCheck.assertGradients(e -> GammaFamily.logNormaliser(e[0]), Tensor.of(2.0, -0.5));
        GradCheck.assertGradients(e -> GammaFamily.logNormaliser(e[0]), Tensor.of(-0.5, -0.1));
    }

    @Property(tries = 30)
    void fisherInNaturalParametersIsTheHessianOfTheLogNormaliser(@ForAll @DoubleRange(min = -0.8, max = 20) double eta1, @ForAll @DoubleRange(min = -10, max = -0.1) double eta2) {
        double[] eta = {eta1, eta2};
        double[][] f = GammaFamily.fisherNatural(eta);
        // Central differences of the closed-form ∇A, column by column.
        for (int j = 0; j < 2; j++) {
            double h = 1e-5 * Math.max(1, Math.abs(eta[j]));
            double[] plus = eta.clone(), minus = eta.clone();
            plus[j] += h;
            minus[j] -= h;
            double[] gp = GammaFamily.gradLogNormaliser(plus), gm = GammaFamily.gradLogNormaliser(minus);
            for (int i = 0; i < 2; i++) {
                double numeric = (gp[i] - gm[i]) / (2 * h);
                assertEquals(numeric, f[i][j], 1e-6 * (1 + Math.abs(numeric)), "F(η)[" + i + "][" + j + "]");
            }
        }
        assertEquals(f[0][1], f[1][0]);
    }

    @Test
    void gradientOfTheLogNormaliserIsTheMeanAndItsHessianTheCovarianceOfTheStatistics() {
        double alpha = 3, beta = 2;
        double[] eta = GammaFamily.natural(alpha, beta);
        Rng rng = new Rng(21);
        int m = 400_000;
        double[] s = new double[2];
        double[][] ss = new double[2][2];
        for (int i = 0; i < m; i++) {
            double[] t = GammaFamily.sufficientStatistics(beta * rng.gamma(alpha));
            for (int a = 0; a < 2; a++) {
                s[a] += t[a];
                for (int b = 0; b < 2; b++) ss[a][b] += t[a] * t[b];
            }
        }
        double[] grad = GammaFamily.gradLogNormaliser(eta);
        double[][] f = GammaFamily.fisherNatural(eta);
        for (int a = 0; a < 2; a++) {
            double mean = s[a] / m, var = ss[a][a] / m - mean * mean;
            // E[t] to within 5 standard errors of the sample mean.
            assertEquals(grad[a], mean, 5 * Math.sqrt(var / m), "E[t_" + a + "]");
            for (int b = 0; b < 2; b++) {
                double cov = ss[a][b] / m - (s[a] / m) * (s[b] / m);
                // A sample covariance's relative error is about √(2/m)·(a few): 2 % is over 5 of them here.
                assertEquals(f[a][b], cov, 0.02 * Math.sqrt(f[a][a] * f[b][b]), "Cov[t_" + a + ", t_" + b + "]");
            }
        }
    }

    @Test
    void rejectsParametersOutsideTheirDomains() {
        assertThrows(IllegalArgumentException.class, () -> GammaFamily.natural(0, 1));
        assertThrows(IllegalArgumentException.class, () -> GammaFamily.natural(1, -1));
        assertThrows(IllegalArgumentException.class, () -> GammaFamily.logNormaliser(new double[] {-1, -1}));
        assertThrows(IllegalArgumentException.class, () -> GammaFamily.gradLogNormaliser(new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> GammaFamily.sufficientStatistics(0));
    }
}
