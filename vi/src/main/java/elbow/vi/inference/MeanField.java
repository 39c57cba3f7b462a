package elbow.vi.inference;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Distribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A mean-field variational family q(Z) = Π_i q_i(Z_i | λ_i), each factor a distribution built from a
 * vector of <em>unconstrained</em> real parameters λ_i, so that any optimiser step stays valid: positive
 * parameters are written as exp(λ) (or softplus(λ)) inside the factor's builder, and the builder is
 * where that choice is made and documented.
 *
 * <p>Builders receive λ_i with a leading sample axis, shape {@code [S, P_i]}, and return a distribution
 * whose batch shape is {@code [S]}: the estimators replicate the parameters once per Monte Carlo
 * sample so that one backward pass yields every per-sample gradient (each row of the replica only
 * influences its own sample), which is what control variates and variance diagnostics need.
 */
public final class MeanField {
    /** One factor: the latent it models, its unconstrained parameters (a leaf), and its builder. */
    public record Factor(String latent, Var params, Function<Var, Distribution> builder) {}

    private final Map<String, Factor> factors;

    private MeanField(Map<String, Factor> factors) {
        this.factors = Collections.unmodifiableMap(factors);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> latents() { return new ArrayList<>(factors.keySet()); }

    public Factor factor(String latent) {
        Factor f = factors.get(latent);
        if (f == null) throw new IllegalArgumentException("no variational factor for latent '" + latent + "'; factors are " + factors.keySet());
        return f;
    }

    /** The unconstrained parameters λ_i, in factor order. */
    public List<Var> parameters() {
        List<Var> out = new ArrayList<>();
        for (Factor f : factors.values()) out.add(f.params());
        return out;
    }

    /** λ_i repeated S times as a fresh leaf of shape [S, P_i] (values copied, gradients separate). */
    static Var replicate(Var params, int samples) {
        int p = params.size();
        return Var.param(params.value().reshape(1, p).expand(samples, p));
    }

    /**
     * Sums every axis after the first, so a factor over a vector latent (log-densities of shape [S, D])
     * contributes one term per sample; checks the leading axis is the sample axis.
     */
    static Var perSample(Var logDensity, int samples) {
        int[] s = logDensity.shape();
        if (s.length == 0 || s[0] != samples) {
            throw new IllegalArgumentException("a log-density must have the sample axis first, of length " + samples + "; got shape " + elbow.tensor.Shape.str(s));
        }
        return s.length == 1 ? logDensity : logDensity.reshape(samples, -1).sum(1);
    }

    /** q_i at the current parameters, as a distribution of batch shape [1] (for summaries and plots). */
    public Distribution current(String latent) {
        Factor f = factor(latent);
        return f.builder().apply(Var.constant(f.params().value().reshape(1, f.params().size())));
    }

    public static final class Builder {
        private final Map<String, Factor> factors = new LinkedHashMap<>();

        /** Adds q(latent) with initial unconstrained parameters {@code init} (float64). */
        public Builder factor(String latent, double[] init, Function<Var, Distribution> builder) {
            if (factors.containsKey(latent)) throw new IllegalArgumentException("latent '" + latent + "' already has a factor");
            factors.put(latent, new Factor(latent, Var.param(Tensor.wrap(init.clone(), init.length)), builder));
            return this;
        }

        public MeanField build() {
            if (factors.isEmpty()) throw new IllegalStateException("a mean-field family needs at least one factor");
            return new MeanField(new LinkedHashMap<>(factors));
        }
    }

    static DType dtype() {
        return DType.F64;
    }
}
