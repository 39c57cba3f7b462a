package elbow.examples.experiments;

import elbow.examples.cli.CommonOptions;
import elbow.examples.mnist.MnistOptions;
import elbow.vi.amortized.AmortizedObjective;
import elbow.vi.inference.PathwiseGradient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options {@code vae} and {@code iwae} share ({@code @Mixin VaeOptions training;}): the data, the
 * training schedule of Burda et al. (2015, §5: batch 20, Adam 1e-3 with eps = 1e-4; SPEC.md: 20 epochs),
 * the evaluation, and resuming.
 */
final class VaeOptions {
    @Mixin
    MnistOptions mnist;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", converter = CommonOptions.PositiveInt.class,
            description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "20", converter = CommonOptions.PositiveInt.class,
            description = "Images per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam learning rate; beta = (0.9, 0.999), eps = 1e-4 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed for the initial weights, batch order, binarization and particles (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-steps", paramLabel = "N", converter = CommonOptions.PositiveInt.class,
            description = "Stop each training after N steps (for smoke runs; default: all epochs).")
    Integer maxSteps;

    @Option(names = "--eval-k", paramLabel = "K", defaultValue = "5000", converter = CommonOptions.PositiveInt.class,
            description = "Importance samples for the final test log-likelihood (default: ${DEFAULT-VALUE}, as Burda et al.).")
    int evalK;

    @Option(names = "--eval-limit", paramLabel = "N", defaultValue = "1000", converter = CommonOptions.PositiveInt.class,
            description = "Evaluate on the first N test images: test bounds every epoch, log-likelihood and active units at the end"
                    + " (default: ${DEFAULT-VALUE}; --eval-limit 10000 for the whole test set, as in Burda et al.'s Table 1).")
    int evalLimit;

    @Option(names = "--resume", description = "Continue each run from the checkpoint in its output folder (written after every epoch); a finished run is not repeated.")
    boolean resume;

    /** Rejects what the converters cannot: a non-positive or non-finite learning rate. */
    void validate(CommandSpec spec) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new ParameterException(spec.commandLine(), "--lr must be positive and finite, got " + lr);
    }

    VaeTraining.Settings settings(AmortizedObjective.Bound bound, PathwiseGradient estimator, int k) {
        return new VaeTraining.Settings(bound, estimator, k, batch, epochs, lr, seed, maxSteps == null ? 0 : maxSteps, evalK, evalLimit);
    }
}
