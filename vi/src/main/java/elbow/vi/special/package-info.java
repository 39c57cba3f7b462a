/**
 * Log-gamma, digamma, trigamma (and tetragamma, their derivative) as differentiable primitives on
 * {@link elbow.autograd.Var}s and as elementwise functions on tensors, in float64 and float32; see
 * {@link elbow.vi.special.Special}.
 */
package elbow.vi.special;
