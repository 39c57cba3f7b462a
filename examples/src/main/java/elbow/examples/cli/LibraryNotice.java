package elbow.examples.cli;

/**
 * The library reports through {@code System.getLogger("elbow")}, which lands in java.util.logging. Its
 * default format spends two lines (a timestamp and source line, then the message) on every record; a
 * command line tool wants one. And once the launcher has said why SIMD is off, the library's own
 * "how to enable SIMD" notice would say it a second time.
 */
public final class LibraryNotice {
    private LibraryNotice() {}

    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    /** Must run before the first log record: java.util.logging reads the format once. A user's choice wins. */
    public static void useOneLineFormat() {
        if (System.getProperty(FORMAT_PROPERTY) == null) System.setProperty(FORMAT_PROPERTY, "%4$s: %5$s%6$s%n");
    }

    /** Keeps the library's warnings but drops its informational notices. */
    static void silence() {
        // Without java.logging the JDK's fallback logger prints; there is nothing to configure then.
        if (ModuleLayer.boot().findModule("java.logging").isPresent()) Jul.muteInfo();
    }

    private static final class Jul {
        // java.util.logging holds loggers weakly: the level set here lasts only as long as this reference.
        private static java.util.logging.Logger elbow;

        static void muteInfo() {
            elbow = java.util.logging.Logger.getLogger("elbow");
            elbow.setLevel(java.util.logging.Level.WARNING);
        }
    }
}
