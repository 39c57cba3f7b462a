package elbow.vi.inference;

import elbow.vi.distributions.Distribution;
import java.util.Locale;

/**
 * How a bound estimated from reparameterized particles z = g(ε, λ) is differentiated. Shared by the
 * mean-field estimators ({@link ReparameterizedEstimator}, {@link ImportanceWeightedEstimator}) and the
 * amortized objectives ({@code elbow.vi.amortized}), so the rule lives in one place.
 *
 * <p>The total derivative of log q(z(λ) | λ) has a path term (through z) and a score term (through λ
 * directly, with z held fixed), whose expectation is zero.
 * <ul>
 *   <li>{@link #STANDARD}: both terms, the gradient of the Monte Carlo bound itself.</li>
 *   <li>{@link #STL}, Sticking the Landing (Roeder, Wu and Duvenaud 2017, Algorithm 2): the score term
 *       is dropped by evaluating log q at detached parameters while z keeps its path. Unbiased for the
 *       ELBO, and exactly zero for every sample when q is the posterior. Applied to the
 *       importance-weighted bound with K &gt; 1 it is biased (Tucker et al. 2018, §3).</li>
 *   <li>{@link #DREG}, doubly reparameterized (Tucker, Lawson, Gu and Maddison 2018, eq. 5): for the
 *       importance-weighted bound, the score term is replaced by its own reparameterization, which
 *       multiplies each particle's path gradient by its normalised weight once more (see
 *       {@link IwaeBound#pathScale}). Unbiased, and its signal-to-noise ratio does not decay as K grows.
 *       For a one-particle bound (the ELBO) the weight is 1 and DReG is STL.</li>
 * </ul>
 */
public enum PathwiseGradient {
    STANDARD, STL, DREG;

    /**
     * The distribution whose log-density enters log w = log p(x, z) − log q(z): {@code q} itself for the
     * standard gradient, {@code q} with its parameters detached for STL and DReG (the sample z, drawn
     * from the live {@code q}, keeps its path to the parameters either way).
     */
    public Distribution density(Distribution q) {
        return this == STANDARD ? q : q.detach();
    }

    /** The name used on command lines and in outputs: "standard", "stl", "dreg". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of {@link #label()} {@code label}, ignoring case. */
    public static PathwiseGradient of(String label) {
        for (PathwiseGradient g : values()) if (g.label().equalsIgnoreCase(label.trim())) return g;
        throw new IllegalArgumentException("unknown gradient estimator '" + label + "'; expected standard, stl or dreg");
    }
}
