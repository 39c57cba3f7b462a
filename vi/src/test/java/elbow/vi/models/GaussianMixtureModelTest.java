package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import elbow.vi.models.GaussianMixtureModel.CaviRun;
import elbow.vi.models.GaussianMixtureModel.MeanField;
import elbow.vi.special.Special;
import org.junit.jupiter.api.Test;

class GaussianMixtureModelTest {
    // The workbench's defaults: three well-separated components of different precisions (sd 0.5, 1, 2);
    // neighbours meet at least 3 of their sds from their means.
    static final double[] PI = {0.2, 0.5, 0.3}, MU = {-5, 0, 9}, TAU = {4, 1, 0.25};

    static GaussianMixtureModel.Sample data(int n, long seed) {
        return GaussianMixtureModel.sample(PI, MU, TAU, n, new Rng(seed));
    }

    static GaussianMixtureModel model(double[] x) {
        return new GaussianMixtureModel(x, PI, 0, 0.01, 1, 1);
    }

    /** Best of several seeded initialisations, as the experiment runs it. */
    static CaviRun fit(GaussianMixtureModel model, long seed, int restarts) {
        Rng rng = new Rng(seed);
        CaviRun best = null;
        for (int i = 0; i < restarts; i++) {
            CaviRun run = model.cavi(model.initialise(rng), 500, 1e-13);
            if (best == null || run.finalElbo() > best.finalElbo()) best = run;
        }
        return best;
    }

    @Test
    void elboNeverDecreasesAfterAnySingleUpdate() {
        for (long seed = 1; seed <= 6; seed++) {
            // Overlapping data on odd seeds (means closer than the spreads), well separated on even ones,
            // and a random, not a clustered, start: every update has work to do.
            double[] mu = seed % 2 == 1 ? new double[] {-1, 0, 1.5} : MU;
            GaussianMixtureModel m = new GaussianMixtureModel(GaussianMixtureModel.sample(PI, mu, TAU, 200, new Rng(seed)).x(), PI, 0.5, 0.1, 2, 3);
            MeanField q = randomStart(m, new Rng(100 + seed));
            double prev = m.elbo(q);
            for (int sweep = 0; sweep < 40; sweep++) {
                q = m.updateAssignments(q);
                prev = assertNotBelow(prev, m.elbo(q), seed, sweep, "q(z)");
                for (int k = 0; k < m.components(); k++) {
                    q = m.updateMean(q, k);
                    prev = assertNotBelow(prev, m.elbo(q), seed, sweep, "q(mu_" + k + ")");
                    q = m.updatePrecision(q, k);
                    prev = assertNotBelow(prev, m.elbo(q), seed, sweep, "q(tau_" + k + ")");
                }
            }
        }
    }

    private static double assertNotBelow(double prev, double now, long seed, int sweep, String factor) {
        assertTrue(now >= prev - 1e-12 * Math.abs(prev), "seed " + seed + ", sweep " + sweep + ": updating " + factor + " lowered the ELBO from " + prev + " to " + now);
        return now;
    }

    private static MeanField randomStart(GaussianMixtureModel m, Rng rng) {
        int k = m.components(), n = m.size();
        double[][] r = new double[n][k];
        for (double[] row : r) {
            double s = 0;
            for (int j = 0; j < k; j++) s += (row[j] = rng.uniformOpen());
            for (int j = 0; j < k; j++) row[j] /= s;
        }
        double[] mm = new double[k], ell = new double[k], a = new double[k], b = new double[k];
        for (int j = 0; j < k; j++) {
            mm[j] = 3 * rng.normal();
            ell[j] = 0.1 + rng.uniform();
            a[j] = 0.5 + 3 * rng.uniform();
            b[j] = 0.5 + 3 * rng.uniform();
        }
        return new MeanField(r, mm, ell, a, b);
    }

    @Test
    void closedFormElboIsTheMonteCarloExpectationOfLogJointMinusLogQ() {
        GaussianMixtureModel m = model(data(30, 5).x());
        MeanField q = randomStart(m, new Rng(9));
        Rng rng = new Rng(11);
        int samples = 40_000;
        double s = 0, s2 = 0;
        double[] x = m.data(), pi = m.weights();
        for (int i = 0; i < samples; i++) {
            double[] mu = new double[3], tau = new double[3];
            double v = 0;
            for (int k = 0; k < 3; k++) {
                tau[k] = rng.gamma(q.a(k)) / q.b(k);
                mu[k] = q.m(k) + rng.normal() / Math.sqrt(q.ell(k));
                v += logNormal(mu[k], m.m0, m.lambda0 * tau[k]) + logGamma(tau[k], m.a0, m.b0)
                        - logNormal(mu[k], q.m(k), q.ell(k)) - logGamma(tau[k], q.a(k), q.b(k));
            }
            for (int n = 0; n < x.length; n++) {
                double u = rng.uniform(), acc = 0;
                int z = 2;
                for (int k = 0; k < 3; k++) if (u < (acc += q.responsibility(n, k))) { z = k; break; }
                v += Math.log(pi[z]) + logNormal(x[n], mu[z], tau[z]) - Math.log(q.responsibility(n, z));
            }
            s += v;
            s2 += v * v;
        }
        double mean = s / samples, se = Math.sqrt((s2 / samples - mean * mean) / samples);
        assertEquals(mean, m.elbo(q), 5 * se, "Monte Carlo " + mean + " ± " + se);
    }

    private static double logNormal(double x, double mu, double precision) {
        return 0.5 * (Math.log(precision) - Math.log(2 * Math.PI)) - 0.5 * precision * (x - mu) * (x - mu);
    }

    private static double logGamma(double t, double a, double rate) {
        return a * Math.log(rate) - Special.lgamma(a) + (a - 1) * Math.log(t) - rate * t;
    }

    @Test
    void eachUpdateIsACoordinateMaximum() {
        GaussianMixtureModel m = model(data(100, 3).x());
        MeanField q = randomStart(m, new Rng(4));
        for (int k = 0; k < 3; k++) {
            MeanField best = m.updateMean(q, k);
            double top = m.elbo(best);
            for (double d : new double[] {-0.1, -1e-3, 1e-3, 0.1}) {
                assertTrue(m.elbo(best.withComponent(k, best.m(k) + d, best.ell(k), best.a(k), best.b(k))) < top, "m_" + k);
                assertTrue(m.elbo(best.withComponent(k, best.m(k), best.ell(k) * (1 + d), best.a(k), best.b(k))) < top, "ell_" + k);
            }
            best = m.updatePrecision(q, k);
            top = m.elbo(best);
            for (double d : new double[] {-0.1, -1e-3, 1e-3, 0.1}) {
                assertTrue(m.elbo(best.withComponent(k, best.m(k), best.ell(k), best.a(k) * (1 + d), best.b(k))) < top, "a_" + k);
                assertTrue(m.elbo(best.withComponent(k, best.m(k), best.ell(k), best.a(k), best.b(k) * (1 + d))) < top, "b_" + k);
            }
        }
        MeanField best = m.updateAssignments(q);
        double top = m.elbo(best);
        // Moving any one row of responsibilities towards a uniform row lowers the ELBO.
        for (int n : new int[] {0, 17, 99}) {
            double[][] r = new double[m.size()][];
            for (int i = 0; i < r.length; i++) r[i] = new double[] {best.responsibility(i, 0), best.responsibility(i, 1), best.responsibility(i, 2)};
            for (int k = 0; k < 3; k++) r[n][k] = 0.99 * r[n][k] + 0.01 / 3;
            assertTrue(m.elbo(best.withResponsibilities(r)) < top, "row " + n);
        }
    }

    @Test
    void recoversTheTrueMeansAndPrecisionsOnWellSeparatedData() {
        int n = 3000;
        GaussianMixtureModel.Sample d = data(n, 2024);
        GaussianMixtureModel m = model(d.x());
        CaviRun run = fit(m, 7, 5);
        assertTrue(run.converged());
        MeanField q = run.q();
        for (int k = 0; k < 3; k++) {
            // Against the truth: the estimates' sampling sd is σ_k/√(N π_k) for the mean and
            // τ_k √(2/(N π_k)) for the precision (that of the MLE given the labels); 4 sd either way.
            double nk = n * PI[k];
            assertEquals(MU[k], q.meanMu(k), 4 / Math.sqrt(TAU[k] * nk), "mean of component " + k);
            assertEquals(TAU[k], q.meanTau(k), 4 * TAU[k] * Math.sqrt(2 / nk), "precision of component " + k);
            // Against the same data's points with their true labels: on separated data the soft
            // assignments are nearly the labels, so the mean and the size agree far more tightly than
            // with the truth. (Not the precision: the few points of a neighbour's tail that a component
            // takes in sit 3 or more of its sds out and move its variance by several per cent.)
            double cnt = 0, sum = 0;
            for (int i = 0; i < n; i++) if (d.z()[i] == k) { cnt++; sum += d.x()[i]; }
            assertEquals(sum / cnt, q.meanMu(k), 0.05 / Math.sqrt(TAU[k]), "mean of component " + k + " against its labelled points");
            assertEquals(cnt, q.count(k), 0.01 * cnt, "size of component " + k);
        }
    }

    @Test
    void caviStopsAtAFixedPoint() {
        GaussianMixtureModel m = model(data(500, 8).x());
        CaviRun run = fit(m, 3, 3);
        MeanField q = run.q(), again = m.caviSweep(q);
        for (int k = 0; k < 3; k++) {
            assertEquals(q.meanMu(k), again.meanMu(k), 1e-5);
            assertEquals(q.meanTau(k), again.meanTau(k), 1e-5 * q.meanTau(k));
        }
        double[] e = run.elbo();
        for (int t = 1; t < e.length; t++) assertTrue(e[t] >= e[t - 1] - 1e-12 * Math.abs(e[t - 1]));
    }

    @Test
    void initialisationGivesTheLargestClusterToTheLargestWeight() {
        GaussianMixtureModel m = model(data(1000, 12).x());
        for (long seed = 0; seed < 5; seed++) {
            MeanField q = m.initialise(new Rng(seed));
            // Component 1 (π = 0.5) is the largest cluster, whichever centres the seeding drew.
            assertTrue(q.count(1) >= q.count(0) && q.count(1) >= q.count(2), "seed " + seed);
        }
    }

    @Test
    void sampleFollowsTheWeightsAndComponents() {
        int n = 20_000;
        GaussianMixtureModel.Sample d = data(n, 1);
        for (int k = 0; k < 3; k++) {
            int cnt = 0;
            double sum = 0;
            for (int i = 0; i < n; i++) if (d.z()[i] == k) { cnt++; sum += d.x()[i]; }
            assertEquals(PI[k], cnt / (double) n, 4 * Math.sqrt(PI[k] * (1 - PI[k]) / n));
            assertEquals(MU[k], sum / cnt, 4 / Math.sqrt(TAU[k] * cnt));
        }
    }

    @Test
    void rejectsBadSettings() {
        double[] x = {1, 2, 3};
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureModel(x, new double[] {0.5, 0.6}, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureModel(x, new double[] {1, 0}, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureModel(x, new double[] {1}, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianMixtureModel(new double[0], new double[] {1}, 0, 1, 1, 1));
        GaussianMixtureModel m = new GaussianMixtureModel(x, new double[] {0.5, 0.5}, 0, 1, 1, 1);
        MeanField wrong = new MeanField(new double[3][3], new double[3], new double[] {1, 1, 1}, new double[] {1, 1, 1}, new double[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> m.elbo(wrong));
    }
}
