package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.tensor.Rng;
import elbow.vi.special.Special;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** F(α, β) and F⁻¹(α, β) of the Gamma in shape–scale (assignment 1AD, questions 2.2.15–2.2.16). */
class GammaFisherTest {
    @Property(tries = 100)
    void fisherIsTheNaturalFisherPulledBackThroughTheJacobian(@ForAll @DoubleRange(min = 0.05, max = 200) double alpha, @ForAll @DoubleRange(min = 0.01, max = 100) double beta) {
        double[][] j = GammaFamily.jacobian(alpha, beta), fEta = GammaFamily.fisherNatural(GammaFamily.natural(alpha, beta));
        double[][] pulled = multiply(transpose(j), multiply(fEta, j));
        double[][] f = GammaFisher.fisher(alpha, beta);
        // The SPEC's closed form, written out here: [[ψ'(α), 1/β], [1/β, α/β²]].
        double[][] spec = {{Special.trigamma(alpha), 1 / beta}, {1 / beta, alpha / (beta * beta)}};
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(spec[a][b], f[a][b], 1e-14 * Math.abs(spec[a][b]));
                assertEquals(spec[a][b], pulled[a][b], 1e-13 * Math.abs(spec[a][b]), "Jᵀ F(η) J [" + a + "][" + b + "]");
            }
        }
    }

    @Property(tries = 100)
    void inverseIsTheClosedFormAndInvertsF(@ForAll @DoubleRange(min = 0.05, max = 200) double alpha, @ForAll @DoubleRange(min = 0.01, max = 100) double beta) {
        double[][] f = GammaFisher.fisher(alpha, beta), inv = GammaFisher.inverse(alpha, beta);
        double psi1 = Special.trigamma(alpha), c = 1 / (alpha * psi1 - 1);
        double[][] spec = {{c * alpha, -c * beta}, {-c * beta, c * beta * beta * psi1}};
        // The generic 2×2 inverse, adj(F)/det F, as an independent reference.
        double det = f[0][0] * f[1][1] - f[0][1] * f[1][0];
        double[][] generic = {{f[1][1] / det, -f[0][1] / det}, {-f[1][0] / det, f[0][0] / det}};
        double[][] product = multiply(f, inv);
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(spec[a][b], inv[a][b], 1e-14 * Math.abs(spec[a][b]));
                // det F loses digits to cancellation as α grows (αψ'(α) − 1 ~ 1/(2α)); allow for it.
                assertEquals(generic[a][b], inv[a][b], 1e-9 * Math.abs(generic[a][b]) * Math.max(1, alpha));
                // F·F⁻¹ = I, entries relative to the size of the terms summed.
                double scale = Math.abs(f[a][0] * inv[0][b]) + Math.abs(f[a][1] * inv[1][b]);
                assertEquals(a == b ? 1 : 0, product[a][b], 1e-12 * scale);
            }
        }
    }

    @Test
    void fisherIsTheExpectedOuterProductOfTheScore() {
        for (double[] p : new double[][] {{3, 2}, {0.5, 10}, {8, 0.3}}) {
            double alpha = p[0], beta = p[1];
            Rng rng = new Rng((long) (alpha * 1000 + beta));
            int m = 400_000;
            double[] s = new double[2];
            double[][] outer = new double[2][2], fourth = new double[2][2];
            for (int i = 0; i < m; i++) {
                double[] g = GammaFisher.score(beta * rng.gamma(alpha), alpha, beta);
                for (int a = 0; a < 2; a++) {
                    s[a] += g[a];
                    for (int b = 0; b < 2; b++) {
                        outer[a][b] += g[a] * g[b];
                        fourth[a][b] += g[a] * g[a] * g[b] * g[b];
                    }
                }
            }
            double[][] f = GammaFisher.fisher(alpha, beta);
            for (int a = 0; a < 2; a++) {
                // E[score] = 0, within 5 standard errors.
                assertEquals(0, s[a] / m, 5 * Math.sqrt(f[a][a] / m), "E[score_" + a + "] at " + alpha + ", " + beta);
                for (int b = 0; b < 2; b++) {
                    double mean = outer[a][b] / m, se = Math.sqrt((fourth[a][b] / m - mean * mean) / m);
                    assertEquals(f[a][b], mean, 5 * se, "E[score score^T][" + a + "][" + b + "] at α=" + alpha + ", β=" + beta);
                }
            }
        }
    }

    @Test
    void naturalGradientIsTheInverseFisherTimesTheGradient() {
        double alpha = 0.7, beta = 4;
        double[] g = {0.3, -1.2};
        double[] ng = GammaFisher.naturalGradient(alpha, beta, g);
        double[][] f = GammaFisher.fisher(alpha, beta);
        // F · (F⁻¹ g) = g
        assertEquals(g[0], f[0][0] * ng[0] + f[0][1] * ng[1], 1e-13);
        assertEquals(g[1], f[1][0] * ng[0] + f[1][1] * ng[1], 1e-13);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
        return c;
    }

    static double[][] transpose(double[][] a) {
        return new double[][] {{a[0][0], a[1][0]}, {a[0][1], a[1][1]}};
    }
}
