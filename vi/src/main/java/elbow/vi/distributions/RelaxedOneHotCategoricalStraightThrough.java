package elbow.vi.distributions;

import elbow.autograd.Var;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Straight-through Gumbel-Softmax (Jang et al. 2017, §2.2): draws are exact one-hot vectors,
 * one-hot(argmax y) for a relaxed draw y, but the gradient is that of y (forward hard, backward soft:
 * the value of {@code hard − detach(soft) + soft} without its rounding).
 *
 * <p>As in Pyro, {@link #logProb} of a value this distribution drew (or its {@link #detach()}ed copy
 * drew) is the relaxed density at the soft draw behind it, remembered in a weak identity map; any
 * other value is scored by the relaxed density as it is. Entropy, mean and variance have no closed form.
 */
public final class RelaxedOneHotCategoricalStraightThrough implements Distribution {
    private final RelaxedOneHotCategorical relaxed;
    /** Hard draw → the soft draw it came from. Var has identity equality, so this is an identity map. */
    private final Map<Var, Var> softOf;

    RelaxedOneHotCategoricalStraightThrough(RelaxedOneHotCategorical relaxed) {
        this(relaxed, Collections.synchronizedMap(new WeakHashMap<>()));
    }

    private RelaxedOneHotCategoricalStraightThrough(RelaxedOneHotCategorical relaxed, Map<Var, Var> softOf) {
        this.relaxed = relaxed;
        this.softOf = softOf;
    }

    /** The relaxed distribution whose draws are discretised. */
    public RelaxedOneHotCategorical relaxed() { return relaxed; }

    @Override public int[] batchShape() { return relaxed.batchShape(); }
    @Override public int[] eventShape() { return relaxed.eventShape(); }
    @Override public DType dtype() { return relaxed.dtype(); }

    @Override
    public Tensor sample(Rng rng, int... sampleShape) {
        return hard(relaxed.sample(rng, sampleShape));
    }

    @Override public boolean hasRsample() { return true; }

    @Override
    public Var rsample(Rng rng, int... sampleShape) {
        Var soft = relaxed.rsample(rng, sampleShape);
        Var hard = new StraightThrough(hard(soft.value())).apply(soft);
        softOf.put(hard, soft);
        return hard;
    }

    /** one-hot(argmax) along the last axis. */
    private Tensor hard(Tensor soft) {
        Tensor idx = soft.argmax(-1);
        int[] ix = new int[idx.size()];
        for (int i = 0; i < ix.length; i++) ix[i] = (int) idx.getFlat(i);
        return Tensor.oneHot(ix, relaxed.categories(), soft.dtype()).reshape(soft.shape());
    }

    @Override
    public Var logProb(Var value) {
        Var soft = softOf.get(value);
        return relaxed.logProb(soft != null ? soft : value);
    }

    @Override public Var entropy() { throw relaxed.noClosedForm("entropy"); }
    @Override public Var mean() { throw relaxed.noClosedForm("mean"); }
    @Override public Var variance() { throw relaxed.noClosedForm("variance"); }

    @Override
    public RelaxedOneHotCategoricalStraightThrough detach() {
        return new RelaxedOneHotCategoricalStraightThrough(relaxed.detach(), softOf);
    }

    @Override
    public String toString() {
        return "RelaxedOneHotCategoricalStraightThrough(batch " + Shape.str(batchShape()) + ", K = " + relaxed.categories() + ", " + dtype() + ")";
    }
}
