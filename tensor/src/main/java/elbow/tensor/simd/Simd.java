package elbow.tensor.simd;

import java.lang.System.Logger.Level;

/**
 * Chooses the kernels once per JVM.
 *
 * <p>System property {@code elbow.simd}: unset or {@code max} uses the widest vector the CPU has;
 * {@code 0} forces the scalar kernels (the oracle the tests compare against); {@code 128}, {@code 256}
 * or {@code 512} pick a width in bits. Vector kernels need the incubator module
 * {@code jdk.incubator.vector}; an application started without {@code --add-modules jdk.incubator.vector}
 * still works, on the scalar kernels, and is told once how to enable SIMD.
 */
public final class Simd {
    private Simd() {}

    public static final String PROPERTY = "elbow.simd";

    /** Requested vector width in bits: 0 for scalar, -1 for the preferred (widest) width. */
    static final int REQUESTED_BITS = parseBits(System.getProperty(PROPERTY));

    /** True when the Vector API module is in the boot layer of this JVM. */
    public static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** True when the vector kernels are in use (module present and not forced to scalar). */
    public static final boolean VECTOR = MODULE_PRESENT && REQUESTED_BITS != 0;

    /** The kernels in use. */
    public static final Kernels KERNELS = choose();

    private static int parseBits(String v) {
        if (v == null || v.isBlank() || v.equalsIgnoreCase("max")) return -1;
        try {
            int bits = Integer.parseInt(v.trim());
            if (bits == 0 || bits == 64 || bits == 128 || bits == 256 || bits == 512) return bits;
        } catch (NumberFormatException ignored) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected 0 (scalar), 128, 256, 512 or max");
    }

    private static Kernels choose() {
        if (!VECTOR) {
            if (!MODULE_PRESENT && REQUESTED_BITS != 0) {
                System.getLogger("elbow").log(Level.INFO,
                        "elbow: jdk.incubator.vector is not enabled, using scalar kernels; start java with --add-modules jdk.incubator.vector for SIMD");
            }
            return new ScalarKernels();
        }
        // Loaded reflectively so that no Vector API class is touched when the module is absent.
        try {
            return (Kernels) Class.forName("elbow.tensor.simd.VectorKernels").getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            System.getLogger("elbow").log(Level.WARNING, "elbow: vector kernels unavailable (" + e + "), using scalar kernels");
            return new ScalarKernels();
        }
    }

    /** Float lanes per vector in use (1 for scalar). */
    public static int floatLanes() {
        return KERNELS.floatLanes();
    }

    /** One line for headers: kernels, width, lanes. */
    public static String describe() {
        return KERNELS.name() + " (" + KERNELS.floatLanes() + " float lanes, " + KERNELS.doubleLanes() + " double lanes)";
    }
}
