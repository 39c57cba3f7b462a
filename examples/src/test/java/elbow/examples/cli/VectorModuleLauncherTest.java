package elbow.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.examples.cli.VectorModuleLauncher.Facts;
import elbow.examples.cli.VectorModuleLauncher.Plan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every branch of the re-launch decision, on made-up facts. */
class VectorModuleLauncherTest {
    private static final Path JAVA = Path.of("/opt/jdk/bin/java");
    private static final String[] ARGS = {"info", "--threads", "2"};
    private static final String VM = "OpenJDK 64-Bit Server VM";

    private static Facts withoutModule(List<String> jvmOptions) {
        return new Facts(false, true, false, null, JAVA, jvmOptions, "examples.jar", 17, VM);
    }

    private static Plan plan(Facts facts) {
        return VectorModuleLauncher.plan(facts, "elbow.examples.Main", ARGS);
    }

    private static void assertFallback(Plan plan, String because) {
        assertFalse(plan.relaunch(), plan.toString());
        assertTrue(plan.notice().startsWith("elbow: ") && plan.notice().contains(because)
                && plan.notice().endsWith("using the scalar kernels"), plan.notice());
        assertFalse(plan.notice().contains("\n"), "one line: " + plan.notice());
    }

    @Test
    void relaunchesWithTheSameOptionsClassPathAndArguments() {
        Plan plan = plan(withoutModule(List.of("-Xmx2g", "-Delbow.threads=1", "--add-opens=java.base/java.lang=ALL-UNNAMED")));
        assertTrue(plan.relaunch());
        assertNull(plan.notice());
        assertEquals(List.of("/opt/jdk/bin/java", "-Xmx2g", "-Delbow.threads=1", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=10000",
                "-XX:Tier4MinInvocationThreshold=100", "-XX:Tier4BackEdgeThreshold=120000", "-Delbow.relaunched=true",
                "-cp", "examples.jar", "elbow.examples.Main", "info", "--threads", "2"), plan.command());
    }

    @Test
    void onJdk22AndLaterTheChildMayCallNativeCodeWithoutWarnings() {
        Plan jdk25 = plan(new Facts(false, true, false, null, JAVA, List.of(), "examples.jar", 25, VM));
        assertTrue(jdk25.command().contains("--enable-native-access=ALL-UNNAMED"), jdk25.command().toString());
        Plan own = plan(new Facts(false, true, false, null, JAVA, List.of("--enable-native-access=ALL-UNNAMED"), "examples.jar", 25, VM));
        assertEquals(1, own.command().stream().filter(o -> o.startsWith("--enable-native-access")).count(), "the user's own flag is not repeated");
        assertFalse(plan(withoutModule(List.of())).command().stream().anyMatch(o -> o.startsWith("--enable-native-access")), "JDK 17 has no such flag");
    }

    @Test
    void onHotSpotTheChildKeepsC2sTypeGuardsUnlessTheUserChoseATrapLimit() {
        assertTrue(plan(withoutModule(List.of())).command().contains(VectorModuleLauncher.TRAP_LIMIT_OPTION));
        Plan own = plan(withoutModule(List.of("-XX:PerMethodTrapLimit=50")));
        assertEquals(List.of("-XX:PerMethodTrapLimit=50"),
                own.command().stream().filter(o -> o.startsWith("-XX:PerMethodTrapLimit")).toList(), "the user's own value is kept");
        Plan openJ9 = plan(new Facts(false, true, false, null, JAVA, List.of(), "examples.jar", 17, "Eclipse OpenJ9 VM"));
        assertTrue(openJ9.relaunch());
        assertFalse(openJ9.command().stream().anyMatch(o -> o.startsWith("-XX:PerMethodTrapLimit")), "OpenJ9 has no such option");
    }

    @Test
    void onHotSpotTheChildCompilesTheTilesOnceUnlessTheUserChoseThresholds() {
        List<String> command = plan(withoutModule(List.of())).command();
        assertTrue(command.containsAll(VectorModuleLauncher.WARM_UP_OPTIONS), command.toString());
        Plan own = plan(withoutModule(List.of("-XX:Tier4BackEdgeThreshold=40000")));
        assertEquals(List.of("-XX:Tier4BackEdgeThreshold=40000"),
                own.command().stream().filter(o -> o.startsWith("-XX:Tier4BackEdgeThreshold")).toList(), "the user's own value is kept");
        assertTrue(own.command().contains("-XX:Tier4MinInvocationThreshold=100"), "the other option is still added");
        Plan openJ9 = plan(new Facts(false, true, false, null, JAVA, List.of(), "examples.jar", 17, "Eclipse OpenJ9 VM"));
        assertFalse(openJ9.command().stream().anyMatch(o -> o.startsWith("-XX:Tier4")), "OpenJ9 has no such options");
    }

    @Test
    void runsHereWhenTheModuleIsAlreadyThere() {
        Plan plan = plan(new Facts(true, true, false, null, JAVA, List.of(), "examples.jar", 17, VM));
        assertFalse(plan.relaunch());
        assertNull(plan.notice());
    }

    @Test
    void runsHereWithoutNoticeWhenScalarKernelsAreRequested() {
        Plan plan = plan(new Facts(false, true, false, "0", JAVA, List.of("-Delbow.simd=0"), "examples.jar", 17, VM));
        assertFalse(plan.relaunch());
        assertNull(plan.notice());
        assertTrue(plan(new Facts(false, true, false, "256", JAVA, List.of("-Delbow.simd=256"), "examples.jar", 17, VM)).relaunch());
    }

    @Test
    void neverRelaunchesTwice() {
        assertFallback(plan(new Facts(false, true, true, null, JAVA, List.of(), "examples.jar", 17, VM)), "re-launched JVM");
    }

    @Test
    void fallsBackWhenTheRuntimeHasNoVectorModule() {
        assertFallback(plan(new Facts(false, false, false, null, JAVA, List.of(), "examples.jar", 17, VM)), "has no jdk.incubator.vector module");
    }

    @Test
    void fallsBackRatherThanRepeatingProcessBoundOptions() {
        for (String option : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:agent.jar",
                "-agentpath:/lib/libprof.so", "-XX:StartFlightRecording=filename=rec.jfr", "-Xlog:gc:file=gc.log", "-Xloggc:gc.log")) {
            Plan plan = plan(withoutModule(List.of("-Xmx1g", option)));
            assertFallback(plan, option);
            assertTrue(plan.notice().contains("--add-modules jdk.incubator.vector"), "says how to get SIMD: " + plan.notice());
        }
        assertTrue(plan(withoutModule(List.of("-Xlog:gc"))).relaunch(), "logging to stdout is harmless");
    }

    @Test
    void fallsBackWithoutJavaBinaryClassPathOrJvmOptions() {
        assertFallback(plan(new Facts(false, true, false, null, null, List.of(), "examples.jar", 17, VM)), "java binary");
        assertFallback(plan(new Facts(false, true, false, null, JAVA, List.of(), "", 17, VM)), "class path");
        assertFallback(plan(new Facts(false, true, false, null, JAVA, null, "examples.jar", 17, VM)), "options");
    }
}
