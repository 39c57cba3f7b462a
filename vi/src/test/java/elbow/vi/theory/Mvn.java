package elbow.vi.theory;

/**
 * N(mean, cov) in float64 with a dense covariance, and the small dense linear algebra behind it.
 * Plain arrays on purpose: a theory test computes both sides of an identity in different ways, and
 * neither should lean on the library under test.
 */
record Mvn(double[] mean, double[][] cov) {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    static Mvn isotropic(double[] mean, double variance) {
        return new Mvn(mean, scale(identity(mean.length), variance));
    }

    int dim() {
        return mean.length;
    }

    double logDensity(double[] x) {
        double[][] l = cholesky(cov);
        double[] z = forwardSolve(l, sub(x, mean));
        return -0.5 * (dim() * LOG_2PI + logDetOfCholesky(l) + dot(z, z));
    }

    /** KL(this ‖ p) = ½ [tr(S_p⁻¹ S) + δᵀ S_p⁻¹ δ − n + log|S_p| − log|S|]. */
    double kl(Mvn p) {
        double[][] lp = cholesky(p.cov), l = cholesky(cov);
        double[] z = forwardSolve(lp, sub(p.mean, mean));
        // tr(S_p⁻¹ S) = ‖L_p⁻¹ L‖²_F: no explicit inverse.
        double trace = frobenius2(forwardSolve(lp, l));
        return 0.5 * (trace + dot(z, z) - dim() + logDetOfCholesky(lp) - logDetOfCholesky(l));
    }

    /** The marginal of coordinates [from, to). */
    Mvn marginal(int from, int to) {
        int n = to - from;
        double[] m = new double[n];
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i] = mean[from + i];
            for (int j = 0; j < n; j++) c[i][j] = cov[from + i][from + j];
        }
        return new Mvn(m, c);
    }

    /** The other coordinates (in their order) given that coordinates [from, to) equal {@code value}. */
    Mvn condition(int from, int to, double[] value) {
        int g = to - from, k = dim() - g;
        int[] keep = new int[k];
        for (int i = 0, j = 0; i < dim(); i++) if (i < from || i >= to) keep[j++] = i;
        double[][] cgg = marginal(from, to).cov, cgk = new double[g][k], ckk = new double[k][k];
        double[] mk = new double[k], r = new double[g];
        for (int i = 0; i < g; i++) {
            r[i] = value[i] - mean[from + i];
            for (int j = 0; j < k; j++) cgk[i][j] = cov[from + i][keep[j]];
        }
        for (int i = 0; i < k; i++) {
            mk[i] = mean[keep[i]];
            for (int j = 0; j < k; j++) ckk[i][j] = cov[keep[i]][keep[j]];
        }
        double[][] gain = transpose(solve(cgg, cgk)); // C_kg C_gg⁻¹
        return new Mvn(add(mk, mul(gain, r)), sub(ckk, mul(gain, cgk)));
    }

    /**
     * E[−log N(m + K ε; 0, S)] for ε ~ N(0, I): the quadratic form averages to mᵀS⁻¹m + tr(Kᵀ S⁻¹ K),
     * so a Gaussian's expected log density under another Gaussian needs no sampling.
     */
    static double expectedNegLogDensity(double[] m, double[][] k, double[][] s) {
        double[][] l = cholesky(s);
        double[] z = forwardSolve(l, m);
        return 0.5 * (m.length * LOG_2PI + logDetOfCholesky(l) + dot(z, z) + frobenius2(forwardSolve(l, k)));
    }

    /** tr(Kᵀ S⁻¹ K). */
    static double traceQuadratic(double[][] s, double[][] k) {
        return frobenius2(forwardSolve(cholesky(s), k));
    }

    // ------------------------------------------------------------------ dense linear algebra

    /** Lower-triangular L with L Lᵀ = a; fails loudly if a is not positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > 0)) throw new ArithmeticException("not positive definite at pivot " + i + ": " + s);
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    static double logDetOfCholesky(double[][] l) {
        double s = 0;
        for (int i = 0; i < l.length; i++) s += Math.log(l[i][i]);
        return 2 * s;
    }

    static double[] forwardSolve(double[][] l, double[] b) {
        int n = l.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i][k] * x[k];
            x[i] = s / l[i][i];
        }
        return x;
    }

    /** L⁻¹ B, column by column. */
    static double[][] forwardSolve(double[][] l, double[][] b) {
        int n = l.length, m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            for (int i = 0; i < n; i++) {
                double s = b[i][c];
                for (int k = 0; k < i; k++) s -= l[i][k] * x[k][c];
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }

    /** A⁻¹ B for symmetric positive definite A. */
    static double[][] solve(double[][] a, double[][] b) {
        double[][] l = cholesky(a), y = forwardSolve(l, b);
        int n = l.length, m = b[0].length;
        double[][] x = new double[n][m];
        for (int c = 0; c < m; c++) {
            for (int i = n - 1; i >= 0; i--) {
                double s = y[i][c];
                for (int k = i + 1; k < n; k++) s -= l[k][i] * x[k][c];
                x[i][c] = s / l[i][i];
            }
        }
        return x;
    }

    static double[][] identity(int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) a[i][i] = 1;
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length, m = b[0].length, p = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                double aik = a[i][k];
                for (int j = 0; j < m; j++) c[i][j] += aik * b[k][j];
            }
        }
        return c;
    }

    static double[] mul(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = dot(a[i], x);
        return y;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = add(a[i], b[i]);
        return c;
    }

    static double[][] sub(double[][] a, double[][] b) {
        return add(a, scale(b, -1));
    }

    static double[][] scale(double[][] a, double s) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = scale(a[i], s);
        return c;
    }

    static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = a[i] + b[i];
        return c;
    }

    static double[] sub(double[] a, double[] b) {
        return add(a, scale(b, -1));
    }

    static double[] scale(double[] a, double s) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) c[i] = s * a[i];
        return c;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double frobenius2(double[][] a) {
        double s = 0;
        for (double[] row : a) s += dot(row, row);
        return s;
    }
}
