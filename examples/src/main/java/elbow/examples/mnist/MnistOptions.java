package elbow.examples.mnist;

import elbow.examples.cli.CommonOptions;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The MNIST options every MNIST command shares ({@code @Mixin MnistOptions mnist;}): where the data are
 * and how much of them to use. Quick runs and CI smoke tests use the limits.
 */
public final class MnistOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the MNIST IDX files (raw or .gz); default: $ELBOW_DATA, else"
                    + " $${XDG_CACHE_HOME:-~/.cache}/elbow/mnist. Get them with scripts/fetch-mnist.sh.")
    Path data;

    @Option(names = "--train-limit", paramLabel = "N", converter = CommonOptions.PositiveInt.class,
            description = "Use only the first N training images (default: all 60000).")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", converter = CommonOptions.PositiveInt.class,
            description = "Use only the first N test images (default: all 10000).")
    Integer testLimit;

    /** Environment lookup; a test replaces it to control $ELBOW_DATA and the cache folder. */
    UnaryOperator<String> env = System::getenv;

    /** The folder the data will be read from. @throws DataException naming the places looked at, if none has data */
    public DataLocation.Place locate() {
        return DataLocation.find(data, env);
    }

    /** Finds, reads and validates the data with the limits given. @throws DataException if missing or damaged */
    public MnistData load() {
        return MnistData.load(locate(), trainLimit(), testLimit());
    }

    public int trainLimit() {
        return trainLimit == null ? MnistData.ALL : trainLimit;
    }

    public int testLimit() {
        return testLimit == null ? MnistData.ALL : testLimit;
    }

    /** The folder given with --data, or null. */
    public Path dataFlag() {
        return data;
    }
}
