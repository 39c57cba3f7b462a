package elbow.vi.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Normal;
import org.junit.jupiter.api.Test;

/**
 * A user's own model in a few lines (the README shows the same code): Bayesian logistic regression
 * y_n ~ Bernoulli(σ(x_n · w)), w ~ N(0, I), fitted with reparameterized VI and a Normal mean-field q(w).
 */
class BayesianLogisticRegressionTest {

    @Test
    void recoversTheWeightsOfSyntheticData() {
        int n = 400, d = 3;
        double[] trueW = {1.5, -2.0, 0.5};
        Rng rng = new Rng(1);
        Tensor x = rng.normal(DType.F64, n, d);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double logit = 0;
            for (int j = 0; j < d; j++) logit += x.get(i, j) * trueW[j];
            y[i] = rng.uniform() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        Var xs = Var.constant(x), ys = Var.constant(Tensor.wrap(y, 1, n));

        // log p(y, w) = Σ_n [y_n l_n − softplus(l_n)] − ½ |w|² + const, with l = x·w, per sample of w [S, d].
        LogJoint model = LogJoint.builder()
                .factor("likelihood", z -> {
                    Var logits = z.get("w").matmul(xs, false, true);               // [S, n]
                    return ys.mul(logits).sub(logits.softplus()).sum(1);
                }, "w")
                .factor("prior", z -> z.get("w").square().sum(1).mul(-0.5), "w")
                .build();
        MeanField q = MeanField.builder()
                .factor("w", new double[] {0, 0, 0, -1, -1, -1},
                        p -> new Normal(p.slice(1, 0, d), p.slice(1, d, 2 * d).exp()))  // loc, log scale
                .build();

        ElboEstimator estimator = ReparameterizedEstimator.standard();
        Rng sampler = new Rng(2);
        double first = Double.NaN, last = 0;
        for (int t = 0; t < 600; t++) {
            ElboEstimate e = estimator.estimate(model, q, 16, sampler);
            q.parameters().get(0).value().axpyInPlace(2e-3, e.gradient().get(0));      // gradient ascent
            if (t == 0) first = e.elbo();
            last = e.elbo();
        }
        assertTrue(last > first + 50, "the ELBO rises: " + first + " -> " + last);
        double[] lambda = q.parameters().get(0).value().toDoubleArray();
        for (int j = 0; j < d; j++) {
            double sd = Math.exp(lambda[d + j]);
            assertEquals(trueW[j], lambda[j], Math.max(4 * sd, 0.35), "weight " + j);
            assertTrue(sd < 0.3, "posterior sd of weight " + j + " shrinks with 400 points: " + sd);
        }
    }
}
