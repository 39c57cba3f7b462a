package elbow.examples.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the report runs, in page order: each experiment's command, its runs (bbvi runs once per
 * estimator, the others once), and its quick settings. {@code --full} runs each command with its own
 * defaults, which are SPEC.md's settings.
 *
 * <p>Quick settings keep the whole report to minutes: the closed-form and small experiments (cavi, gmm,
 * ngd, gumbel) take seconds at their full settings and run unchanged; bbvi runs fewer iterations with
 * fewer samples; the MNIST models train one short epoch on a prefix of the training set and estimate
 * the test log-likelihood with fewer importance samples on fewer test images. A quick flag the command
 * does not declare is left out, so an experiment can be listed here before its command has every flag.
 */
final class ReportPlan {
    private ReportPlan() {}

    /** One invocation: a label for the page, the folder under the experiment's (empty: the experiment's own), and its own flags. */
    record Variant(String label, String folder, List<String> args) {}

    /** One section of the report. */
    record Experiment(String command, List<Variant> variants, Map<String, String> quick) {
        /** The flags for one variant: the quick ones this command declares (none with --full), then the variant's own. */
        List<String> args(Variant v, boolean full, CommandSpec spec) {
            List<String> args = new ArrayList<>();
            if (!full) {
                for (Map.Entry<String, String> e : quick.entrySet()) {
                    if (spec.findOption(e.getKey()) == null) continue;
                    args.add(e.getKey());
                    if (e.getValue() != null) args.add(e.getValue());
                }
            }
            args.addAll(v.args());
            return args;
        }
    }

    private static final List<Variant> ONE_RUN = List.of(new Variant("", "", List.of()));

    static final List<Experiment> EXPERIMENTS = List.of(
            new Experiment("bbvi", List.of(
                    new Variant("REINFORCE (Algorithm 1)", "reinforce", List.of()),
                    new Variant("control variates", "control-variates", List.of("--control-variates")),
                    new Variant("Rao-Blackwell + control variates (Algorithm 2)", "rao-blackwell", List.of("--rao-blackwell"))),
                    flags("--iterations", "1000", "--samples", "200", "--variance-every", "50")),
            new Experiment("cavi", ONE_RUN, Map.of()),
            new Experiment("gmm", ONE_RUN, Map.of()),
            new Experiment("ngd", ONE_RUN, Map.of()),
            new Experiment("gumbel", ONE_RUN, Map.of()),
            new Experiment("vae", ONE_RUN, flags("--train-limit", "4000", "--epochs", "1", "--eval-limit", "200", "--eval-k", "200")),
            new Experiment("iwae", ONE_RUN, flags("--train-limit", "2000", "--epochs", "1", "--eval-limit", "100", "--eval-k", "200")),
            new Experiment("gumbel-vae", ONE_RUN,
                    flags("--train-limit", "5000", "--epochs", "1", "--eval-limit", "500")));

    /** Name, value pairs in order. */
    private static Map<String, String> flags(String... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("flags come as name, value pairs: " + Arrays.toString(pairs));
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
