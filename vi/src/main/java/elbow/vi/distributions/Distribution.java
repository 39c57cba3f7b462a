package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;

/**
 * A probability distribution whose parameters are {@link Var}s, so that gradients of log-densities,
 * entropies, KLs and reparameterized samples flow to (variational) parameters.
 *
 * <h2>Shapes</h2>
 * Parameters broadcast against each other (NumPy rules); their broadcast shape, less the event axes,
 * is the {@link #batchShape() batch shape}: independent, differently parameterised copies of the
 * distribution. The {@link #eventShape() event shape} is the shape of one draw (empty for scalar
 * distributions, [K] for one-hot categoricals, [2] for NormalGamma's (μ, τ)). Sampling with a sample
 * shape S returns S ++ batch ++ event; {@link #logProb} of a value of shape S ++ batch ++ event (or any
 * shape broadcasting with batch ++ event) returns S ++ batch: one log-density per draw, event axes
 * summed. {@link #entropy()} has the batch shape, {@link #mean()} and {@link #variance()} batch ++ event.
 *
 * <h2>What estimators can rely on</h2>
 * <ul>
 *   <li>{@link #sample} returns a tensor: a constant, no gradient ever flows through it.</li>
 *   <li>{@link #rsample} exists exactly when {@link #hasRsample()} is true; its result is a function
 *       of the parameters and of parameter-free noise, so gradients flow through the sample's path
 *       (the pathwise or reparameterization gradient). Otherwise it throws
 *       {@link UnsupportedOperationException} naming the distribution.</li>
 *   <li>{@link #logProb} is differentiable in the value and in every parameter.</li>
 *   <li>{@link #scoreParts} gives Pyro's three ingredients (see {@link ScoreParts}), so an estimator
 *       never asks which distribution it holds.</li>
 *   <li>{@link #detach()} is the same distribution with every parameter detached: log q with the
 *       parameters held fixed while the sample keeps its path (Sticking the Landing, DReG).</li>
 *   <li>Nothing is recorded at construction: each call builds its graph afresh from the parameter
 *       Vars, so one distribution object serves any number of backward passes, and in-place
 *       parameter updates (optimisers) are seen by later calls. Parameters are validated once, at
 *       construction, with messages naming the distribution, the parameter and the offending value.</li>
 *   <li>All parameters share one dtype; values passed to {@link #logProb} must have it too.</li>
 * </ul>
 */
public interface Distribution {

    /** Shape of the independent copies (the parameters' broadcast shape less the event axes). */
    int[] batchShape();

    /** Shape of one draw of one copy. */
    int[] eventShape();

    /** Element type of parameters, samples and densities. */
    DType dtype();

    /** Name used in error messages. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** sampleShape ++ batch ++ event: the shape of {@code sample(rng, sampleShape)}. */
    default int[] shape(int... sampleShape) {
        return Checks.concat(sampleShape, Checks.concat(batchShape(), eventShape()));
    }

    /** Draws of shape sampleShape ++ batch ++ event, as a tensor: no gradient flows through them. */
    Tensor sample(Rng rng, int... sampleShape);

    /** True when {@link #rsample} is implemented. */
    default boolean hasRsample() {
        return false;
    }

    /**
     * Reparameterized draws of shape sampleShape ++ batch ++ event: parameter-free noise pushed through
     * a differentiable function of the parameters, so gradients flow to them through the sample.
     *
     * @throws UnsupportedOperationException when the distribution has no reparameterized sampler
     */
    default Var rsample(Rng rng, int... sampleShape) {
        throw new UnsupportedOperationException(name() + " has no reparameterized sampler (hasRsample() is false);"
                + " draw with sample() and use a score-function estimator");
    }

    /**
     * The log-density (log-mass for discrete distributions) of {@code value}, whose shape is
     * S ++ batch ++ event (or broadcasts with batch ++ event); the result has shape S ++ batch.
     * Differentiable in the value and in the parameters. Values are not checked against the support
     * (this is every estimator's inner loop): outside it the result is −∞ or NaN, except where a
     * class says otherwise.
     */
    Var logProb(Var value);

    /** {@link #logProb(Var)} of a constant. */
    default Var logProb(Tensor value) {
        return logProb(Var.constant(value));
    }

    /**
     * Differential entropy (entropy for discrete distributions), of the batch shape.
     *
     * @throws UnsupportedOperationException where there is no closed form (the relaxed categoricals)
     */
    Var entropy();

    /**
     * Mean, of shape batch ++ event.
     *
     * @throws UnsupportedOperationException where there is no closed form (the relaxed categoricals)
     */
    Var mean();

    /**
     * Variance of each coordinate, of shape batch ++ event.
     *
     * @throws UnsupportedOperationException where there is no closed form (the relaxed categoricals)
     */
    Var variance();

    /** This distribution with every parameter {@link Var#detach() detached}. */
    Distribution detach();

    /**
     * Score parts of {@code value} with the default estimator for this distribution: pathwise when
     * {@link #hasRsample()} (then {@code value} should come from {@link #rsample}), score function
     * otherwise (then {@code value} should come from {@link #sample}).
     */
    default ScoreParts scoreParts(Var value) {
        return scoreParts(value, hasRsample());
    }

    /**
     * Score parts of {@code value}, choosing the estimator: {@code reparameterized} true for a value
     * drawn by {@link #rsample}, false for the score function (REINFORCE) with a value drawn by
     * {@link #sample} (a reparameterizable distribution may still be handled by REINFORCE, as in
     * black-box VI).
     *
     * @throws UnsupportedOperationException when {@code reparameterized} is asked of a distribution
     *         without a reparameterized sampler
     */
    default ScoreParts scoreParts(Var value, boolean reparameterized) {
        if (reparameterized && !hasRsample()) {
            throw new UnsupportedOperationException(name() + " has no reparameterized sampler, so it has no pathwise score parts;"
                    + " use scoreParts(value, false) with a value from sample()");
        }
        Var logProb = logProb(value);
        return reparameterized ? ScoreParts.pathwise(logProb) : ScoreParts.scoreFunction(logProb);
    }
}
