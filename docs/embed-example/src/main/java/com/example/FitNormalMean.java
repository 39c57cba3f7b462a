package com.example;

import elbow.autograd.Var;
import elbow.nn.Adam;
import elbow.nn.Parameter;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.tensor.simd.Simd;
import elbow.vi.distributions.Normal;
import elbow.vi.inference.ElboEstimate;
import elbow.vi.inference.LogJoint;
import elbow.vi.inference.MeanField;
import elbow.vi.inference.ReparameterizedEstimator;
import java.util.List;

/** y_i ~ N(mu, sigma^2) with sigma known, mu ~ N(m0, s0^2): fit q(mu) by VI and compare with the exact posterior. */
public class FitNormalMean {
    public static void main(String[] args) {
        int n = 50, steps = 1000;
        double sigma = 1.5, m0 = 0, s0 = 2, trueMu = 2;
        Rng rng = new Rng(1);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = trueMu + sigma * rng.normal();
        Var ys = Var.constant(Tensor.wrap(y, 1, n));                         // [1, n]

        LogJoint model = LogJoint.builder()                                   // z.get("mu"): [S, 1], one row per sample
                .factor("likelihood", z -> new Normal(z.get("mu"), Var.constant(Tensor.of(sigma))).logProb(ys).sum(1), "mu")
                .factor("prior", z -> Normal.of(m0, s0).logProb(z.get("mu")).sum(1), "mu")
                .build();
        MeanField q = MeanField.builder()                                     // q(mu) = N(loc, exp(logScale)^2)
                .factor("mu", new double[] {0, 0}, p -> new Normal(p.slice(1, 0, 1), p.slice(1, 1, 2).exp()))
                .build();
        ReparameterizedEstimator estimator = ReparameterizedEstimator.stl(); // sticking the landing: zero gradient at the posterior
        Adam adam = new Adam(List.of(Parameter.of("q.mu", q.parameters().get(0))), 0.05);
        ElboEstimate e = null;
        for (int t = 0; t < steps; t++) {
            e = estimator.estimate(model, q, 8, rng);
            adam.step(List.of(e.gradient().get(0).neg()));                    // Adam minimises: step on -ELBO
        }

        double[] lambda = q.parameters().get(0).value().toDoubleArray();      // {loc, logScale}
        // The exact posterior is N(exactMean, exactSd^2), and q's family contains it.
        double precision = 1 / (s0 * s0) + n / (sigma * sigma), sum = 0;
        for (double v : y) sum += v;
        double exactMean = (m0 / (s0 * s0) + sum / (sigma * sigma)) / precision, exactSd = Math.sqrt(1 / precision);
        double fitMean = lambda[0], fitSd = Math.exp(lambda[1]);
        System.out.printf("kernels: %s%n", Simd.describe());
        System.out.printf("after %d Adam steps: ELBO %.4f%n", steps, e.elbo());
        System.out.printf("posterior mean %.6f, exact %.6f (off by %.1e)%n", fitMean, exactMean, Math.abs(fitMean - exactMean));
        System.out.printf("posterior sd   %.6f, exact %.6f (off by %.1e)%n", fitSd, exactSd, Math.abs(fitSd - exactSd));
        boolean ok = Math.abs(fitMean - exactMean) < 0.05 * exactSd && Math.abs(fitSd / exactSd - 1) < 0.02;
        System.out.println(ok ? "OK: matches the exact posterior" : "FAIL: far from the exact posterior");
        if (!ok) System.exit(1);
    }
}
