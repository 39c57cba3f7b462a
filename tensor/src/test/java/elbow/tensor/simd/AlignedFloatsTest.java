package elbow.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The facts {@link AlignedFloats} relies on are read from the running JVM, by option name and by a
 * published constant; a JDK that renamed either would silently lose the aligned buffers (and 10-20 % of
 * the large products' speed), so under G1 the alignment must be on.
 */
class AlignedFloatsTest {

    @Test
    void onUnderG1WithTheHeaderItReports() throws Exception {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        assumeTrue(vm != null && Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue()), "the test JVM runs G1");
        assumeTrue(Boolean.parseBoolean(System.getProperty("elbow.alignedBuffers", "true")), "alignment not turned off");
        assertTrue(AlignedFloats.enabled(), "G1 is on, so packed operands must be line-aligned");
        int header = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        assertEquals(0, (header + Float.BYTES * AlignedFloats.OFFSET) % 64, "element OFFSET sits on a 64-byte boundary");
        long region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
        float[] a = AlignedFloats.allocate(AlignedFloats.ALIGN_FROM);
        assertTrue((long) a.length * Float.BYTES >= region / 2, "at least half a region, so that G1 puts it at a region start");
        assertEquals(1000 + AlignedFloats.OFFSET, AlignedFloats.allocate(1000).length, "a small request stays small");
    }

    @Test
    void roomForTheRequestPastTheOffset() {
        assertTrue(AlignedFloats.OFFSET >= 0 && AlignedFloats.OFFSET < 16);
        for (int n : new int[] {0, 1, 1000, 3_000_000}) assertTrue(AlignedFloats.allocate(n).length >= n + AlignedFloats.OFFSET);
    }
}
