package elbow.vi.models;

import elbow.autograd.Var;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Categorical;
import elbow.vi.distributions.RelaxedOneHotCategorical;
import org.apache.commons.numbers.gamma.RegularizedGamma;

/**
 * What the Gumbel-Softmax relaxation (Jang et al. 2017; {@link RelaxedOneHotCategorical}) does to a
 * categorical, measured from draws: the argmax of a relaxed draw is exactly Categorical(p) at every
 * temperature (Gumbel-max), while the relaxed draws themselves sit off the simplex's corners and their
 * mean is biased away from p, the more so the higher the temperature. The workbench's {@code gumbel}
 * experiment is these numbers at one temperature and over a sweep.
 */
public final class GumbelSoftmaxStatistics {
    private GumbelSoftmaxStatistics() {}

    /** n relaxed draws y (rows on the simplex) at one temperature, and their argmax. */
    public record Draws(double temperature, double[][] y, int[] argmax) {
        public int size() { return y.length; }

        /** How many draws have each category as argmax. */
        public int[] argmaxCounts() {
            return counts(argmax, y[0].length);
        }

        /** The mean relaxed draw, an estimate of E[y]. */
        public double[] mean() {
            double[] m = new double[y[0].length];
            for (double[] row : y) for (int k = 0; k < m.length; k++) m[k] += row[k];
            for (int k = 0; k < m.length; k++) m[k] /= y.length;
            return m;
        }

        /** E[y] − p, estimated: the bias of a relaxed draw as a stand-in for the one-hot one. */
        public double[] meanBias(double[] probs) {
            double[] m = mean();
            for (int k = 0; k < m.length; k++) m[k] -= probs[k];
            return m;
        }

        /** The Euclidean distance of each draw to the nearest corner of the simplex, the one-hot e_argmax. */
        public double[] cornerDistances() {
            double[] d = new double[y.length];
            for (int n = 0; n < y.length; n++) {
                double s = 0;
                for (int k = 0; k < y[n].length; k++) {
                    double e = y[n][k] - (k == argmax[n] ? 1 : 0);
                    s += e * e;
                }
                d[n] = Math.sqrt(s);
            }
            return d;
        }

        /** max_k y_k of each draw: 1 at a corner, 1/K at the centre. */
        public double[] largestCoordinates() {
            double[] out = new double[y.length];
            for (int n = 0; n < y.length; n++) out[n] = y[n][argmax[n]];
            return out;
        }
    }

    /**
     * n draws y = softmax((log p + g)/τ), g ~ Gumbel(0, 1) iid, through {@link RelaxedOneHotCategorical}
     * in float64. Draws made from generators with the same seed share their Gumbel noise across
     * temperatures (common random numbers), which makes a temperature sweep smooth.
     */
    public static Draws relaxed(double[] probs, double temperature, int n, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("need at least one draw, got " + n);
        RelaxedOneHotCategorical dist = RelaxedOneHotCategorical.ofProbs(temperature, Var.constant(Tensor.of(probs)));
        Tensor draws = dist.sample(rng, n);
        int k = probs.length;
        double[][] y = new double[n][k];
        int[] argmax = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                y[i][j] = draws.getFlat(i * k + j);
                if (y[i][j] > y[i][argmax[i]]) argmax[i] = j;
            }
        }
        return new Draws(temperature, y, argmax);
    }

    /** n direct draws from Categorical(p), for comparison with the argmax of relaxed draws. */
    public static int[] categorical(double[] probs, int n, Rng rng) {
        Tensor s = Categorical.ofProbs(probs).sample(rng, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) s.getFlat(i);
        return out;
    }

    public static int[] counts(int[] categories, int k) {
        int[] c = new int[k];
        for (int v : categories) c[v]++;
        return c;
    }

    /** Pearson's χ² = Σ_k (O_k − N p_k)² / (N p_k) of counts O against probabilities p. */
    public static double chiSquare(int[] counts, double[] probs) {
        if (counts.length != probs.length) throw new IllegalArgumentException(counts.length + " counts for " + probs.length + " probabilities");
        long total = 0;
        for (int c : counts) total += c;
        double chi2 = 0;
        for (int k = 0; k < counts.length; k++) {
            double expected = total * probs[k];
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        return chi2;
    }

    /** P(X ≥ χ²) for X ~ χ² with K − 1 degrees of freedom: Q((K−1)/2, χ²/2), the regularized upper gamma. */
    public static double chiSquarePValue(double chi2, int categories) {
        return RegularizedGamma.Q.value((categories - 1) / 2.0, chi2 / 2);
    }
}
