package elbow.vi.inference;

import elbow.autograd.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A model's log joint log p(X, Z) as a sum of named factors, each declaring which latents it touches.
 *
 * <p>Latents are passed as a map from name to a tensor whose leading axis indexes Monte Carlo samples
 * ({@code [S]} for a scalar latent, {@code [S, ...]} otherwise); every factor returns one log-density
 * term per sample, shape {@code [S]}, written with ordinary broadcasting ops. Declaring the latents of
 * each factor is what lets an estimator Rao-Blackwellize: the Markov blanket of latent i is the sum of
 * the factors that mention it (Ranganath et al. 2014, §3.1).
 */
public final class LogJoint {
    /** One term of log p: its name, the latents it depends on, and the function computing it per sample. */
    public record Factor(String name, Set<String> latents, Function<Map<String, Var>, Var> term) {
        public Factor {
            if (latents.isEmpty()) throw new IllegalArgumentException("factor '" + name + "' must depend on at least one latent");
            latents = Collections.unmodifiableSet(new LinkedHashSet<>(latents));
        }
    }

    private final List<Factor> factors;
    private final Set<String> latents;

    private LogJoint(List<Factor> factors) {
        this.factors = List.copyOf(factors);
        Set<String> all = new LinkedHashSet<>();
        for (Factor f : factors) all.addAll(f.latents());
        this.latents = Collections.unmodifiableSet(all);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A model given as one term over the listed latents: no Rao-Blackwellization possible beyond that. */
    public static LogJoint of(Function<Map<String, Var>, Var> logJoint, String... latents) {
        return builder().factor("log_joint", logJoint, latents).build();
    }

    public List<Factor> factors() { return factors; }

    public Set<String> latents() { return latents; }

    /** log p(X, Z) per sample. */
    public Var logProb(Map<String, Var> z) {
        return sum(z, null);
    }

    /** The terms of log p that involve {@code latent}: its Markov blanket. */
    public Var markovBlanket(String latent, Map<String, Var> z) {
        if (!latents.contains(latent)) throw new IllegalArgumentException("no factor mentions latent '" + latent + "'; latents are " + latents);
        return sum(z, latent);
    }

    /** Each factor's term per sample, in factor order: evaluate once, then sum any subset. */
    public Var[] terms(Map<String, Var> z) {
        Var[] out = new Var[factors.size()];
        for (int i = 0; i < out.length; i++) out[i] = evaluate(factors.get(i), z);
        return out;
    }

    /** The sum of the {@link #terms} whose factor mentions {@code latent} (all of them when null). */
    public Var sum(Var[] terms, String latent) {
        Var total = null;
        for (int i = 0; i < terms.length; i++) {
            if (latent != null && !factors.get(i).latents().contains(latent)) continue;
            total = total == null ? terms[i] : total.add(terms[i]);
        }
        if (total == null) throw new IllegalArgumentException("no factor mentions latent '" + latent + "'; latents are " + latents);
        return total;
    }

    private Var sum(Map<String, Var> z, String onlyWith) {
        Var total = null;
        for (Factor f : factors) {
            if (onlyWith != null && !f.latents().contains(onlyWith)) continue;
            Var t = evaluate(f, z);
            total = total == null ? t : total.add(t);
        }
        return total;
    }

    private static Var evaluate(Factor f, Map<String, Var> z) {
        for (String name : f.latents()) {
            if (!z.containsKey(name)) throw new IllegalArgumentException("factor '" + f.name() + "' needs latent '" + name + "', which was not given; given: " + z.keySet());
        }
        return f.term().apply(z);
    }

    public static final class Builder {
        private final List<Factor> factors = new ArrayList<>();

        public Builder factor(String name, Function<Map<String, Var>, Var> term, String... latents) {
            factors.add(new Factor(name, new LinkedHashSet<>(List.of(latents)), term));
            return this;
        }

        public LogJoint build() {
            if (factors.isEmpty()) throw new IllegalStateException("a log joint needs at least one factor");
            return new LogJoint(factors);
        }
    }
}
