package elbow.examples.mnist;

import static elbow.examples.mnist.IdxFixtures.mnistFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --data, then $ELBOW_DATA, then the cache folder; the environment is a map here, not the real one. */
class DataLocationTest {
    @TempDir
    Path root;

    private static UnaryOperator<String> env(Map<String, String> vars) {
        return vars::get;
    }

    private Path flagDir() {
        return root.resolve("flag");
    }

    private Path envDir() {
        return root.resolve("env");
    }

    private Path cacheDir() {
        return root.resolve("xdg").resolve("elbow").resolve("mnist");
    }

    private UnaryOperator<String> withEnvAndCache() {
        return env(Map.of(DataLocation.ENV, envDir().toString(), "XDG_CACHE_HOME", root.resolve("xdg").toString()));
    }

    @Test
    void flagComesFirstThenEnvironmentThenCache() {
        mnistFolder(flagDir(), 1, 1, false);
        mnistFolder(envDir(), 1, 1, false);
        mnistFolder(cacheDir(), 1, 1, false);
        assertEquals(new DataLocation.Place(flagDir(), DataLocation.Source.FLAG), DataLocation.find(flagDir(), withEnvAndCache()));
        assertEquals(new DataLocation.Place(envDir(), DataLocation.Source.ENVIRONMENT), DataLocation.find(null, withEnvAndCache()));
        UnaryOperator<String> cacheOnly = env(Map.of("XDG_CACHE_HOME", root.resolve("xdg").toString()));
        assertEquals(new DataLocation.Place(cacheDir(), DataLocation.Source.CACHE), DataLocation.find(null, cacheOnly));
    }

    @Test
    void environmentWithoutDataFallsBackToTheCache() {
        mnistFolder(cacheDir(), 1, 1, false);
        assertEquals(DataLocation.Source.CACHE, DataLocation.find(null, withEnvAndCache()).source());
    }

    @Test
    void aFlagIsNeverReplacedByAnotherFolder() {
        mnistFolder(envDir(), 1, 1, false);
        mnistFolder(cacheDir(), 1, 1, false);
        DataException e = assertThrows(DataException.class, () -> DataLocation.find(flagDir(), withEnvAndCache()));
        assertTrue(e.getMessage().contains("Looked in: " + flagDir() + " (given with --data)."), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh " + flagDir()), e.getMessage());
    }

    @Test
    void nothingFoundNamesEveryPlaceLookedAt() {
        DataException e = assertThrows(DataException.class, () -> DataLocation.find(null, withEnvAndCache()));
        assertTrue(e.getMessage().contains("Looked in: " + envDir() + " (from $ELBOW_DATA); " + cacheDir() + " (the cache folder)."), e.getMessage());
        // Without --data the script's own default is the right folder, so the plain command is given.
        assertTrue(e.getMessage().endsWith("with: scripts/fetch-mnist.sh"), e.getMessage());
        assertEquals(2, e.getExitCode());
    }

    @Test
    void cacheFolderFollowsXdgThenHome() {
        assertEquals(Path.of("/x/cache/elbow/mnist"), DataLocation.cacheFolder(env(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/home/u"))));
        assertEquals(Path.of("/home/u/.cache/elbow/mnist"), DataLocation.cacheFolder(env(Map.of("HOME", "/home/u"))));
        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "elbow", "mnist").toAbsolutePath().normalize(),
                DataLocation.cacheFolder(env(Map.of())));
    }

    @Test
    void aGzippedFileCountsAsData() {
        mnistFolder(envDir(), 1, 1, true);
        assertEquals(DataLocation.Source.ENVIRONMENT, DataLocation.find(null, withEnvAndCache()).source());
    }
}
