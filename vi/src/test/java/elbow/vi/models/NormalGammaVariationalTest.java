package elbow.vi.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import elbow.autograd.Tape;
import elbow.autograd.Var;
import elbow.tensor.Tensor;
import elbow.vi.inference.LogJoint;
import elbow.vi.inference.MeanField;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

/** The closed forms the assignment asks for (Question 1.2.4) equal what autograd computes from the same model. */
class NormalGammaVariationalTest {
    private final NormalGammaModel model = NormalGammaModelTest.specModel(100, 42);

    @Property(tries = 100)
    void closedFormLogDensitiesAndScoresEqualAutograd(@ForAll @DoubleRange(min = -3, max = 3) double m, @ForAll @DoubleRange(min = -2, max = 1) double logS,
                                                      @ForAll @DoubleRange(min = -1, max = 4) double logA, @ForAll @DoubleRange(min = -1, max = 5) double logB,
                                                      @ForAll @DoubleRange(min = -4, max = 6) double mu, @ForAll @DoubleRange(min = 0.01, max = 5) double tau) {
        double[] lamMu = {m, logS}, lamTau = {logA, logB};
        MeanField q = NormalGammaVariational.family(m, Math.exp(logS), Math.exp(logA), Math.exp(logB));
        Var pMu = q.parameters().get(0), pTau = q.parameters().get(1);
        Var logQMu = q.factor("mu").builder().apply(pMu.reshape(1, 2)).logProb(Tensor.of(mu)).sum();
        Var logQTau = q.factor("tau").builder().apply(pTau.reshape(1, 2)).logProb(Tensor.of(tau)).sum();
        assertEquals(NormalGammaVariational.logQMu(mu, lamMu), logQMu.item(), 1e-10);
        assertEquals(NormalGammaVariational.logQTau(tau, lamTau), logQTau.item(), 1e-9 * (1 + Math.abs(logQTau.item())));
        double[] gMu = Tape.grad(logQMu, pMu)[0].toDoubleArray(), gTau = Tape.grad(logQTau, pTau)[0].toDoubleArray();
        double[] sMu = NormalGammaVariational.scoreMu(mu, lamMu), sTau = NormalGammaVariational.scoreTau(tau, lamTau);
        for (int i = 0; i < 2; i++) {
            assertEquals(sMu[i], gMu[i], 1e-9 * (1 + Math.abs(sMu[i])));
            assertEquals(sTau[i], gTau[i], 1e-8 * (1 + Math.abs(sTau[i])));
        }
        // The log joint written with elbow ops equals the closed-form log-likelihood plus log-priors,
        // and each factor equals its closed-form term.
        LogJoint lj = NormalGammaVariational.logJoint(model);
        Map<String, Var> z = Map.of("mu", Var.constant(Tensor.of(mu)), "tau", Var.constant(Tensor.of(tau)));
        assertEquals(model.logJoint(mu, tau), lj.logProb(z).item(), 1e-9 * Math.abs(model.logJoint(mu, tau)));
        assertEquals(model.logPriorTau(tau), lj.factors().get(2).term().apply(z).item(), 1e-12);
        assertEquals(model.logLikelihood(mu, tau) + model.logPriorMu(mu, tau), lj.markovBlanket("mu", z).item(), 1e-9 * Math.abs(model.logJoint(mu, tau)));
    }
}
