package elbow.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes {@code java -jar examples.jar ...} run on the SIMD kernels without any extra flag.
 *
 * <p>The Vector API lives in the incubator module {@code jdk.incubator.vector}, which the JVM resolves
 * only when asked on its command line; a jar manifest cannot ask for it. So when the module is missing
 * from the boot layer, the workbench starts itself again: same java binary, same JVM options, plus
 * {@code --add-modules jdk.incubator.vector}, same class path and arguments, inherited standard streams,
 * and it returns the child's exit status. The child gets {@value #GUARD_PROPERTY} so it never re-launches
 * in turn. When a re-launch is impossible or would misbehave, the workbench runs in this JVM on the
 * scalar kernels and says why in one line.
 *
 * <p>This class uses only {@code java.base} (and {@code java.management} for the JVM options) because it
 * runs before the tensor module has chosen its kernels: {@code Simd} decides once per JVM, on first use.
 */
public final class VectorModuleLauncher {
    private VectorModuleLauncher() {}

    public static final String MODULE = "jdk.incubator.vector";

    /** Set on the child's command line; its presence means "this JVM was started by the launcher". */
    public static final String GUARD_PROPERTY = "elbow.relaunched";

    /**
     * JVM options that bind to this process: a debugger port, an agent, a flight recording or a log
     * file would be opened twice (the idle parent keeps the port, overwrites the recording on exit).
     */
    private static final List<String> PROCESS_BOUND_PREFIXES = List.of(
            "-agentlib:", "-agentpath:", "-javaagent:", "-Xrun", "-Xdebug", "-XX:StartFlightRecording", "-Xloggc:");

    /**
     * What to do: run here ({@code command} empty), possibly with a notice, or run {@code command} as the
     * child process.
     */
    public record Plan(List<String> command, String notice) {
        static Plan runHere() {
            return new Plan(List.of(), null);
        }

        static Plan fallback(String reason) {
            return new Plan(List.of(), "elbow: " + reason + "; using the scalar kernels");
        }

        public boolean relaunch() {
            return !command.isEmpty();
        }
    }

    /**
     * HotSpot's C2 stops guarding a speculated type with a deoptimisation trap once the traps of that kind
     * recorded in the methods a compilation inlines add up to {@code PerMethodTrapLimit} (default 100), and
     * emits a slow virtual call instead. The Vector API's own methods record a few class-check traps while
     * their fallbacks run during warm-up, and a kernel inlines dozens of them, so on JDK 17 a kernel compiled
     * late (the Bernoulli likelihood, tanh, the GEMM's final update) lost the exact vector type of its loop
     * variables and boxed every vector: 137 MB and a third more time per K = 50, batch 100 training step.
     * Raising the limit keeps the guards (the per-bytecode limit still stops a site that really keeps
     * trapping). JDK 25 compiles the same code without boxing either way; the option is harmless there.
     */
    public static final String TRAP_LIMIT_OPTION = "-XX:PerMethodTrapLimit=10000";

    /**
     * When HotSpot's C2 compiles a method. The GEMM's micro-tiles loop about a hundred times per call, so
     * with the default thresholds each was compiled twice: first for on-stack replacement (40,000 loop
     * back-edges, some 360 calls), then as a method (600 calls), and the first took two to three times
     * longer (the 4 x 5 tile 0.16 s against 0.05). On a two-core machine the first seconds of training
     * wait on C2, which ran throughout them (1.56 s of C2 time on elbow's methods in a 3.4 s run of
     * k = 1, batch 100). A method compile from 100 calls on, and on-stack replacement only after
     * 120,000 back-edges, compile the tiles once, as methods: C2 time on elbow's methods 0.81 s (0.09 s
     * of it on-stack). Training time of the bench's runs (JDK 17, two threads, each pair alternated,
     * two pairs): k = 1 batch 100, 600 steps 2.93-3.23 -> 2.53-2.69 s; batch 20, 1200 steps
     * 2.49-2.64 -> 2.20-2.32 s; k = 5, 1000 steps 7.41-7.64 -> 6.82-7.57 s; k = 50, 300 steps
     * 14.54-14.64 -> 13.72-14.29 s. Long loops that run once per step (the IWAE bound over a batch)
     * still get their on-stack compile, a few steps later.
     */
    public static final List<String> WARM_UP_OPTIONS = List.of("-XX:Tier4MinInvocationThreshold=100", "-XX:Tier4BackEdgeThreshold=120000");

    /** The HotSpot options the child gets, each unless the user gave the same option a value of their own. */
    static final List<String> HOTSPOT_OPTIONS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(TRAP_LIMIT_OPTION), WARM_UP_OPTIONS.stream()).toList();

    /** What the decision depends on, gathered from the running JVM (or made up by a test). */
    public record Facts(boolean moduleInBootLayer, boolean moduleInRuntime, boolean relaunched,
                        String simdProperty, Path javaBinary, List<String> jvmOptions, String classPath, int javaFeature,
                        String vmName) {

        /** HotSpot (OpenJDK, Oracle, Temurin, ...) understands {@link #TRAP_LIMIT_OPTION}; OpenJ9 does not. */
        boolean hotSpot() {
            return vmName != null && (vmName.contains("HotSpot") || vmName.contains("OpenJDK"));
        }

        public static Facts ofThisJvm() {
            return new Facts(
                    ModuleLayer.boot().findModule(MODULE).isPresent(),
                    ModuleFinder.ofSystem().find(MODULE).isPresent(),
                    System.getProperty(GUARD_PROPERTY) != null,
                    System.getProperty("elbow.simd"),
                    VectorModuleLauncher.javaBinary().orElse(null),
                    VectorModuleLauncher.jvmOptions(),
                    System.getProperty("java.class.path", ""),
                    Runtime.version().feature(),
                    System.getProperty("java.vm.name", ""));
        }
    }

    /** The decision, a pure function of the facts so that every branch can be tested. */
    public static Plan plan(Facts facts, String mainClass, String[] args) {
        if (facts.moduleInBootLayer()) return Plan.runHere();
        // The scalar kernels were asked for: the module would go unused.
        if (facts.simdProperty() != null && facts.simdProperty().trim().equals("0")) return Plan.runHere();
        if (facts.relaunched()) return Plan.fallback("the re-launched JVM still has no " + MODULE);
        if (!facts.moduleInRuntime()) {
            return Plan.fallback("this Java runtime (" + System.getProperty("java.home") + ") has no " + MODULE + " module");
        }
        if (facts.jvmOptions() == null) {
            return Plan.fallback("cannot read this JVM's options (no java.management module) to re-launch it with " + MODULE
                    + "; start java with --add-modules " + MODULE + " for SIMD");
        }
        for (String option : facts.jvmOptions()) {
            for (String prefix : PROCESS_BOUND_PREFIXES) {
                if (option.startsWith(prefix)) {
                    return Plan.fallback("not re-launching because of " + option + " (a second JVM would repeat it); start java with --add-modules "
                            + MODULE + " for SIMD");
                }
            }
            if (option.startsWith("-Xlog") && option.contains("file=")) {
                return Plan.fallback("not re-launching because of " + option + " (two JVMs would write one log file); start java with --add-modules "
                        + MODULE + " for SIMD");
            }
        }
        if (facts.javaBinary() == null) return Plan.fallback("cannot find the java binary to re-launch with " + MODULE);
        if (facts.classPath() == null || facts.classPath().isEmpty()) {
            return Plan.fallback("cannot find the class path to re-launch with " + MODULE);
        }
        List<String> command = new ArrayList<>();
        command.add(facts.javaBinary().toString());
        command.addAll(facts.jvmOptions());
        command.add("--add-modules");
        command.add(MODULE);
        // JDK 24+ warns, in four lines, when the progress bar's terminal library loads its JNI part;
        // the flag exists from JDK 22 and tells the JVM that the class path may call native code.
        if (facts.javaFeature() >= 22 && facts.jvmOptions().stream().noneMatch(o -> o.startsWith("--enable-native-access"))) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        if (facts.hotSpot()) {
            for (String option : HOTSPOT_OPTIONS) {
                String name = option.substring(0, option.indexOf('=') + 1);
                if (facts.jvmOptions().stream().noneMatch(o -> o.startsWith(name))) command.add(option);
            }
        }
        command.add("-D" + GUARD_PROPERTY + "=true");
        command.add("-cp");
        command.add(facts.classPath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new Plan(List.copyOf(command), null);
    }

    /**
     * Re-launches {@code mainClass} with the Vector API when this JVM lacks it. Returns the child's exit
     * status if it ran; empty if the caller should run in this JVM (a fallback notice, if any, is already
     * printed on {@code err}).
     */
    public static OptionalInt relaunchIfNeeded(Class<?> mainClass, String[] args, PrintStream err) {
        Plan plan = plan(Facts.ofThisJvm(), mainClass.getName(), args);
        if (!plan.relaunch()) {
            if (plan.notice() != null) announceFallback(plan.notice(), err);
            return OptionalInt.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(plan.command()).inheritIO();
        // Their content is already among this JVM's options, which the child receives on its command line.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process child;
        try {
            child = builder.start();
        } catch (IOException | RuntimeException e) {
            announceFallback(Plan.fallback("could not re-launch with " + MODULE + " (" + e.getMessage() + ")").notice(), err);
            return OptionalInt.empty();
        }
        // If this JVM is told to stop (SIGTERM, SIGINT), the child must not outlive it.
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "elbow-stop-child"));
        while (true) {
            try {
                return OptionalInt.of(child.waitFor());
            } catch (InterruptedException e) {
                // Nothing in this JVM interrupts the main thread on purpose; keep waiting for the child.
            }
        }
    }

    /** True when this JVM is the child started by {@link #relaunchIfNeeded}. */
    public static boolean isRelaunched() {
        return System.getProperty(GUARD_PROPERTY) != null;
    }

    private static void announceFallback(String notice, PrintStream err) {
        err.println(notice);
        err.flush();
        LibraryNotice.silence();
    }

    private static Optional<Path> javaBinary() {
        String exe = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "java.exe" : "java";
        Path candidate = Path.of(System.getProperty("java.home"), "bin", exe);
        if (Files.isExecutable(candidate)) return Optional.of(candidate);
        return ProcessHandle.current().info().command().map(Path::of)
                .filter(p -> p.getFileName().toString().startsWith("java") && Files.isExecutable(p));
    }

    /** This JVM's options as given (command line, JDK_JAVA_OPTIONS, JAVA_TOOL_OPTIONS); null if unreadable. */
    private static List<String> jvmOptions() {
        if (ModuleLayer.boot().findModule("java.management").isEmpty()) return null;
        try {
            return List.copyOf(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (LinkageError | SecurityException e) {
            return null;
        }
    }
}
