package elbow.vi.distributions;

/**
 * Whether distribution constructors validate their parameters (on by default). Validation is one
 * pass over each parameter tensor; a training loop that builds large distributions every step (a
 * VAE's Bernoulli decoder over every pixel) and has been debugged may switch it off, process-wide,
 * with {@code setEnabled(false)} or {@code -Delbow.validateArgs=false} (PyTorch's
 * {@code Distribution.set_default_validate_args}). Shape and dtype checks always run: they are free.
 */
public final class ArgumentValidation {
    private ArgumentValidation() {}

    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty("elbow.validateArgs", "true"));

    public static boolean isEnabled() {
        return enabled;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }
}
