package elbow.vi.distributions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.special.Special;
import org.junit.jupiter.api.Test;

/**
 * The score-parts contract the estimators build on, checked distribution-agnostically: the parts'
 * definitions, the zero mean of the score function, and the unbiasedness of the one surrogate
 * {@code log p − entropyTerm + detach(log p − logProb)·scoreFunction} for both kinds of value.
 */
class ScorePartsTest {
    private static final int S = 20_000;

    private static Var full(double v, int n) {
        return Var.param(Tensor.full(v, DType.F64, n));
    }

    @Test
    void partsFollowPyro() {
        Normal q = new Normal(Var.param(Tensor.of(0.5)), Var.param(Tensor.of(2.0)));
        Var z = q.rsample(new Rng(1), 3);
        ScoreParts path = q.scoreParts(z);
        assertSame(path.logProb(), path.entropyTerm());
        assertFalse(path.scoreFunction().requiresGrad());
        assertEquals(0.0, path.scoreFunction().value().abs().sumAll(), 0.0);
        assertEquals(3, path.scoreFunction().size());

        ScoreParts reinforce = q.scoreParts(Var.constant(q.sample(new Rng(1), 3)), false);
        assertSame(reinforce.logProb(), reinforce.scoreFunction());
        assertFalse(reinforce.entropyTerm().requiresGrad());
        assertEquals(0.0, reinforce.entropyTerm().value().abs().sumAll(), 0.0);

        Categorical cat = Categorical.ofLogits(Var.param(Tensor.of(0.0, 1.0)));
        assertFalse(cat.hasRsample());
        ScoreParts discrete = cat.scoreParts(Var.constant(cat.sample(new Rng(2), 4)));
        assertSame(discrete.logProb(), discrete.scoreFunction());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> cat.scoreParts(Var.constant(Tensor.of(1.0)), true));
        assertTrue(e.getMessage().contains("Categorical"), e.getMessage());
        UnsupportedOperationException r = assertThrows(UnsupportedOperationException.class, () -> cat.rsample(new Rng(1)));
        assertTrue(r.getMessage().contains("Categorical"), r.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> new Bernoulli(Var.param(Tensor.of(0.0))).rsample(new Rng(1)));
    }

    @Test
    void scaleLeavesTheScoreFunctionAlone() {
        Var lp = Var.param(Tensor.of(-1.0, -2.0));
        ScoreParts s = ScoreParts.scoreFunction(lp).scale(10);
        assertEquals(-10.0, s.logProb().value().getFlat(0), 0.0);
        assertSame(lp, s.scoreFunction());
        ScoreParts p = ScoreParts.pathwise(lp).scale(10);
        assertEquals(-20.0, p.entropyTerm().value().getFlat(1), 0.0);
    }

    @Test
    void detachStopsParameterGradientsButNotTheSamplePath() {
        Var loc = Var.param(Tensor.of(0.3)), scale = Var.param(Tensor.of(1.5));
        Normal q = new Normal(loc, scale);
        Var z = q.rsample(new Rng(3));
        // STL: log q(z(φ); stop(φ)). Its gradient is only the path term ∂log q/∂z · ∂z/∂φ.
        Var stl = q.detach().logProb(z);
        Tensor[] g = Tape.grad(stl.sum(), loc, scale);
        double zv = z.value().getFlat(0), eps = (zv - 0.3) / 1.5;
        double dlogqdz = -(zv - 0.3) / (1.5 * 1.5);
        assertEquals(dlogqdz, g[0].getFlat(0), 1e-14);        // ∂z/∂μ = 1
        assertEquals(dlogqdz * eps, g[1].getFlat(0), 1e-14);  // ∂z/∂σ = ε
    }

    /** Mean and standard error of each column of per-sample gradients. */
    private static void assertMeanWithin(Tensor perSample, double expected, String what) {
        double[] x = perSample.toDoubleArray();
        double m = 0;
        for (double v : x) m += v;
        m /= x.length;
        double ss = 0;
        for (double v : x) ss += (v - m) * (v - m);
        double se = Math.sqrt(ss / (x.length - 1) / x.length);
        assertTrue(Math.abs(m - expected) <= SampleChecks.Z * se, what + ": mean " + m + " vs " + expected + " (standard error " + se + ")");
    }

    @Test
    void scoreFunctionHasMeanZero() {
        // One parameter copy per sample (batch [S]) so the gradient holds S per-sample scores ∇ log q(z_s).
        Rng rng = new Rng(4);
        Var mu = full(0.5, S), sigma = full(1.5, S);
        Normal n = new Normal(mu, sigma);
        n.logProb(Var.constant(n.sample(rng))).sum().backward();
        assertMeanWithin(mu.grad(), 0, "Normal score in μ");
        assertMeanWithin(sigma.grad(), 0, "Normal score in σ");

        Var alpha = full(2.5, S), beta = full(0.7, S);
        Gamma g = new Gamma(alpha, beta);
        g.logProb(Var.constant(g.sample(rng))).sum().backward();
        assertMeanWithin(alpha.grad(), 0, "Gamma score in α");
        assertMeanWithin(beta.grad(), 0, "Gamma score in β");

        Var l = full(-0.8, S);
        Bernoulli b = new Bernoulli(l);
        b.logProb(Var.constant(b.sample(rng))).sum().backward();
        assertMeanWithin(l.grad(), 0, "Bernoulli score");

        Var logits = Var.param(Tensor.of(0.2, -1.0, 1.3).expand(S, 3));
        Categorical c = Categorical.ofLogits(logits);
        c.logProb(Var.constant(c.sample(rng))).sum().backward();
        for (int k = 0; k < 3; k++) assertMeanWithin(logits.grad().slice(1, k, k + 1), 0, "Categorical score in logit " + k);

        Var temperature = full(0.8, S);
        Var rl = Var.param(Tensor.of(0.2, -1.0, 1.3).expand(S, 3));
        RelaxedOneHotCategorical r = RelaxedOneHotCategorical.ofLogits(temperature, rl);
        r.logProb(Var.constant(r.sample(rng))).sum().backward();
        assertMeanWithin(temperature.grad(), 0, "Concrete score in τ");
        for (int k = 0; k < 3; k++) assertMeanWithin(rl.grad().slice(1, k, k + 1), 0, "Concrete score in logit " + k);
    }

    /**
     * q = N(μ, σ), p = N(0, 1): ELBO = −KL(q ‖ p) = −½(μ² + σ² − 1) + log σ, so ∇μ = −μ and ∇σ = 1/σ − σ.
     * The same surrogate, built only from score parts, is unbiased for this gradient with a
     * reparameterized value and with a score-function value.
     */
    @Test
    void oneSurrogateIsUnbiasedForBothKindsOfValue() {
        for (boolean reparameterized : new boolean[] {true, false}) {
            Var mu = full(0.8, S), sigma = full(0.6, S);
            Distribution q = new Normal(mu, sigma);
            Normal prior = Normal.of(0, 1);
            Rng rng = new Rng(reparameterized ? 5 : 6);
            Var z = reparameterized ? q.rsample(rng) : Var.constant(q.sample(rng));
            ScoreParts parts = q.scoreParts(z, reparameterized);
            Var logP = prior.logProb(z);
            Var surrogate = logP.sub(parts.entropyTerm()).add(logP.sub(parts.logProb()).detach().mul(parts.scoreFunction()));
            surrogate.sum().backward();
            String kind = reparameterized ? "pathwise" : "score function";
            assertMeanWithin(mu.grad(), -0.8, kind + " ∇μ");
            assertMeanWithin(sigma.grad(), 1 / 0.6 - 0.6, kind + " ∇σ");
        }
    }

    @Test
    void gammaEntropyIsMinusTheMeanLogDensity() {
        // H = −E[log q(x)]: a Monte Carlo cross-check of the closed form through the sampler.
        Gamma g = Gamma.of(0.7, 2);
        Var lp = g.logProb(Var.constant(g.sample(new Rng(7), S)));
        assertMeanWithin(lp.value().mul(-1.0), g.entropy().item(), "Gamma −log q");
        assertEquals(0.7 - Math.log(2) + Special.lgamma(0.7) + 0.3 * Special.digamma(0.7), g.entropy().item(), 1e-15);
    }
}
