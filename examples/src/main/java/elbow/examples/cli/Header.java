package elbow.examples.cli;

import elbow.tensor.Parallel;
import elbow.tensor.simd.Simd;

/** The one line every command starts with, so that any output or bug report says what produced it. */
public final class Header {
    private Header() {}

    /** e.g. {@code elbow 0.1.0 | JDK 17.0.15 (Debian) | SIMD vector-512 (16 float lanes, 8 double lanes) | 2 threads}. */
    public static String line() {
        return "elbow " + Version.current() + " | " + jdk() + " | SIMD " + simd() + " | " + Parallel.threads()
                + (Parallel.threads() == 1 ? " thread" : " threads");
    }

    public static String jdk() {
        return "JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
    }

    /** The kernels in use, and why they are scalar when they are. */
    public static String simd() {
        String kernels = Simd.describe();
        if (Simd.VECTOR) return kernels;
        String requested = System.getProperty(Simd.PROPERTY);
        if (requested != null && requested.trim().equals("0")) return kernels + ", as -D" + Simd.PROPERTY + "=0 asks";
        return kernels + ", " + VectorModuleLauncher.MODULE + " not enabled";
    }
}
