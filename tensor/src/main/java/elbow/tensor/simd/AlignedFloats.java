package elbow.tensor.simd;

import java.lang.management.ManagementFactory;

/**
 * Float arrays with a known element on a cache-line boundary, for the GEMM's packed operands. A 512-bit
 * load that straddles two 64-byte lines costs two loads, and a Java array's elements start wherever the
 * allocator put the array (16 bytes past an 8-byte aligned header), so most vectors of a packed sliver
 * straddled: the 4 x 4 tile with its B sliver at each of the 16 possible offsets ran at 124-137 GFLOP/s on
 * one core, and 142-157 at the one aligned offset (Intel Xeon, AVX-512); dY·Wᵀ 5000x200x200 110-119 -> 129-136.
 *
 * <p>The JVM offers no address of an array, but HotSpot's default collector, G1, allocates an array of at
 * least half a heap region ("humongous") at the start of a region and never moves it off a region start,
 * so its element {@link #OFFSET} lies on a line boundary for as long as it lives: {@link #allocate} makes
 * arrays that large. The region size comes from the JVM's diagnostic bean and the array header's size from
 * {@code sun.misc.Unsafe}'s published constant (16 bytes by default, 12 with compact object headers). With
 * another collector, or either fact unknown, {@link #OFFSET} is 0 and arrays are ordinary: the results are
 * the same either way, only the speed differs. {@code -Delbow.alignedBuffers=false} turns it off.
 */
final class AlignedFloats {
    private AlignedFloats() {}

    private static final int LINE = 64;

    /** Index of a line-aligned element of every array {@link #allocate} returns; 0 when alignment is off. */
    static final int OFFSET;
    /** Length that makes an array humongous (G1 then places it at a region start); 0 when alignment is off. */
    static final int MIN_LENGTH;

    static {
        int regionBytes = Boolean.parseBoolean(System.getProperty("elbow.alignedBuffers", "true")) ? g1RegionBytes() : 0;
        int header = regionBytes > 0 ? floatArrayHeaderBytes() : -1;
        boolean on = header >= 0 && header % Float.BYTES == 0 && regionBytes <= (32 << 20);
        OFFSET = on ? (LINE - header % LINE) % LINE / Float.BYTES : 0;
        // G1 treats an object of at least half a region as humongous.
        MIN_LENGTH = on ? regionBytes / 2 / Float.BYTES + LINE / Float.BYTES : 0;
    }

    /** Whether arrays from {@link #allocate} have element {@link #OFFSET} on a line boundary. */
    static boolean enabled() {
        return MIN_LENGTH > 0;
    }

    /**
     * Requests of at least this many floats (128 KiB, a K block of 100 x 320 packed columns) are made
     * humongous; smaller ones get an ordinary array, aligned by chance only, since padding them to half a
     * region would cost every thread that multiplies small matrices megabytes for products too small to
     * gain much. A thread's packing buffer grows to its largest product's, so the model's training
     * threads end up with aligned ones.
     */
    static final int ALIGN_FROM = 1 << 15;

    /** An array with room for {@code n} floats from index {@link #OFFSET} on (see {@link #ALIGN_FROM}). */
    static float[] allocate(int n) {
        int length = n + OFFSET;
        return new float[length >= ALIGN_FROM ? Math.max(length, MIN_LENGTH) : length];
    }

    /** G1's region size in bytes, or 0 when G1 is not the collector or the JVM does not say. */
    private static int g1RegionBytes() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            if (vm == null || !Boolean.parseBoolean(vm.getVMOption("UseG1GC").getValue())) return 0;
            long bytes = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
            return bytes > 0 && bytes <= Integer.MAX_VALUE ? (int) bytes : 0;
        } catch (Throwable e) {
            // No java.management or jdk.management module, not HotSpot, or an option renamed: stay unaligned.
            return 0;
        }
    }

    /** Bytes from an array's start to its first element, or -1 when the JVM does not publish it. */
    private static int floatArrayHeaderBytes() {
        try {
            return Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
        } catch (Throwable e) {
            return -1;
        }
    }
}
