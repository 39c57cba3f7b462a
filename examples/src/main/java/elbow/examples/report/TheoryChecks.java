package elbow.examples.report;

import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Gamma;
import elbow.vi.distributions.Normal;
import elbow.vi.inference.ElboEstimate;
import elbow.vi.inference.ElboEstimator;
import elbow.vi.inference.ImportanceWeightedEstimator;
import elbow.vi.inference.LogJoint;
import elbow.vi.inference.MeanField;
import elbow.vi.inference.PathwiseGradient;
import elbow.vi.inference.ReparameterizedEstimator;
import elbow.vi.inference.ScoreFunctionEstimator;
import elbow.vi.models.GammaFamily;
import elbow.vi.models.GammaFisher;
import elbow.vi.models.NormalGammaModel;
import elbow.vi.models.NormalGammaVariational;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;

/**
 * The claims of {@code docs/theory.md}, checked live with the library, small enough to take seconds:
 * the unit tests named beside each check (in {@code vi}; they are not in the jar) check the same claims
 * more thoroughly, over more points and seeds.
 *
 * <p>How a check passes, so that a failure means something:
 * <ul>
 *   <li>an identity computed two ways in float64 must agree to round-off, with the tolerance stated;</li>
 *   <li>a Monte Carlo estimate of a quantity known in closed form must lie within {@value #Z} standard
 *       errors of it (a false alarm has probability about 6e-7 per comparison);</li>
 *   <li>an ordering of two noisy quantities (L_5 above L_1, a smaller variance) counts as observed when
 *       the difference exceeds {@value #ORDER_Z} standard errors; the setups are chosen so that the true
 *       differences are many times that.</li>
 * </ul>
 * Everything is seeded, so a report with the same seed shows the same numbers.
 */
public final class TheoryChecks {
    /** Monte Carlo agreement: |estimate − exact| at most this many standard errors. */
    static final double Z = 5;
    /** Monte Carlo ordering: the difference at least this many standard errors. */
    static final double ORDER_Z = 3;

    /**
     * One claim: what it says, what was computed, the rule it had to meet, the outcome, and the unit
     * test that checks it thoroughly.
     */
    public record Check(String claim, String numbers, String criterion, boolean passed, String test) {}

    private final long seed;
    private final NormalGammaModel model;

    private TheoryChecks(long seed) {
        this.seed = seed;
        this.model = normalGamma(100, seed);
    }

    /** Runs every check; a check that throws is reported as failed with its message, and the rest still run. */
    public static List<Check> run(long seed) {
        TheoryChecks t = new TheoryChecks(seed);
        List<Check> checks = new ArrayList<>();
        checks.add(t.guard(EVIDENCE, t::evidenceIsElboPlusKl));
        checks.add(t.guard(CLOSED_FORM_ELBO, t::closedFormElboIsTheExpectation));
        checks.add(t.guard(CAVI_MAXIMUM, t::caviUpdateIsACoordinateMaximum));
        checks.add(t.guard(CAVI_MONOTONE, t::caviNeverDecreasesAndReachesTheFixedPoint));
        checks.add(t.guard(IWELBO, t::iwelboIsOrdered));
        checks.add(t.guard(SCORE_MEAN, t::scoreHasZeroMean));
        checks.add(t.guard(UNBIASED, t::scoreFunctionEstimatorsAreUnbiased));
        checks.add(t.guard(VARIANCE, t::varianceIsReduced));
        checks.add(t.guard(STL, t::stlIsZeroAtThePosterior));
        checks.add(t.guard(DREG, t::dregIsZeroAtThePosterior));
        checks.add(t.guard(GAMMA_FORM, t::gammaIsAnExponentialFamily));
        checks.add(t.guard(GAMMA_MOMENTS, t::logNormaliserGivesTheMoments));
        checks.add(t.guard(FISHER_CLOSED_FORM, t::fisherClosedFormAndInverse));
        checks.add(t.guard(FISHER_SCORE, t::fisherIsTheExpectedOuterProductOfTheScore));
        return checks;
    }

    // ---------------------------------------------------------------- the claims, as theory.md states them

    private record Claim(String text, String criterion, String test) {}

    private static final Claim EVIDENCE = new Claim(
            "log p(X) = ELBO(q) + KL(q || p(Z | X)) for arbitrary q (Normal-Gamma model, N = 100)",
            "log p(X) - ELBO >= 0, and the Monte Carlo KL (20,000 draws of q) within " + (int) Z + " standard errors of it, for 3 random q",
            "vi NormalGammaModelTest.evidenceIsElboPlusKlForArbitraryQ");
    private static final Claim CLOSED_FORM_ELBO = new Claim(
            "the closed-form ELBO is E_q[log p(X, Z) - log q(Z)]",
            "Monte Carlo mean (20,000 draws) within " + (int) Z + " standard errors of the closed form, for the same 3 q",
            "vi NormalGammaModelTest.evidenceIsElboPlusKlForArbitraryQ");
    private static final Claim CAVI_MAXIMUM = new Claim(
            "log q1*(Z1) = E_{-Z1}[log p(X, Z)] + const is a coordinate maximum of the ELBO",
            "after each update, moving any parameter of the updated factor by +-0.1 % or +-10 % lowers the ELBO (16 perturbations)",
            "vi NormalGammaModelTest.eachCaviUpdateIsACoordinateMaximum");
    private static final Claim CAVI_MONOTONE = new Claim(
            "CAVI never decreases the ELBO; its fixed point has a closed form",
            "50 sweeps from a poor start for N = 10, 100, 1000: no sweep lowers the ELBO by more than 1e-12 |ELBO| (round-off);"
                    + " m = mu_N and a = a0 + (N + 1)/2 to 1e-12",
            "vi NormalGammaModelTest.caviNeverDecreasesAndReachesTheClosedFormFixedPoint");
    private static final Claim IWELBO = new Claim(
            "L_1 <= L_K <= log p(X), and L_K grows with K (Normal-Gamma model, exact log p(X))",
            "each step of L_1 < L_5 < L_50 < log p(X) larger than " + (int) ORDER_Z + " standard errors (10 replicates of 400 particle sets, a poor q)",
            "vi ImportanceWeightedEstimatorTest.boundIsBelowTheEvidenceAboveTheElboAndGrowsWithK");
    private static final Claim SCORE_MEAN = new Claim(
            "E_q[grad_lambda log q(z | lambda)] = 0",
            "each of the 4 coordinates' mean over 100,000 draws within " + (int) Z + " standard errors of 0",
            "vi ScoreFunctionEstimatorTest.scoreFunctionHasZeroMean, ScorePartsTest.scoreFunctionHasMeanZero");
    private static final Claim UNBIASED = new Claim(
            "REINFORCE, control-variate and Rao-Blackwellized gradients are unbiased",
            "the mean of 400 independent estimates (S = 20) within " + (int) Z + " standard errors of the gradient of the closed-form ELBO, every coordinate",
            "vi ScoreFunctionEstimatorTest.reinforceIsUnbiased, .controlVariatesAreUnbiased, .raoBlackwellizedIsUnbiased");
    private static final Claim VARIANCE = new Claim(
            "their variances are ordered as the theory says: control variates and Rao-Blackwellization lower REINFORCE's",
            "over 50 paired estimates (S = 200, the same draws for each estimator), REINFORCE's variance minus the other's is above "
                    + (int) ORDER_Z + " standard errors",
            "vi ScoreFunctionEstimatorTest.varianceIsReducedByControlVariatesAndRaoBlackwellization");
    private static final Claim STL = new Claim(
            "at q = posterior the STL gradient has zero variance, the standard one does not (conjugate Normal model)",
            "every per-sample STL term below 1e-9 in absolute value (round-off) and the ELBO estimate equal to log p(X) to 1e-9;"
                    + " the standard estimator's variance above 1e-6",
            "vi ReparameterizedEstimatorTest.stlHasZeroVarianceAtThePosteriorAndTheStandardGradientDoesNot");
    private static final Claim DREG = new Claim(
            "at q = posterior every importance weight is p(X), and the DReG gradient is exactly zero",
            "L_8 equal to log p(X) to 1e-9 and every per-sample DReG term below 1e-9 in absolute value",
            "vi ImportanceWeightedEstimatorTest.atThePosteriorEveryWeightIsTheEvidenceAndDregIsExactlyZero");
    private static final Claim GAMMA_FORM = new Claim(
            "Gamma(shape, scale) is the exponential family eta = (alpha - 1, -1/beta), t(x) = (log x, x), A(eta) = log Gamma(eta1 + 1) - (eta1 + 1) log(-eta2)",
            "eta.t(x) - A(eta) equal to the Gamma distribution's log-density to 1e-12 relative, on a grid of 36 (alpha, beta, x)",
            "vi GammaFamilyTest.densityIsTheExponentialFamilyForm");
    private static final Claim GAMMA_MOMENTS = new Claim(
            "grad A(eta) = E[t(x)] and the Hessian of A(eta) = Cov[t(x)]",
            "Monte Carlo moments of 200,000 draws of Gamma(3, scale 2) within " + (int) Z + " standard errors of the closed forms",
            "vi GammaFamilyTest.gradientOfTheLogNormaliserIsTheMeanAndItsHessianTheCovarianceOfTheStatistics");
    private static final Claim FISHER_CLOSED_FORM = new Claim(
            "F(alpha, beta) = J^T F(eta) J = [[psi'(alpha), 1/beta], [1/beta, alpha/beta^2]], and its closed-form inverse inverts it",
            "J^T F(eta) J equal to F to 1e-13 relative, F F^-1 equal to I to 1e-12 of the terms summed, at 4 (alpha, beta)",
            "vi GammaFisherTest.fisherIsTheNaturalFisherPulledBackThroughTheJacobian, .inverseIsTheClosedFormAndInvertsF");
    private static final Claim FISHER_SCORE = new Claim(
            "F = E[score score^T] and E[score] = 0 (Gamma in shape and scale)",
            "Monte Carlo means of 200,000 draws within " + (int) Z + " standard errors, at (alpha, beta) = (3, 2) and (0.5, 10)",
            "vi GammaFisherTest.fisherIsTheExpectedOuterProductOfTheScore");

    /** What one check found: the numbers and the verdict. */
    private record Outcome(boolean passed, String numbers) {}

    private Check guard(Claim claim, Supplier<Outcome> body) {
        try {
            Outcome o = body.get();
            return new Check(claim.text(), o.numbers(), claim.criterion(), o.passed(), claim.test());
        } catch (RuntimeException e) {
            return new Check(claim.text(), "the check failed to run: " + e, claim.criterion(), false, claim.test());
        }
    }

    // ---------------------------------------------------------------- the evidence decomposition

    /** Random q from the same ranges the unit test draws from. */
    private List<NormalGammaModel.MeanField> randomQs() {
        Rng rng = new Rng(seed * 31 + 7);
        List<NormalGammaModel.MeanField> qs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            double m = -1 + 4 * rng.uniform(), ell = Math.exp(Math.log(0.5) + rng.uniform() * Math.log(200));
            double a = 1 + 79 * rng.uniform(), b = 2 + 198 * rng.uniform();
            qs.add(new NormalGammaModel.MeanField(m, ell, a, b));
        }
        return qs;
    }

    private Outcome evidenceIsElboPlusKl() {
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        int i = 0;
        for (NormalGammaModel.MeanField q : randomQs()) {
            Estimate kl = expect(q, new Rng(seed + 100 + i), 20_000, (mu, tau) -> q.logDensity(mu, tau) - model.logPosterior(mu, tau));
            double gap = model.logEvidence() - model.elbo(q);
            ok &= gap >= 0 && Math.abs(kl.mean() - gap) <= Z * kl.se();
            s.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "q%d %s: log p(X) - ELBO = %.5f, MC KL = %s (z = %.2f)",
                    ++i, describe(q), gap, kl, (kl.mean() - gap) / kl.se()));
        }
        return new Outcome(ok, String.format(Locale.ROOT, "log p(X) = %.5f; ", model.logEvidence()) + s);
    }

    private Outcome closedFormElboIsTheExpectation() {
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        int i = 0;
        for (NormalGammaModel.MeanField q : randomQs()) {
            Estimate elbo = expect(q, new Rng(seed + 200 + i), 20_000, (mu, tau) -> model.logJoint(mu, tau) - q.logDensity(mu, tau));
            double exact = model.elbo(q);
            ok &= Math.abs(elbo.mean() - exact) <= Z * elbo.se();
            s.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "q%d: closed form %.5f, MC %s (z = %.2f)", ++i, exact, elbo, (elbo.mean() - exact) / elbo.se()));
        }
        return new Outcome(ok, s.toString());
    }

    // ---------------------------------------------------------------- CAVI

    private Outcome caviUpdateIsACoordinateMaximum() {
        NormalGammaModel.MeanField q = new NormalGammaModel.MeanField(0.3, 2, 3, 7);
        double[] steps = {-0.1, -1e-3, 1e-3, 0.1};
        NormalGammaModel.MeanField mu = model.updateMu(q), tau = model.updateTau(q);
        double topMu = model.elbo(mu), topTau = model.elbo(tau), bestMu = Double.NEGATIVE_INFINITY, bestTau = Double.NEGATIVE_INFINITY;
        for (double d : steps) {
            bestMu = Math.max(bestMu, Math.max(model.elbo(new NormalGammaModel.MeanField(mu.m() + d, mu.ell(), mu.a(), mu.b())),
                    model.elbo(new NormalGammaModel.MeanField(mu.m(), mu.ell() * (1 + d), mu.a(), mu.b()))));
            bestTau = Math.max(bestTau, Math.max(model.elbo(new NormalGammaModel.MeanField(tau.m(), tau.ell(), tau.a() * (1 + d), tau.b())),
                    model.elbo(new NormalGammaModel.MeanField(tau.m(), tau.ell(), tau.a(), tau.b() * (1 + d)))));
        }
        return new Outcome(bestMu < topMu && bestTau < topTau, String.format(Locale.ROOT,
                "q(mu) update: ELBO %.9f, best perturbed %.9f (lower by %.3g); q(tau) update: ELBO %.9f, best perturbed %.9f (lower by %.3g)",
                topMu, bestMu, topMu - bestMu, topTau, bestTau, topTau - bestTau));
    }

    private Outcome caviNeverDecreasesAndReachesTheFixedPoint() {
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        for (int n : new int[] {10, 100, 1000}) {
            NormalGammaModel m = normalGamma(n, seed + n);
            NormalGammaModel.MeanField q = new NormalGammaModel.MeanField(-3, 0.01, 1, 50);
            double prev = m.elbo(q), worst = Double.POSITIVE_INFINITY;
            for (int i = 0; i < 50; i++) {
                q = m.caviStep(q);
                double e = m.elbo(q);
                worst = Math.min(worst, (e - prev) / Math.abs(prev));
                prev = e;
            }
            double[] post = m.posterior();
            double dm = Math.abs(q.m() - post[0]), da = Math.abs(q.a() - (m.a0 + 0.5 * (n + 1)));
            ok &= worst >= -1e-12 && dm <= 1e-12 && da <= 1e-12;
            s.append(n == 10 ? "" : "; ").append(String.format(Locale.ROOT,
                    "N = %d: smallest relative change per sweep %.2e, |m - mu_N| = %.1e, |a - (a0 + (N+1)/2)| = %.1e, ELBO %.4f vs log p(X) %.4f",
                    n, worst, dm, da, prev, m.logEvidence()));
        }
        return new Outcome(ok, s.toString());
    }

    // ---------------------------------------------------------------- the importance-weighted bound

    private Outcome iwelboIsOrdered() {
        LogJoint logJoint = NormalGammaVariational.logJoint(model);
        int[] ks = {1, 5, 50};
        Estimate[] bound = new Estimate[ks.length];
        for (int j = 0; j < ks.length; j++) {
            ElboEstimator est = new ImportanceWeightedEstimator(ks[j], PathwiseGradient.STANDARD);
            Rng rng = new Rng(seed + 300 + j);
            double[] reps = new double[10];
            // Too narrow and off-centre: the bounds are well apart, so the ordering is visible above the noise.
            for (int r = 0; r < reps.length; r++) reps[r] = est.estimate(logJoint, NormalGammaVariational.family(0.8, 0.05, 50, 70), 400, rng).elbo();
            bound[j] = Estimate.of(reps);
        }
        double logEvidence = model.logEvidence();
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        for (int j = 0; j < ks.length; j++) {
            s.append(String.format(Locale.ROOT, "L_%d = %s; ", ks[j], bound[j]));
            if (j > 0) ok &= bound[j].mean() - bound[j - 1].mean() > ORDER_Z * Math.hypot(bound[j].se(), bound[j - 1].se());
        }
        Estimate last = bound[ks.length - 1];
        ok &= logEvidence - last.mean() > ORDER_Z * last.se();
        s.append(String.format(Locale.ROOT, "log p(X) = %.4f (exact)", logEvidence));
        return new Outcome(ok, s.toString());
    }

    // ---------------------------------------------------------------- score functions and their estimators

    /** A point away from the optimum, as in ScoreFunctionEstimatorTest: the gradient is far from zero. */
    private static final double M = 0.6, S = 0.3, A = 8, B = 12;

    private Outcome scoreHasZeroMean() {
        double[] lambdaMu = {M, Math.log(S)}, lambdaTau = {Math.log(A), Math.log(B)};
        Rng rng = new Rng(seed + 400);
        int n = 100_000;
        double[][] values = new double[4][n];
        for (int i = 0; i < n; i++) {
            double mu = M + S * rng.normal(), tau = rng.gamma(A) / B;
            double[] sm = NormalGammaVariational.scoreMu(mu, lambdaMu), st = NormalGammaVariational.scoreTau(tau, lambdaTau);
            values[0][i] = sm[0];
            values[1][i] = sm[1];
            values[2][i] = st[0];
            values[3][i] = st[1];
        }
        String[] names = {"m", "log s", "log a", "log b"};
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < 4; d++) {
            Estimate e = Estimate.of(values[d]);
            ok &= Math.abs(e.mean()) <= Z * e.se();
            s.append(d == 0 ? "" : "; ").append(String.format(Locale.ROOT, "d/d %s: %s (z = %.2f)", names[d], e, e.mean() / e.se()));
        }
        return new Outcome(ok, s.toString());
    }

    private Outcome scoreFunctionEstimatorsAreUnbiased() {
        LogJoint logJoint = NormalGammaVariational.logJoint(model);
        double[] exact = NormalGammaVariational.elboGradient(model, new double[] {M, Math.log(S)}, new double[] {Math.log(A), Math.log(B)});
        boolean ok = true;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "exact gradient (%.4f, %.4f, %.4f, %.4f); ", exact[0], exact[1], exact[2], exact[3]));
        ElboEstimator[] estimators = {ScoreFunctionEstimator.reinforce(), ScoreFunctionEstimator.controlVariates(), ScoreFunctionEstimator.raoBlackwellized()};
        for (int k = 0; k < estimators.length; k++) {
            double[][] g = new double[4][400];
            Rng rng = new Rng(seed + 500 + k);
            MeanField q = NormalGammaVariational.family(M, S, A, B);
            for (int r = 0; r < 400; r++) {
                ElboEstimate e = estimators[k].estimate(logJoint, q, 20, rng);
                for (int d = 0; d < 4; d++) g[d][r] = e.gradient().get(d / 2).getFlat(d % 2);
            }
            double worst = 0;
            for (int d = 0; d < 4; d++) {
                Estimate e = Estimate.of(g[d]);
                worst = Math.max(worst, Math.abs(e.mean() - exact[d]) / e.se());
            }
            ok &= worst <= Z;
            s.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s: largest |z| %.2f", estimators[k].name(), worst));
        }
        return new Outcome(ok, s.toString());
    }

    private Outcome varianceIsReduced() {
        LogJoint logJoint = NormalGammaVariational.logJoint(model);
        ElboEstimator[] estimators = {ScoreFunctionEstimator.reinforce(), ScoreFunctionEstimator.controlVariates(), ScoreFunctionEstimator.raoBlackwellized()};
        int reps = 50;
        double[][] v = new double[estimators.length][reps];
        for (int k = 0; k < estimators.length; k++) {
            Rng rng = new Rng(seed + 600); // the same draws for every estimator: paired differences
            MeanField q = NormalGammaVariational.family(M, S, A, B);
            for (int r = 0; r < reps; r++) v[k][r] = estimators[k].estimate(logJoint, q, 200, rng).variance();
        }
        boolean ok = true;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "mean variance: REINFORCE %.4g", Estimate.of(v[0]).mean()));
        for (int k = 1; k < estimators.length; k++) {
            double[] diff = new double[reps];
            for (int r = 0; r < reps; r++) diff[r] = v[0][r] - v[k][r];
            Estimate d = Estimate.of(diff);
            ok &= d.mean() > ORDER_Z * d.se();
            s.append(String.format(Locale.ROOT, ", %s %.4g (%.1fx lower, by %.1f standard errors)",
                    estimators[k].name(), Estimate.of(v[k]).mean(), Estimate.of(v[0]).mean() / Estimate.of(v[k]).mean(), d.mean() / d.se()));
        }
        return new Outcome(ok, s.toString());
    }

    // ---------------------------------------------------------------- pathwise gradients at the posterior

    /**
     * x_n ~ N(mu, 1), mu ~ N(0, 1), written with the library's Normal: the posterior N(sum x/(N + 1),
     * 1/(N + 1)) lies in the family q(mu) = N(m, s^2), which the Normal-Gamma posterior does not.
     */
    private final class ConjugateNormal {
        final double[] x;
        final double postMean, postSd, logEvidence;
        final LogJoint logJoint;

        ConjugateNormal() {
            Rng rng = new Rng(seed + 700);
            x = new double[20];
            for (int i = 0; i < x.length; i++) x[i] = 1 + rng.normal();
            double sum = 0;
            for (double v : x) sum += v;
            postMean = sum / (x.length + 1);
            postSd = Math.sqrt(1.0 / (x.length + 1));
            Var data = Var.constant(Tensor.wrap(x.clone(), 1, x.length));
            Var one = Var.constant(Tensor.of(1.0));
            logJoint = LogJoint.builder()
                    .factor("likelihood", z -> {
                        Var mu = z.get("mu");
                        return new Normal(mu.reshape(mu.shape()[0], 1), one).logProb(data).sum(1);
                    }, "mu")
                    .factor("prior", z -> Normal.of(0, 1).logProb(z.get("mu")), "mu")
                    .build();
            // p(X) = p(X, mu) / p(mu | X) at any mu; at the posterior mean:
            Var at = Var.constant(Tensor.of(postMean));
            logEvidence = new Normal(at, one).logProb(Var.constant(Tensor.wrap(x.clone(), x.length))).sum().item()
                    + Normal.of(0, 1).logProb(at).sum().item() - Normal.of(postMean, postSd).logProb(at).sum().item();
        }

        MeanField posterior() {
            return MeanField.builder()
                    .factor("mu", new double[] {postMean, Math.log(postSd)},
                            p -> new Normal(p.slice(1, 0, 1).reshape(-1), p.slice(1, 1, 2).reshape(-1).exp()))
                    .build();
        }
    }

    private static double largestTerm(ElboEstimate e) {
        double worst = 0;
        for (Tensor t : e.perSample()) for (int i = 0; i < t.size(); i++) worst = Math.max(worst, Math.abs(t.getFlat(i)));
        return worst;
    }

    private Outcome stlIsZeroAtThePosterior() {
        ConjugateNormal c = new ConjugateNormal();
        ElboEstimate stl = ReparameterizedEstimator.stl().estimate(c.logJoint, c.posterior(), 64, new Rng(seed + 800));
        ElboEstimate standard = ReparameterizedEstimator.standard().estimate(c.logJoint, c.posterior(), 64, new Rng(seed + 800));
        double worst = largestTerm(stl);
        boolean ok = worst < 1e-9 && Math.abs(stl.elbo() - c.logEvidence) < 1e-9 && standard.variance() > 1e-6;
        return new Outcome(ok, String.format(Locale.ROOT,
                "64 samples at q = N(%.4f, %.4f^2): largest |STL term| %.1e, STL variance %.1e, standard variance %.4g; ELBO estimate - log p(X) = %.1e",
                c.postMean, c.postSd, worst, stl.variance(), standard.variance(), stl.elbo() - c.logEvidence));
    }

    private Outcome dregIsZeroAtThePosterior() {
        ConjugateNormal c = new ConjugateNormal();
        ElboEstimate e = new ImportanceWeightedEstimator(8, PathwiseGradient.DREG).estimate(c.logJoint, c.posterior(), 16, new Rng(seed + 900));
        double worst = largestTerm(e);
        boolean ok = worst < 1e-9 && Math.abs(e.elbo() - c.logEvidence) < 1e-9;
        return new Outcome(ok, String.format(Locale.ROOT, "K = 8, 16 particle sets: L_8 - log p(X) = %.1e (log p(X) = %.5f), largest |DReG term| %.1e",
                e.elbo() - c.logEvidence, c.logEvidence, worst));
    }

    // ---------------------------------------------------------------- the Gamma family and its Fisher matrix

    private Outcome gammaIsAnExponentialFamily() {
        double worst = 0;
        for (double alpha : new double[] {0.3, 1, 3, 20}) {
            for (double beta : new double[] {0.1, 1, 5}) {
                for (double x : new double[] {0.05, 1, 7}) {
                    double[] eta = GammaFamily.natural(alpha, beta), t = GammaFamily.sufficientStatistics(x);
                    double form = eta[0] * t[0] + eta[1] * t[1] - GammaFamily.logNormaliser(eta);
                    double density = Gamma.ofShapeScale(Var.constant(Tensor.of(alpha)), Var.constant(Tensor.of(beta)))
                            .logProb(Var.constant(Tensor.of(x))).sum().item();
                    worst = Math.max(worst, Math.abs(form - density) / Math.max(1, Math.abs(density)));
                }
            }
        }
        return new Outcome(worst <= 1e-12, String.format(Locale.ROOT,
                "largest relative difference between eta.t(x) - A(eta) and the Gamma distribution's logProb: %.1e", worst));
    }

    private Outcome logNormaliserGivesTheMoments() {
        double alpha = 3, beta = 2;
        Rng rng = new Rng(seed + 1000);
        int n = 200_000;
        double[][] t = new double[2][n];
        for (int i = 0; i < n; i++) {
            double[] s = GammaFamily.sufficientStatistics(beta * rng.gamma(alpha));
            t[0][i] = s[0];
            t[1][i] = s[1];
        }
        double[] eta = GammaFamily.natural(alpha, beta), grad = GammaFamily.gradLogNormaliser(eta);
        double[][] hessian = GammaFamily.fisherNatural(eta);
        Estimate[] mean = {Estimate.of(t[0]), Estimate.of(t[1])};
        boolean ok = true;
        double worst = 0;
        for (int a = 0; a < 2; a++) {
            worst = Math.max(worst, Math.abs(mean[a].mean() - grad[a]) / mean[a].se());
            for (int b = 0; b < 2; b++) {
                double[] products = new double[n];
                for (int i = 0; i < n; i++) products[i] = (t[a][i] - mean[a].mean()) * (t[b][i] - mean[b].mean());
                Estimate cov = Estimate.of(products);
                worst = Math.max(worst, Math.abs(cov.mean() - hessian[a][b]) / cov.se());
            }
        }
        ok &= worst <= Z;
        return new Outcome(ok, String.format(Locale.ROOT,
                "grad A = (%.5f, %.5f), E[t] = (%s, %s); Hessian diagonal (%.5f, %.5f), off-diagonal %.5f; largest |z| over the 2 means and 4 covariances %.2f",
                grad[0], grad[1], mean[0], mean[1], hessian[0][0], hessian[1][1], hessian[0][1], worst));
    }

    private Outcome fisherClosedFormAndInverse() {
        double pullback = 0, identity = 0;
        for (double[] p : new double[][] {{0.5, 10}, {3, 2}, {8, 0.3}, {50, 1}}) {
            double alpha = p[0], beta = p[1];
            double[][] j = GammaFamily.jacobian(alpha, beta), fEta = GammaFamily.fisherNatural(GammaFamily.natural(alpha, beta));
            double[][] f = GammaFisher.fisher(alpha, beta), inv = GammaFisher.inverse(alpha, beta);
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    double pulled = 0, product = 0, scale = 0;
                    for (int k = 0; k < 2; k++) {
                        for (int l = 0; l < 2; l++) pulled += j[k][a] * fEta[k][l] * j[l][b];
                        product += f[a][k] * inv[k][b];
                        scale += Math.abs(f[a][k] * inv[k][b]);
                    }
                    pullback = Math.max(pullback, Math.abs(pulled - f[a][b]) / Math.abs(f[a][b]));
                    identity = Math.max(identity, Math.abs(product - (a == b ? 1 : 0)) / scale);
                }
            }
        }
        return new Outcome(pullback <= 1e-13 && identity <= 1e-12, String.format(Locale.ROOT,
                "largest relative difference of J^T F(eta) J from F: %.1e; largest |F F^-1 - I| relative to the terms: %.1e", pullback, identity));
    }

    private Outcome fisherIsTheExpectedOuterProductOfTheScore() {
        boolean ok = true;
        StringBuilder s = new StringBuilder();
        int n = 200_000;
        for (double[] p : new double[][] {{3, 2}, {0.5, 10}}) {
            double alpha = p[0], beta = p[1];
            Rng rng = new Rng(seed + 1100 + (long) (alpha * 10));
            double[][] score = new double[2][n];
            for (int i = 0; i < n; i++) {
                double[] g = GammaFisher.score(beta * rng.gamma(alpha), alpha, beta);
                score[0][i] = g[0];
                score[1][i] = g[1];
            }
            double[][] f = GammaFisher.fisher(alpha, beta);
            double worst = 0;
            for (int a = 0; a < 2; a++) {
                Estimate mean = Estimate.of(score[a]);
                worst = Math.max(worst, Math.abs(mean.mean()) / mean.se());
                for (int b = 0; b < 2; b++) {
                    double[] outer = new double[n];
                    for (int i = 0; i < n; i++) outer[i] = score[a][i] * score[b][i];
                    Estimate e = Estimate.of(outer);
                    worst = Math.max(worst, Math.abs(e.mean() - f[a][b]) / e.se());
                }
            }
            ok &= worst <= Z;
            s.append(s.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                    "(%s, %s): F = [[%.5f, %.5f], [%.5f, %.5f]], largest |z| over E[score] and the 4 entries %.2f",
                    num(alpha), num(beta), f[0][0], f[0][1], f[1][0], f[1][1], worst));
        }
        return new Outcome(ok, s.toString());
    }

    // ---------------------------------------------------------------- helpers

    /** A Monte Carlo mean with its standard error. */
    record Estimate(double mean, double se) {
        static Estimate of(double[] values) {
            double s = 0;
            for (double v : values) s += v;
            double mean = s / values.length, ss = 0;
            for (double v : values) ss += (v - mean) * (v - mean);
            return new Estimate(mean, Math.sqrt(ss / (values.length - 1) / values.length));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.5f +- %.5f", mean, se);
        }
    }

    /** E_q[f(mu, tau)] over {@code samples} draws of q(mu) q(tau). */
    private static Estimate expect(NormalGammaModel.MeanField q, Rng rng, int samples, DoubleBinaryOperator f) {
        double[] values = new double[samples];
        for (int i = 0; i < samples; i++) {
            double mu = q.m() + rng.normal() / Math.sqrt(q.ell());
            double tau = rng.gamma(q.a()) / q.b();
            values[i] = f.applyAsDouble(mu, tau);
        }
        return Estimate.of(values);
    }

    /** N draws from mu = 1, tau = 0.5 and the SPEC's priors mu0 = 1, lambda0 = 0.1, a0 = 1, b0 = 2. */
    private static NormalGammaModel normalGamma(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = 1 + Math.sqrt(2) * rng.normal();
        return new NormalGammaModel(x, 1, 0.1, 1, 2);
    }

    private static String describe(NormalGammaModel.MeanField q) {
        return String.format(Locale.ROOT, "(m %.3g, precision %.3g, a %.3g, b %.3g)", q.m(), q.ell(), q.a(), q.b());
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
