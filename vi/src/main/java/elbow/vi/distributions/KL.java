package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.Shape;
import elbow.vi.special.Special;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Closed-form Kullback–Leibler divergences KL(p ‖ q) = E_p[log p − log q], differentiable in the
 * parameters of both, looked up by the pair of classes. Registered:
 *
 * <pre>
 *   Normal ‖ Normal:   log(σq/σp) + (σp² + (μp − μq)²)/(2σq²) − ½
 *   Gamma ‖ Gamma:     (αp − αq) ψ(αp) − log Γ(αp) + log Γ(αq) + αq (log βp − log βq) + αp (βq − βp)/βp
 *   Bernoulli ‖ Bernoulli, Categorical ‖ Categorical, OneHotCategorical ‖ OneHotCategorical:
 *                      Σ_k p_k (log p_k − log q_k)
 *   Independent ‖ Independent (same reinterpreted axes): the base KL summed over those axes
 * </pre>
 *
 * The result has the broadcast batch shape of p and q. Other pairs throw
 * {@link UnsupportedOperationException} naming both; {@link #register} adds closed forms.
 */
public final class KL {
    private KL() {}

    private record Pair(Class<?> p, Class<?> q) {}

    private static final Map<Pair, BiFunction<Distribution, Distribution, Var>> RULES = new ConcurrentHashMap<>();

    static {
        register(Normal.class, Normal.class, KL::normalNormal);
        register(Gamma.class, Gamma.class, KL::gammaGamma);
        register(Bernoulli.class, Bernoulli.class, KL::bernoulliBernoulli);
        register(Categorical.class, Categorical.class, KL::categoricalCategorical);
        register(OneHotCategorical.class, OneHotCategorical.class, (p, q) -> categoricalCategorical(p.categorical(), q.categorical()));
        register(Independent.class, Independent.class, KL::independentIndependent);
    }

    /** Adds (or replaces) the closed form for KL(P ‖ Q). */
    @SuppressWarnings("unchecked")
    public static <P extends Distribution, Q extends Distribution> void register(Class<P> p, Class<Q> q, BiFunction<? super P, ? super Q, Var> rule) {
        RULES.put(new Pair(p, q), (a, b) -> ((BiFunction<P, Q, Var>) rule).apply((P) a, (Q) b));
    }

    /** True when a closed form is registered for KL(p ‖ q) of these classes. */
    public static boolean hasClosedForm(Distribution p, Distribution q) {
        return RULES.containsKey(new Pair(p.getClass(), q.getClass()));
    }

    /**
     * KL(p ‖ q) in closed form, of the broadcast batch shape of p and q.
     *
     * @throws UnsupportedOperationException when no closed form is registered for the pair
     */
    public static Var divergence(Distribution p, Distribution q) {
        BiFunction<Distribution, Distribution, Var> rule = RULES.get(new Pair(p.getClass(), q.getClass()));
        if (rule == null) {
            throw new UnsupportedOperationException("KL(" + p.name() + " ‖ " + q.name() + ") has no registered closed form;"
                    + " estimate it by Monte Carlo as mean(p.logProb(x) − q.logProb(x)) over x ~ p");
        }
        if (p.dtype() != q.dtype()) {
            throw new IllegalArgumentException("KL(" + p.name() + " ‖ " + q.name() + "): dtypes differ, " + p.dtype() + " vs " + q.dtype());
        }
        if (!Shape.equal(p.eventShape(), q.eventShape())) {
            throw new IllegalArgumentException("KL(" + p.name() + " ‖ " + q.name() + "): event shapes differ, "
                    + Shape.str(p.eventShape()) + " vs " + Shape.str(q.eventShape()));
        }
        try {
            Shape.broadcast(p.batchShape(), q.batchShape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KL(" + p.name() + " ‖ " + q.name() + "): batch shapes " + Shape.str(p.batchShape())
                    + " and " + Shape.str(q.batchShape()) + " do not broadcast", e);
        }
        return rule.apply(p, q);
    }

    static Var normalNormal(Normal p, Normal q) {
        Var varRatio = p.scale().div(q.scale()).square();
        Var t = p.loc().sub(q.loc()).div(q.scale()).square();
        // ½ (varRatio + t − 1 − log varRatio)
        return varRatio.add(t).sub(1.0).sub(varRatio.log()).mul(0.5);
    }

    static Var gammaGamma(Gamma p, Gamma q) {
        Var ap = p.concentration(), aq = q.concentration();
        Var logBp = p.logRate(), logBq = q.logRate();
        Var bRatio = q.rate().div(p.rate()); // βq/βp
        return ap.sub(aq).mul(Special.digamma(ap))
                .sub(Special.lgamma(ap)).add(Special.lgamma(aq))
                .add(aq.mul(logBp.sub(logBq)))
                .add(ap.mul(bRatio.sub(1.0)));
    }

    static Var bernoulliBernoulli(Bernoulli p, Bernoulli q) {
        // p log(p/q) + (1 − p) log((1 − p)/(1 − q)), with log p = −softplus(−l) and log(1 − p) = −softplus(l).
        Var lp = p.logits(), lq = q.logits();
        Var prob = lp.sigmoid();
        Var logPos = lq.neg().softplus().sub(lp.neg().softplus()); // log p − log q
        Var logNeg = lq.softplus().sub(lp.softplus());             // log(1 − p) − log(1 − q)
        return prob.mul(logPos).add(prob.rsub(1.0).mul(logNeg));
    }

    static Var categoricalCategorical(Categorical p, Categorical q) {
        if (p.categories() != q.categories()) {
            throw new IllegalArgumentException("KL(Categorical ‖ Categorical): " + p.categories() + " vs " + q.categories() + " categories");
        }
        Var lp = p.logProbs();
        return lp.exp().mul(lp.sub(q.logProbs())).sum(-1);
    }

    static Var independentIndependent(Independent p, Independent q) {
        if (p.reinterpretedBatchAxes() != q.reinterpretedBatchAxes()) {
            throw new IllegalArgumentException("KL(" + p.name() + " ‖ " + q.name() + "): different numbers of reinterpreted axes");
        }
        return Independent.sumRightmost(divergence(p.base(), q.base()), p.reinterpretedBatchAxes());
    }
}
