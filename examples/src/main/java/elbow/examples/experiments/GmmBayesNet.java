package elbow.examples.experiments;

/**
 * The Bayes net of the Gaussian mixture with known weights and a NormalGamma prior (assignment 1AD,
 * question 1.2.6) in Graphviz DOT, with plates as clusters: observed x_n shaded, latent z_n, μ_k,
 * τ_k as circles, fixed quantities (π and the prior's m0, λ0, a0, b0) as small plain nodes.
 * {@code dot -Tpng model.dot -o model.png} draws it.
 */
final class GmmBayesNet {
    private GmmBayesNet() {}

    static String dot(int n, int k) {
        return String.join("\n",
                "// Gaussian mixture with known weights pi and NormalGamma(m0, lambda0, a0, b0) priors on (mu_k, tau_k).",
                "// Render with: dot -Tpng model.dot -o model.png",
                "digraph gmm {",
                "  rankdir=TB;",
                "  node [shape=circle, fontname=\"Helvetica\", fixedsize=true, width=0.55];",
                "  edge [arrowsize=0.7];",
                "  // fixed quantities",
                "  pi [label=\"π\", shape=plaintext];",
                "  m0 [label=\"m₀\", shape=plaintext];",
                "  lambda0 [label=\"λ₀\", shape=plaintext];",
                "  a0 [label=\"a₀\", shape=plaintext];",
                "  b0 [label=\"b₀\", shape=plaintext];",
                "  subgraph cluster_components {",
                "    label=\"k = 1.." + k + "\"; labeljust=r; labelloc=b; style=rounded;",
                "    tau [label=\"τₖ\"];",
                "    mu [label=\"μₖ\"];",
                "  }",
                "  subgraph cluster_data {",
                "    label=\"n = 1.." + n + "\"; labeljust=r; labelloc=b; style=rounded;",
                "    z [label=\"zₙ\"];",
                "    x [label=\"xₙ\", style=filled, fillcolor=\"#d0d0d0\"];",
                "  }",
                "  a0 -> tau; b0 -> tau;",
                "  m0 -> mu; lambda0 -> mu; tau -> mu;",
                "  pi -> z;",
                "  z -> x; mu -> x; tau -> x;",
                "}",
                "");
    }
}
