package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.Tensor;

/**
 * The three ingredients of a stochastic ELBO gradient for one sampled value z of q, as in Pyro's
 * {@code ScoreParts}; all three have the shape of {@code logProb}.
 *
 * <ul>
 *   <li>{@code logProb} = log q(z): the value, for the ELBO estimate log p(z) − log q(z) and for
 *       importance weights.</li>
 *   <li>{@code scoreFunction}: what multiplies the (detached) learning signal. log q(z) for a
 *       score-function (REINFORCE) value, whose gradient is ∇φ log q(z); a constant 0 for a
 *       reparameterized value.</li>
 *   <li>{@code entropyTerm}: what enters the surrogate with a minus sign, differentiated as it is:
 *       log q(z) for a reparameterized value (its gradient runs through both the parameters and the
 *       sample's path); a constant 0 for a score-function value (∇φ log q(z) at fixed z has expectation
 *       zero and is left out, as in Pyro and in Ranganath et al.'s Algorithm 1).</li>
 * </ul>
 *
 * <p>The contract for estimators: with a model term log p(z) and a baseline b (0 for none),
 * <pre>
 *   surrogate = log p(z) − entropyTerm + detach(log p(z) − logProb − b) · scoreFunction
 * </pre>
 * has as gradient an unbiased estimate of ∇φ ELBO for either kind of value, and its detached value
 * log p(z) − logProb is the ELBO estimate. An estimator builds this one expression and never asks which
 * distribution, or which kind of sample, it holds.
 */
public record ScoreParts(Var logProb, Var scoreFunction, Var entropyTerm) {

    /** Parts of a reparameterized value: (log q, 0, log q). */
    public static ScoreParts pathwise(Var logProb) {
        return new ScoreParts(logProb, zerosLike(logProb), logProb);
    }

    /** Parts of a score-function value: (log q, log q, 0). */
    public static ScoreParts scoreFunction(Var logProb) {
        return new ScoreParts(logProb, logProb, zerosLike(logProb));
    }

    /**
     * Scaled for data subsampling (a minibatch standing for {@code factor} times as many terms):
     * {@code logProb} and {@code entropyTerm} are multiplied, {@code scoreFunction} is not, because its
     * weight, the learning signal, already carries the scale.
     */
    public ScoreParts scale(double factor) {
        return new ScoreParts(logProb.mul(factor), scoreFunction, entropyTerm.mul(factor));
    }

    private static Var zerosLike(Var v) {
        return Var.constant(Tensor.zeros(v.dtype(), v.shape()));
    }
}
