package elbow.vi.amortized;

import elbow.autograd.Var;
import elbow.nn.Linear;
import elbow.nn.Module;
import elbow.nn.Parameter;
import elbow.tensor.DType;
import elbow.tensor.Rng;
import elbow.tensor.Tensor;
import elbow.vi.distributions.Distribution;
import elbow.vi.distributions.Independent;
import elbow.vi.distributions.Normal;
import java.util.ArrayList;
import java.util.List;

/**
 * A "VAE" whose posterior is known exactly and lies in the encoder's family, float64:
 * <pre>
 *   p(z) = N(0, I_2),   p(x | z) = N(W z + b, s² I_3)
 *   p(z | x) = N(A (x − b), Σ),   Σ = (I + WᵀW / s²)⁻¹,   A = Σ Wᵀ / s²
 *   p(x) = N(b, W Wᵀ + s² I)
 * </pre>
 * W's columns are orthogonal, so Σ is diagonal and the encoder μ(x) = A x + c, log σ² = v (a free
 * vector) represents the posterior exactly at A, c = −A b, v = log diag Σ.
 */
final class LinearGaussianVae extends Module implements VariationalAutoencoder {
    static final int D = 2, P = 3;
    static final double NOISE_VARIANCE = 0.5;
    /** W, [P, D] (the decoder's Linear weight layout: [out, in]); columns (1, −1, ½) and (½, ½, 0) are orthogonal. */
    static final double[][] W = {{1.0, 0.5}, {-1.0, 0.5}, {0.5, 0.0}};
    static final double[] B = {0.2, -0.1, 0.3};
    /** A small data set, [4, 3]. */
    static final Tensor X = Tensor.wrap(new double[] {0.5, -1.2, 0.3, 1.4, 0.2, -0.7, -0.3, 0.9, 1.1, 2.0, -1.5, 0.4}, 4, P);

    private final Linear mean, decoder;
    private final Var logVariance;

    private LinearGaussianVae(double[][] a, double[] c, double[] v) {
        Rng rng = new Rng(0);
        mean = addModule("mean", new Linear(P, D, DType.F64, rng));
        logVariance = addParameter("log_variance", Tensor.wrap(v.clone(), D));
        decoder = addModule("decoder", new Linear(D, P, DType.F64, rng));
        for (int d = 0; d < D; d++) {
            for (int p = 0; p < P; p++) mean.weight().value().set(a[d][p], d, p);
            mean.bias().value().set(c[d], d);
        }
        for (int p = 0; p < P; p++) {
            for (int d = 0; d < D; d++) decoder.weight().value().set(W[p][d], p, d);
            decoder.bias().value().set(B[p], p);
        }
    }

    /** The encoder at the exact posterior. */
    static LinearGaussianVae atPosterior() {
        return new LinearGaussianVae(posteriorA(), posteriorC(), posteriorLogVariance());
    }

    /** The encoder off the posterior by {@code shift} in every weight and bias and in the log-variances. */
    static LinearGaussianVae offPosterior(double shift) {
        double[][] a = posteriorA();
        double[] c = posteriorC(), v = posteriorLogVariance();
        for (int d = 0; d < D; d++) {
            for (int p = 0; p < P; p++) a[d][p] += shift * (d + 1) * (p % 2 == 0 ? 1 : -1);
            c[d] += shift;
            v[d] += 2 * shift;
        }
        return new LinearGaussianVae(a, c, v);
    }

    /** An encoder with mean weights {@code a} (rows: latents), mean bias {@code c} and log-variances {@code v}. */
    static LinearGaussianVae withEncoder(double[][] a, double[] c, double[] v) {
        return new LinearGaussianVae(a, c, v);
    }

    static double[] posteriorVariance() {
        double[] s = new double[D];
        for (int d = 0; d < D; d++) {
            double norm = 0;
            for (int p = 0; p < P; p++) norm += W[p][d] * W[p][d];
            s[d] = 1 / (1 + norm / NOISE_VARIANCE);
        }
        return s;
    }

    static double[][] posteriorA() {
        double[] s = posteriorVariance();
        double[][] a = new double[D][P];
        for (int d = 0; d < D; d++) for (int p = 0; p < P; p++) a[d][p] = s[d] * W[p][d] / NOISE_VARIANCE;
        return a;
    }

    static double[] posteriorC() {
        double[][] a = posteriorA();
        double[] c = new double[D];
        for (int d = 0; d < D; d++) for (int p = 0; p < P; p++) c[d] -= a[d][p] * B[p];
        return c;
    }

    static double[] posteriorLogVariance() {
        double[] s = posteriorVariance();
        double[] v = new double[D];
        for (int d = 0; d < D; d++) v[d] = Math.log(s[d]);
        return v;
    }

    /** log p(x) of row {@code row} of {@code x}: log N(x; b, W Wᵀ + s² I), by a Cholesky factorisation. */
    static double logEvidence(Tensor x, int row) {
        double[][] c = new double[P][P];
        for (int i = 0; i < P; i++) {
            for (int j = 0; j < P; j++) {
                for (int d = 0; d < D; d++) c[i][j] += W[i][d] * W[j][d];
            }
            c[i][i] += NOISE_VARIANCE;
        }
        double[][] l = new double[P][P];
        for (int i = 0; i < P; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        double[] r = new double[P];
        double logDet = 0, quad = 0;
        for (int i = 0; i < P; i++) {
            double s = x.get(row, i) - B[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * r[k];
            r[i] = s / l[i][i];
            quad += r[i] * r[i];
            logDet += 2 * Math.log(l[i][i]);
        }
        return -0.5 * (P * Math.log(2 * Math.PI) + logDet + quad);
    }

    @Override
    public Var[] encode(Var x) {
        return new Var[] {mean.forward(x), logVariance.expand(x.shape()[0], D)};
    }

    @Override
    public Distribution posterior(Var[] encoding) {
        return new Independent(new Normal(encoding[0], encoding[1].mul(0.5).exp()), 1);
    }

    @Override
    public Var logJoint(Var x, Var z) {
        int last = z.rank() - 1;
        Var residual = x.sub(decoder.forward(z));
        Var logLikelihood = residual.square().sum(last).mul(-0.5 / NOISE_VARIANCE).sub(0.5 * P * Math.log(2 * Math.PI * NOISE_VARIANCE));
        Var logPrior = z.square().sum(last).mul(-0.5).sub(0.5 * D * Math.log(2 * Math.PI));
        return logPrior.add(logLikelihood);
    }

    @Override
    public List<Parameter> encoderParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters()) if (!p.name().startsWith("decoder.")) out.add(p);
        return out;
    }

    @Override
    public List<Parameter> decoderParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters()) if (p.name().startsWith("decoder.")) out.add(p);
        return out;
    }
}
