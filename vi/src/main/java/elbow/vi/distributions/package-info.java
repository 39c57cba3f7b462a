/**
 * Probability distributions with {@link elbow.autograd.Var} parameters: sampling, reparameterized
 * sampling, differentiable log-densities, score parts for the ELBO estimators, entropies, moments and
 * closed-form KL divergences.
 *
 * <pre>{@code
 * Var loc = Var.param(Tensor.zeros(DType.F32, 20, 50)), logScale = Var.param(Tensor.zeros(DType.F32, 20, 50));
 * Distribution q = new Independent(new Normal(loc, logScale.exp()), 1);   // batch [20], event [50]
 * Var z = q.rsample(rng, 5);                                              // [5, 20, 50], a path to loc and logScale
 * ScoreParts parts = q.scoreParts(z);                                     // (log q, 0, log q): pathwise
 * Var kl = KL.divergence(q, new Independent(new Normal(zeros, ones), 1)); // [20], closed form
 * }</pre>
 *
 * See {@link elbow.vi.distributions.Distribution} for the shape conventions and for what estimators
 * may rely on, and {@link elbow.vi.distributions.ScoreParts} for the surrogate they build.
 */
package elbow.vi.distributions;
