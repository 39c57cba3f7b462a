package elbow.bench;

/** JVM options every benchmark fork runs with, as the workbench's own re-launch does. */
final class Jvm {
    private Jvm() {}

    /**
     * Keeps C2's type guards in late-compiled kernels on JDK 17, which otherwise box vectors (see
     * {@code VectorModuleLauncher.TRAP_LIMIT_OPTION} in the examples module for the mechanism).
     */
    static final String TRAP_LIMIT = "-XX:PerMethodTrapLimit=10000";
}
