package elbow.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, filled in by the build (resource filtering), so it is right in tests and in the jar alike. */
public final class Version {
    private Version() {}

    private static final String RESOURCE = "/elbow/examples/version.properties";

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path: the build did not copy resources");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For picocli's {@code --version}. */
    public static final class Provider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"elbow " + current(), Header.jdk() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
