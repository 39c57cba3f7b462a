package elbow.tensor;

/** Elementwise functions of one tensor; some take a constant parameter (slope, scale, shift, exponent). */
public enum UnaryOp {
    NEG, EXP, LOG, LOG1P, EXPM1, SQRT, SQUARE, ABS, TANH, SIGMOID, SOFTPLUS, RELU, SIGN, RECIPROCAL,
    /** max(x, 0) + param * min(x, 0). */
    LEAKY_RELU,
    /** param * x. */
    SCALE,
    /** x + param. */
    SHIFT,
    /** x ^ param. */
    POW_CONST
}
