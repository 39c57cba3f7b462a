package elbow.vi.models;

import elbow.tensor.Rng;
import java.util.Arrays;
import org.apache.commons.numbers.gamma.Digamma;
import org.apache.commons.numbers.gamma.LogGamma;

/**
 * The 1-D Gaussian mixture with known weights and unknown means and precisions of the workbench's
 * {@code gmm} experiment (assignment 1AD, question 1.D.4), with its CAVI updates and closed-form ELBO:
 *
 * <pre>
 *   x_n | z_n = k, μ, τ ~ N(μ_k, 1/τ_k),   z_n ~ Categorical(π) (π known),
 *   (μ_k, τ_k) ~ NormalGamma(m0, λ0, a0, b0):  μ_k | τ_k ~ N(m0, 1/(λ0 τ_k)),  τ_k ~ Gamma(a0, rate b0).
 * </pre>
 *
 * The family is fully factorised, q(z) Π_k q(μ_k) q(τ_k), with q(z_n) = Categorical(r_n),
 * q(μ_k) = N(m_k, 1/ℓ_k) and q(τ_k) = Gamma(a_k, rate b_k). Each update below is the exact maximiser
 * of the ELBO in its factor with the others held fixed (log q*_j = E_{−j}[log p] + const), so the
 * ELBO can only rise, after every single update and not just after a sweep.
 *
 * <p>With π known the components are not exchangeable: the component with the larger weight must sit
 * on the larger cluster. {@link #initialise} therefore matches seeded cluster centres to components
 * by size, and the caller keeps the best ELBO over several seeds.
 */
public final class GaussianMixtureModel {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    public final double m0, lambda0, a0, b0;
    private final double[] x, pi, logPi;

    public GaussianMixtureModel(double[] x, double[] pi, double m0, double lambda0, double a0, double b0) {
        if (!(lambda0 > 0 && a0 > 0 && b0 > 0) || !Double.isFinite(m0) || Double.isInfinite(lambda0 + a0 + b0)) {
            throw new IllegalArgumentException("the prior needs finite m0 and λ0, a0, b0 > 0; got m0=" + m0 + ", λ0=" + lambda0 + ", a0=" + a0 + ", b0=" + b0);
        }
        if (x.length == 0) throw new IllegalArgumentException("the mixture needs at least one observation");
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) throw new IllegalArgumentException("observation " + i + " is " + x[i]);
        }
        this.pi = checkedWeights(pi);
        this.x = x.clone();
        this.m0 = m0;
        this.lambda0 = lambda0;
        this.a0 = a0;
        this.b0 = b0;
        this.logPi = new double[pi.length];
        for (int k = 0; k < pi.length; k++) logPi[k] = Math.log(pi[k]);
    }

    /** Weights must be positive and sum to 1 (a zero weight would be a component that cannot exist). */
    static double[] checkedWeights(double[] pi) {
        if (pi.length == 0) throw new IllegalArgumentException("the mixture needs at least one component");
        double s = 0;
        for (double p : pi) {
            if (!(p > 0) || Double.isInfinite(p)) throw new IllegalArgumentException("mixture weights must be positive, got " + Arrays.toString(pi));
            s += p;
        }
        if (Math.abs(s - 1) > 1e-9) throw new IllegalArgumentException("mixture weights must sum to 1, got " + Arrays.toString(pi) + " (sum " + s + ")");
        return pi.clone();
    }

    public double[] data() { return x.clone(); }
    public double[] weights() { return pi.clone(); }
    public int size() { return x.length; }
    public int components() { return pi.length; }

    // ------------------------------------------------------------------ data

    /** Draws from the mixture, with the component of each draw. */
    public record Sample(double[] x, int[] z) {}

    /** n draws x_n ~ N(μ_{z_n}, 1/τ_{z_n}), z_n ~ Categorical(π). */
    public static Sample sample(double[] pi, double[] mu, double[] tau, int n, Rng rng) {
        checkedWeights(pi);
        if (mu.length != pi.length || tau.length != pi.length) {
            throw new IllegalArgumentException(pi.length + " weights but " + mu.length + " means and " + tau.length + " precisions");
        }
        for (double t : tau) if (!(t > 0) || Double.isInfinite(t)) throw new IllegalArgumentException("precisions must be positive and finite, got " + Arrays.toString(tau));
        double[] xs = new double[n];
        int[] zs = new int[n];
        double[] row = pi.clone();
        for (int i = 0; i < n; i++) {
            int k = rng.categorical(elbow.tensor.Tensor.of(row))[0];
            zs[i] = k;
            xs[i] = mu[k] + rng.normal() / Math.sqrt(tau[k]);
        }
        return new Sample(xs, zs);
    }

    /** Σ_k π_k N(x | μ_k, 1/τ_k). */
    public static double density(double x, double[] pi, double[] mu, double[] tau) {
        double p = 0;
        for (int k = 0; k < pi.length; k++) p += pi[k] * normalDensity(x, mu[k], tau[k]);
        return p;
    }

    static double normalDensity(double x, double mu, double tau) {
        double d = x - mu;
        return Math.sqrt(tau / (2 * Math.PI)) * Math.exp(-0.5 * tau * d * d);
    }

    // ------------------------------------------------------------------ the variational family

    /**
     * q(z) Π_k q(μ_k) q(τ_k): responsibilities r[n][k], and per component the mean m and precision ℓ
     * of q(μ_k) and the shape a and rate b of q(τ_k). Immutable; the updates return new instances.
     */
    public static final class MeanField {
        private final double[][] r;
        private final double[] m, ell, a, b;

        public MeanField(double[][] r, double[] m, double[] ell, double[] a, double[] b) {
            int k = m.length;
            if (ell.length != k || a.length != k || b.length != k) throw new IllegalArgumentException("component parameters of different lengths");
            for (int j = 0; j < k; j++) {
                if (!(ell[j] > 0 && a[j] > 0 && b[j] > 0) || Double.isInfinite(ell[j] + a[j] + b[j]) || !Double.isFinite(m[j])) {
                    throw new IllegalArgumentException("component " + j + " needs finite m and ℓ, a, b > 0; got m=" + m[j] + ", ℓ=" + ell[j] + ", a=" + a[j] + ", b=" + b[j]);
                }
            }
            for (double[] row : r) if (row.length != k) throw new IllegalArgumentException("responsibility rows must have " + k + " entries, got " + row.length);
            this.r = new double[r.length][];
            for (int n = 0; n < r.length; n++) this.r[n] = r[n].clone();
            this.m = m.clone();
            this.ell = ell.clone();
            this.a = a.clone();
            this.b = b.clone();
        }

        public int components() { return m.length; }
        public double responsibility(int n, int k) { return r[n][k]; }
        public double m(int k) { return m[k]; }
        public double ell(int k) { return ell[k]; }
        public double a(int k) { return a[k]; }
        public double b(int k) { return b[k]; }
        /** E[μ_k] = m_k. */
        public double meanMu(int k) { return m[k]; }
        /** E[τ_k] = a_k / b_k. */
        public double meanTau(int k) { return a[k] / b[k]; }
        /** E[log τ_k] = ψ(a_k) − log b_k. */
        public double meanLogTau(int k) { return Digamma.value(a[k]) - Math.log(b[k]); }

        /** Σ_n r_nk, the expected number of points in component k. */
        public double count(int k) {
            double s = 0;
            for (double[] row : r) s += row[k];
            return s;
        }

        MeanField withResponsibilities(double[][] newR) {
            return new MeanField(newR, m, ell, a, b);
        }

        MeanField withComponent(int k, double mk, double ellk, double ak, double bk) {
            double[] m2 = m.clone(), ell2 = ell.clone(), a2 = a.clone(), b2 = b.clone();
            m2[k] = mk;
            ell2[k] = ellk;
            a2[k] = ak;
            b2[k] = bk;
            return new MeanField(r, m2, ell2, a2, b2);
        }
    }

    private void requireMatches(MeanField q) {
        if (q.components() != pi.length || q.r.length != x.length) {
            throw new IllegalArgumentException("q has " + q.components() + " components and " + q.r.length + " responsibility rows; the model has "
                    + pi.length + " components and " + x.length + " observations");
        }
    }

    /** E_q[(x_n − μ_k)²] = (x_n − m_k)² + 1/ℓ_k. */
    private static double expectedSquare(double xn, MeanField q, int k) {
        double d = xn - q.m[k];
        return d * d + 1 / q.ell[k];
    }

    // ------------------------------------------------------------------ the ELBO

    /**
     * The ELBO in closed form: E_q[log p(x, z, μ, τ)] + H[q], term by term,
     * <pre>
     *   Σ_n Σ_k r_nk (log π_k + ½ E[log τ_k] − ½ log 2π − ½ E[τ_k] E[(x_n − μ_k)²])
     * + Σ_k ½ (log λ0 + E[log τ_k] − log 2π) − ½ λ0 E[τ_k] E[(μ_k − m0)²]
     * + Σ_k a0 log b0 − log Γ(a0) + (a0 − 1) E[log τ_k] − b0 E[τ_k]
     * − Σ_n Σ_k r_nk log r_nk + Σ_k ½ (1 + log 2π − log ℓ_k) + Σ_k H[Gamma(a_k, b_k)].
     * </pre>
     */
    public double elbo(MeanField q) {
        requireMatches(q);
        int kk = pi.length;
        double[] eTau = new double[kk], eLogTau = new double[kk];
        for (int k = 0; k < kk; k++) {
            eTau[k] = q.meanTau(k);
            eLogTau[k] = q.meanLogTau(k);
        }
        double data = 0, assignEntropy = 0;
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < kk; k++) {
                double rnk = q.r[n][k];
                if (rnk == 0) continue; // 0 · (anything finite) and 0 · log 0 are both 0
                data += rnk * (logPi[k] + 0.5 * (eLogTau[k] - LOG_2PI) - 0.5 * eTau[k] * expectedSquare(x[n], q, k));
                assignEntropy -= rnk * Math.log(rnk);
            }
        }
        double components = 0;
        for (int k = 0; k < kk; k++) {
            double dm = q.m[k] - m0;
            double priorMu = 0.5 * (Math.log(lambda0) + eLogTau[k] - LOG_2PI) - 0.5 * lambda0 * eTau[k] * (dm * dm + 1 / q.ell[k]);
            double priorTau = a0 * Math.log(b0) - LogGamma.value(a0) + (a0 - 1) * eLogTau[k] - b0 * eTau[k];
            double entropyMu = 0.5 * (1 + LOG_2PI - Math.log(q.ell[k]));
            double entropyTau = q.a[k] - Math.log(q.b[k]) + LogGamma.value(q.a[k]) + (1 - q.a[k]) * Digamma.value(q.a[k]);
            components += priorMu + priorTau + entropyMu + entropyTau;
        }
        return data + assignEntropy + components;
    }

    // ------------------------------------------------------------------ CAVI

    /**
     * q*(z_n): r_nk ∝ π_k exp(½ E[log τ_k] − ½ E[τ_k] E[(x_n − μ_k)²]), normalised over k in log space
     * (a far-away point would underflow every exp otherwise).
     */
    public MeanField updateAssignments(MeanField q) {
        requireMatches(q);
        int kk = pi.length;
        double[] eTau = new double[kk], halfLogTau = new double[kk];
        for (int k = 0; k < kk; k++) {
            eTau[k] = q.meanTau(k);
            halfLogTau[k] = 0.5 * q.meanLogTau(k);
        }
        double[][] r = new double[x.length][kk];
        double[] logRho = new double[kk];
        for (int n = 0; n < x.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kk; k++) {
                logRho[k] = logPi[k] + halfLogTau[k] - 0.5 * eTau[k] * expectedSquare(x[n], q, k);
                max = Math.max(max, logRho[k]);
            }
            double total = 0;
            for (int k = 0; k < kk; k++) total += (r[n][k] = Math.exp(logRho[k] - max));
            for (int k = 0; k < kk; k++) r[n][k] /= total;
        }
        return q.withResponsibilities(r);
    }

    /**
     * q*(μ_k) given q(z) and q(τ_k): Normal with precision E[τ_k](λ0 + N_k) and mean
     * (λ0 m0 + Σ_n r_nk x_n)/(λ0 + N_k), where N_k = Σ_n r_nk.
     */
    public MeanField updateMean(MeanField q, int k) {
        requireMatches(q);
        double nk = 0, sk = 0;
        for (int n = 0; n < x.length; n++) {
            nk += q.r[n][k];
            sk += q.r[n][k] * x[n];
        }
        double m = (lambda0 * m0 + sk) / (lambda0 + nk);
        return q.withComponent(k, m, (lambda0 + nk) * q.meanTau(k), q.a[k], q.b[k]);
    }

    /**
     * q*(τ_k) given q(z) and q(μ_k): Gamma with shape a0 + (N_k + 1)/2 and rate
     * b0 + ½ (Σ_n r_nk E[(x_n − μ_k)²] + λ0 E[(μ_k − m0)²]).
     */
    public MeanField updatePrecision(MeanField q, int k) {
        requireMatches(q);
        double nk = 0, squares = 0;
        for (int n = 0; n < x.length; n++) {
            nk += q.r[n][k];
            squares += q.r[n][k] * expectedSquare(x[n], q, k);
        }
        double dm = q.m[k] - m0;
        double a = a0 + 0.5 * (nk + 1);
        double b = b0 + 0.5 * (squares + lambda0 * (dm * dm + 1 / q.ell[k]));
        return q.withComponent(k, q.m[k], q.ell[k], a, b);
    }

    /** One CAVI sweep: q(z), then q(μ_k) and q(τ_k) for each k. */
    public MeanField caviSweep(MeanField q) {
        q = updateAssignments(q);
        for (int k = 0; k < pi.length; k++) q = updatePrecision(updateMean(q, k), k);
        return q;
    }

    /** A CAVI run: the last q, the ELBO before the first sweep and after each, and whether it converged. */
    public record CaviRun(MeanField q, double[] elbo, boolean converged) {
        public int sweeps() { return elbo.length - 1; }
        public double finalElbo() { return elbo[elbo.length - 1]; }
    }

    /**
     * Sweeps from {@code start} until the ELBO rises by less than {@code relTol}·|ELBO| in a sweep, or
     * {@code maxSweeps} sweeps. Throws if the ELBO ever falls by more than rounding (1e-12 relative):
     * that would be a wrong update, not a property of the data.
     */
    public CaviRun cavi(MeanField start, int maxSweeps, double relTol) {
        if (maxSweeps < 0 || !(relTol >= 0)) throw new IllegalArgumentException("need maxSweeps >= 0 and relTol >= 0, got " + maxSweeps + ", " + relTol);
        double[] trace = new double[maxSweeps + 1];
        MeanField q = start;
        trace[0] = elbo(q);
        for (int t = 1; t <= maxSweeps; t++) {
            q = caviSweep(q);
            trace[t] = elbo(q);
            double change = trace[t] - trace[t - 1];
            if (change < -1e-12 * Math.abs(trace[t - 1])) {
                throw new IllegalStateException("the ELBO fell from " + trace[t - 1] + " to " + trace[t] + " in sweep " + t);
            }
            if (change <= relTol * Math.abs(trace[t])) return new CaviRun(q, Arrays.copyOf(trace, t + 1), true);
        }
        return new CaviRun(q, trace, maxSweeps == 0);
    }

    // ------------------------------------------------------------------ initialisation

    /**
     * A seeded starting point: K centres by greedy k-means++ seeding (the first a uniformly drawn
     * point; for each next one, 2 + ⌊ln K⌋ candidates drawn with probability ∝ squared distance to the
     * nearest centre so far, keeping the candidate that lowers the total squared distance most), then
     * every point hard-assigned to its nearest centre, and the largest cluster given to the component
     * with the largest π (π is known, so which component takes which cluster matters). q(τ_k) starts at
     * Gamma(a0 + n_k/2, b0 + ½ Σ_{n in k} (x_n − c_k)²), q(μ_k) at N(c_k, 1/((λ0 + n_k) E[τ_k])), and
     * q(z) at the hard assignment.
     *
     * <p>Plain k-means++ often puts a centre on a far point in the tail of a wide component, leaving
     * two narrow components to share one centre, and CAVI then stays at that merged solution; the
     * greedy choice among a few candidates (as in scikit-learn's k-means++) rarely does.
     */
    public MeanField initialise(Rng rng) {
        int kk = pi.length, nn = x.length;
        double[] centres = new double[kk];
        double[] d2 = new double[nn], trial = new double[nn];
        centres[0] = x[rng.nextInt(nn)];
        for (int n = 0; n < nn; n++) d2[n] = (x[n] - centres[0]) * (x[n] - centres[0]);
        int candidates = 2 + (int) Math.log(kk);
        for (int j = 1; j < kk; j++) {
            double total = 0;
            for (double v : d2) total += v;
            double bestPotential = Double.POSITIVE_INFINITY, bestCentre = x[0];
            for (int c = 0; c < candidates; c++) {
                // All points on the centres already chosen (fewer distinct values than components): any point will do.
                double candidate = total > 0 ? x[rng.categorical(elbow.tensor.Tensor.of(d2))[0]] : x[rng.nextInt(nn)];
                double potential = 0;
                for (int n = 0; n < nn; n++) {
                    double d = x[n] - candidate;
                    potential += Math.min(d2[n], d * d);
                }
                if (potential < bestPotential) {
                    bestPotential = potential;
                    bestCentre = candidate;
                }
            }
            centres[j] = bestCentre;
            for (int n = 0; n < nn; n++) {
                double d = x[n] - bestCentre;
                trial[n] = Math.min(d2[n], d * d);
            }
            System.arraycopy(trial, 0, d2, 0, nn);
        }
        int[] nearest = new int[nn];
        int[] sizes = new int[kk];
        for (int n = 0; n < nn; n++) {
            int best = 0;
            for (int j = 1; j < kk; j++) if (Math.abs(x[n] - centres[j]) < Math.abs(x[n] - centres[best])) best = j;
            nearest[n] = best;
            sizes[best]++;
        }
        // Rank-match clusters to components: the i-th largest cluster goes to the i-th largest weight.
        Integer[] byWeight = order(kk, (i, j) -> Double.compare(pi[j], pi[i]));
        Integer[] bySize = order(kk, (i, j) -> Integer.compare(sizes[j], sizes[i]));
        int[] componentOf = new int[kk];
        for (int i = 0; i < kk; i++) componentOf[bySize[i]] = byWeight[i];

        double[][] r = new double[nn][kk];
        double[] m = new double[kk], ell = new double[kk], a = new double[kk], b = new double[kk], squares = new double[kk];
        for (int j = 0; j < kk; j++) m[componentOf[j]] = centres[j];
        for (int n = 0; n < nn; n++) {
            int k = componentOf[nearest[n]];
            r[n][k] = 1;
            squares[k] += (x[n] - m[k]) * (x[n] - m[k]);
        }
        for (int j = 0; j < kk; j++) {
            int k = componentOf[j];
            a[k] = a0 + 0.5 * sizes[j];
            b[k] = b0 + 0.5 * squares[k];
            ell[k] = (lambda0 + sizes[j]) * a[k] / b[k];
        }
        return new MeanField(r, m, ell, a, b);
    }

    private static Integer[] order(int k, java.util.Comparator<Integer> cmp) {
        Integer[] idx = new Integer[k];
        for (int i = 0; i < k; i++) idx[i] = i;
        Arrays.sort(idx, cmp); // stable: ties keep index order, so the result depends only on the seed
        return idx;
    }

    // ------------------------------------------------------------------ the fit

    /** The fitted mixture's density with plug-in parameters: Σ_k π_k N(x | E[μ_k], 1/E[τ_k]). */
    public double fittedDensity(double xv, MeanField q) {
        double p = 0;
        for (int k = 0; k < pi.length; k++) p += pi[k] * normalDensity(xv, q.meanMu(k), q.meanTau(k));
        return p;
    }
}
