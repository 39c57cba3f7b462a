package elbow.examples.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the MNIST files are: {@code --data DIR} if given, else {@code $ELBOW_DATA} if set, else the cache
 * folder {@code ${XDG_CACHE_HOME:-$HOME/.cache}/elbow/mnist} — the same order {@code scripts/fetch-mnist.sh}
 * uses to decide where to put them, so a plain fetch followed by a plain run just works.
 *
 * <p>A folder given with {@code --data} is the only one looked at: a typo there should be reported, not
 * quietly replaced by another copy. Without it, the first folder holding any MNIST file wins (a
 * half-filled folder then reports which file is missing); when none holds any, the message names every
 * folder looked at.
 */
public final class DataLocation {
    public static final String ENV = "ELBOW_DATA";

    /** How a folder came to be looked at; says so in messages. */
    public enum Source {
        FLAG("given with --data"),
        ENVIRONMENT("from $" + ENV),
        CACHE("the cache folder");

        private final String description;

        Source(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** One folder and why it was chosen. */
    public record Place(Path dir, Source source) {
        @Override
        public String toString() {
            return dir + " (" + source + ")";
        }
    }

    private DataLocation() {}

    /** The folders to look in, in order; {@code env} is {@code System::getenv} outside tests. */
    public static List<Place> candidates(Path flag, UnaryOperator<String> env) {
        List<Place> places = new ArrayList<>();
        if (flag != null) {
            places.add(new Place(flag.toAbsolutePath().normalize(), Source.FLAG));
            return places;
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) places.add(new Place(Path.of(fromEnv).toAbsolutePath().normalize(), Source.ENVIRONMENT));
        places.add(new Place(cacheFolder(env), Source.CACHE));
        return places;
    }

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/elbow/mnist}, as in the fetch script; user.home if HOME is unset. */
    public static Path cacheFolder(UnaryOperator<String> env) {
        String xdg = env.apply("XDG_CACHE_HOME");
        Path cache;
        if (xdg != null && !xdg.isBlank()) {
            cache = Path.of(xdg);
        } else {
            String home = env.apply("HOME");
            cache = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache");
        }
        return cache.resolve("elbow").resolve("mnist").toAbsolutePath().normalize();
    }

    /**
     * The folder to read MNIST from.
     *
     * @throws DataException naming every folder looked at, if none holds any of the four files
     */
    public static Place find(Path flag, UnaryOperator<String> env) {
        List<Place> places = candidates(flag, env);
        for (Place place : places) {
            for (String name : MnistData.FILE_NAMES) {
                if (fileIn(place.dir(), name).isPresent()) return place;
            }
        }
        StringBuilder looked = new StringBuilder("No MNIST files found. Looked in: ");
        for (int i = 0; i < places.size(); i++) looked.append(i == 0 ? "" : "; ").append(places.get(i));
        looked.append(". ");
        if (flag == null) looked.append("Point --data DIR or $" + ENV + " at a folder that holds them, or fetch");
        else looked.append("Fetch");
        // The script's own default is $ELBOW_DATA, else the cache folder: only --data needs the folder spelled out.
        looked.append(" and verify them from the elbow checkout with: ").append(DataException.fetchCommand(flag == null ? null : places.get(0).dir()));
        throw DataException.general(looked.toString());
    }

    /** {@code name} or, failing that, {@code name.gz} in {@code dir}, whichever is a regular file. */
    public static Optional<Path> fileIn(Path dir, String name) {
        Path raw = dir.resolve(name);
        if (Files.isRegularFile(raw)) return Optional.of(raw);
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return Optional.of(gz);
        return Optional.empty();
    }
}
