/**
 * Reverse-mode automatic differentiation over {@link elbow.tensor.Tensor}s.
 *
 * <pre>{@code
 * Var w = Var.param(weights), b = Var.param(bias);
 * Var loss = x.matmul(w).add(b).tanh().binaryCrossEntropyWithLogits(target).sum();
 * loss.backward();              // w.grad(), b.grad() now hold d loss / d w, d loss / d b
 * }</pre>
 *
 * <p>{@link elbow.autograd.Var} is the value users hold; {@link elbow.autograd.Tape} runs the reverse
 * pass; {@link elbow.autograd.NoGrad} turns recording off; {@link elbow.autograd.GradCheck} checks any
 * function's gradients in float64. Every primitive is one class, named after the operation, with its
 * forward and its vector-Jacobian product side by side. With g the output gradient and y the result:
 *
 * <pre>
 *  primitive                      y                              input gradients
 *  ---------------------------    ---------------------------    ------------------------------------------
 *  Affine(a, b)                   a·x + b                        a·g
 *  Exp                            eˣ                             g·y
 *  Log                            log x                          g / x
 *  Log1p                          log(1 + x)                     g / (1 + x)
 *  Expm1                          eˣ − 1                         g·eˣ
 *  Sqrt                           √x                             g / 2y
 *  Square                         x²                             2x·g
 *  Abs                            |x|                            sign(x)·g
 *  Tanh                           tanh x                         g·(1 − y²)
 *  Sigmoid                        σ(x)                           g·y(1 − y)
 *  Softplus                       log(1 + eˣ)                    g·σ(x)
 *  Relu                           max(x, 0)                      g·[x &gt; 0]
 *  LeakyRelu(s)                   x &gt; 0 ? x : s·x                g·(x &gt; 0 ? 1 : s)
 *  PowConst(p)                    xᵖ                             g·p·xᵖ⁻¹
 *  Add                            a + b                          g, g                      (each unbroadcast)
 *  Sub                            a − b                          g, −g
 *  Mul                            a·b                            g·b, g·a
 *  Div                            a / b                          g/b, −(g/b)·y
 *  Pow                            aᵇ                             g·b·aᵇ⁻¹, g·y·log a
 *  Maximum / Minimum              max(a, b) / min(a, b)          g to the selected side (ties: a)
 *  Where(mask)                    mask ? a : b                   g·m, g·(1 − m)
 *  BinaryCrossEntropyWithLogits   softplus(l) − x·l              g·(σ(l) − x), −g·l
 *  Sum(axes)                      Σ x                            g expanded back
 *  Max(axes)                      max x                          g shared among the maxima
 *  LogSumExp(axes)                log Σ eˣ                       g·e^(x − y)
 *  LogSoftmax(axis)               x − log Σ eˣ                   g − eʸ·Σ g
 *  MatMul(tA, tB)                 op(A)·op(B)                    G·op(B)ᵀ, op(A)ᵀ·G       (as transpose flags)
 *  Reshape                        x viewed as a new shape        g viewed as x's shape
 *  Permute(perm)                  axes reordered                 g permuted back
 *  Slice(axis, start, end)        x[start:end]                   g padded with zeros
 *  Concat(axis)                   [x₁, x₂, …]                    the slices of g
 *  Gather(axis, indices)          x[indices]                     g scatter-added
 *  Expand(shape)                  x broadcast                    g summed back (unbroadcast)
 * </pre>
 *
 * Composites, built from those in {@link elbow.autograd.Var}: neg, sub/div/rsub by a constant,
 * reciprocal, logSigmoid, mean, softmax, transpose, split, flatten.
 */
package elbow.autograd;
