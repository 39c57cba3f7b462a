package elbow.examples.experiments;

import elbow.examples.output.RunOutput;
import elbow.tensor.Rng;
import elbow.vi.models.NormalGammaModel;
import picocli.CommandLine.Option;

/** The Normal–Gamma experiments' data and priors (SPEC: "Normal–Gamma model"), shared by bbvi and cavi. */
public final class NormalGammaData {
    @Option(names = "--true-mu", defaultValue = "1", description = "Mean mu the data are drawn with (default: ${DEFAULT-VALUE}).")
    double trueMu;

    @Option(names = "--true-tau", defaultValue = "0.5", description = "Precision tau the data are drawn with (default: ${DEFAULT-VALUE}; sd = 1/sqrt tau).")
    double trueTau;

    @Option(names = "--mu0", defaultValue = "1", description = "Prior mean mu0 (default: ${DEFAULT-VALUE}).")
    double mu0;

    @Option(names = "--lambda0", defaultValue = "0.1", description = "Prior precision scale lambda0 (default: ${DEFAULT-VALUE}).")
    double lambda0;

    @Option(names = "--a0", defaultValue = "1", description = "Prior Gamma shape a0 (default: ${DEFAULT-VALUE}).")
    double a0;

    @Option(names = "--b0", defaultValue = "2", description = "Prior Gamma rate b0 (default: ${DEFAULT-VALUE}).")
    double b0;

    /** Draws n points x ~ N(trueMu, 1/trueTau) from {@code seed} and builds the model. */
    public NormalGammaModel model(int n, long seed) {
        if (!(trueTau > 0)) throw new IllegalArgumentException("--true-tau must be positive, got " + trueTau);
        Rng rng = new Rng(seed);
        double[] x = new double[n];
        double sd = 1 / Math.sqrt(trueTau);
        for (int i = 0; i < n; i++) x[i] = trueMu + sd * rng.normal();
        return new NormalGammaModel(x, mu0, lambda0, a0, b0);
    }

    public static void writeData(RunOutput out, String name, NormalGammaModel model) {
        double[] x = model.data();
        double[] index = new double[x.length];
        for (int i = 0; i < x.length; i++) index[i] = i;
        out.csv(name, new String[] {"index", "x"}, index, x);
    }

    public java.util.Map<String, Object> settings() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("true_mu", trueMu);
        m.put("true_tau", trueTau);
        m.put("mu0", mu0);
        m.put("lambda0", lambda0);
        m.put("a0", a0);
        m.put("b0", b0);
        return m;
    }
}
