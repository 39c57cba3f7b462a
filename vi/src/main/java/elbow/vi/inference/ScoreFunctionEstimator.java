package elbow.vi.inference;

import elbow.autograd.NoGrad;
import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The score-function (REINFORCE) gradient of the ELBO, black-box VI of Ranganath, Gerrish and Blei (2014):
 *
 * <pre>
 *   ∇_λi L ≈ (1/S) Σ_s h_i[s] · w_i[s],   h_i[s] = ∇_λi log q_i(z_s | λ_i),   z_s ~ q
 * </pre>
 *
 * with w_i[s] = log p(X, z_s) − log q(z_s) (Algorithm 1), or, Rao-Blackwellized, w_i[s] = log p_i(X, z_s)
 * − log q_i(z_s) where p_i keeps only the factors of the log joint in latent i's Markov blanket (their
 * §3.1: the other terms have zero expected contribution, so dropping them removes their noise).
 *
 * <p>With control variates (their §3.2) the term is f_i[s] − â_i h_i[s] with f_i = h_i w_i and
 * â_i = Σ_d Cov(f_i^d, h_i^d) / Σ_d Var(h_i^d). E[h] = 0, so any fixed â keeps the estimator unbiased;
 * â estimated from the same samples correlates with them and biases the estimate by O(1/S). We
 * estimate â for sample s from the other S − 1 samples (leave-one-out): the same formula, no bias.
 *
 * <p>Only log q_i needs a gradient: one backward pass through Σ_s Σ_i log q_i(z_s) with respect to the
 * per-sample replicas of λ gives every h_i[s]; the log joint is evaluated without a tape.
 */
public final class ScoreFunctionEstimator implements ElboEstimator {
    private final boolean controlVariates;
    private final boolean raoBlackwell;

    public ScoreFunctionEstimator(boolean controlVariates, boolean raoBlackwell) {
        this.controlVariates = controlVariates;
        this.raoBlackwell = raoBlackwell;
    }

    /** Algorithm 1: plain REINFORCE. */
    public static ScoreFunctionEstimator reinforce() { return new ScoreFunctionEstimator(false, false); }

    /** Algorithm 2 without Rao-Blackwellization. */
    public static ScoreFunctionEstimator controlVariates() { return new ScoreFunctionEstimator(true, false); }

    /** Algorithm 2: Rao-Blackwellization and control variates. */
    public static ScoreFunctionEstimator raoBlackwellized() { return new ScoreFunctionEstimator(true, true); }

    @Override
    public String name() {
        return raoBlackwell ? (controlVariates ? "rao-blackwell" : "rao-blackwell-only") : controlVariates ? "control-variates" : "reinforce";
    }

    @Override
    public ElboEstimate estimate(LogJoint model, MeanField q, int samples, Rng rng) {
        if (samples < (controlVariates ? 3 : 1)) {
            throw new IllegalArgumentException(name() + " needs at least " + (controlVariates ? 3 : 1) + " samples, got " + samples);
        }
        List<String> names = q.latents();
        int n = names.size();
        Var[] replicas = new Var[n];
        Var[] logQ = new Var[n];
        Map<String, Var> z = new LinkedHashMap<>();
        Var total = null;
        for (int i = 0; i < n; i++) {
            MeanField.Factor f = q.factor(names.get(i));
            replicas[i] = MeanField.replicate(f.params(), samples);
            Distribution qi = f.builder().apply(replicas[i]);
            Var zi = Var.constant(qi.sample(rng));
            z.put(names.get(i), zi);
            logQ[i] = MeanField.perSample(qi.logProb(zi), samples);
            Var s = logQ[i].sum();
            total = total == null ? s : total.add(s);
        }
        Tensor[] h = Tape.grad(total, replicas);

        double[] logP;
        double[][] blanket = new double[n][];
        try (NoGrad ignored = NoGrad.enter()) {
            Var[] terms = model.terms(z);
            logP = MeanField.perSample(model.sum(terms, null), samples).value().toDoubleArray();
            if (raoBlackwell) for (int i = 0; i < n; i++) blanket[i] = MeanField.perSample(model.sum(terms, names.get(i)), samples).value().toDoubleArray();
        }
        double[] w = logP.clone();
        for (int i = 0; i < n; i++) {
            double[] lq = logQ[i].value().toDoubleArray();
            for (int s = 0; s < samples; s++) w[s] -= lq[s];
        }
        double elbo = 0;
        for (double v : w) elbo += v;
        elbo /= samples;

        List<Tensor> gradient = new ArrayList<>(), perSample = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] wi = w;
            if (raoBlackwell) {
                double[] lq = logQ[i].value().toDoubleArray();
                wi = new double[samples];
                for (int s = 0; s < samples; s++) wi[s] = blanket[i][s] - lq[s];
            }
            double[] hi = h[i].toDoubleArray();
            int p = hi.length / samples;
            double[] terms = new double[hi.length];
            for (int s = 0; s < samples; s++) for (int d = 0; d < p; d++) terms[s * p + d] = hi[s * p + d] * wi[s];
            if (controlVariates) subtractControlVariate(terms, hi, samples, p);
            double[] mean = new double[p];
            for (int s = 0; s < samples; s++) for (int d = 0; d < p; d++) mean[d] += terms[s * p + d] / samples;
            gradient.add(Tensor.wrap(mean, q.factor(names.get(i)).params().shape()));
            perSample.add(Tensor.wrap(terms, samples, p));
        }
        return new ElboEstimate(elbo, gradient, perSample);
    }

    /** f[s] −= â_(−s) h[s] in place, with â from the other samples' covariances summed over dimensions. */
    static void subtractControlVariate(double[] f, double[] h, int samples, int p) {
        double[] sf = new double[p], sh = new double[p], sfh = new double[p], shh = new double[p];
        for (int s = 0; s < samples; s++) {
            for (int d = 0; d < p; d++) {
                double fv = f[s * p + d], hv = h[s * p + d];
                sf[d] += fv;
                sh[d] += hv;
                sfh[d] += fv * hv;
                shh[d] += hv * hv;
            }
        }
        int m = samples - 1;
        double[] a = new double[samples];
        for (int s = 0; s < samples; s++) {
            double cov = 0, var = 0;
            for (int d = 0; d < p; d++) {
                double fv = f[s * p + d], hv = h[s * p + d];
                double rf = sf[d] - fv, rh = sh[d] - hv;
                // The common factor 1/(m − 1) of the sample covariance and variance cancels in the ratio.
                cov += (sfh[d] - fv * hv) - rf * rh / m;
                var += (shh[d] - hv * hv) - rh * rh / m;
            }
            a[s] = var > 0 ? cov / var : 0.0;
        }
        for (int s = 0; s < samples; s++) for (int d = 0; d < p; d++) f[s * p + d] -= a[s] * h[s * p + d];
    }
}
