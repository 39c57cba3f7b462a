package elbow.examples.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Iso-lines of a function sampled on a rectangular grid, by marching squares: in each grid cell the
 * level crosses the edges whose end values lie on either side of it, at the linearly interpolated
 * point, and those crossings are joined pairwise into segments. The two saddle cases (diagonal
 * corners on the same side) are decided by the cell's centre value, so that lines do not cross.
 * XChart has no contour chart; these segments are drawn as ordinary line series.
 */
public final class Isolines {
    private Isolines() {}

    /**
     * The segments of the level set {f = level}, each as {x0, y0, x1, y1}; {@code f[i][j]} is the value
     * at (xs[i], ys[j]). Non-finite values leave their cells out.
     */
    public static List<double[]> segments(double[] xs, double[] ys, double[][] f, double level) {
        if (f.length != xs.length) throw new IllegalArgumentException(f.length + " rows of values for " + xs.length + " x values");
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < xs.length; i++) {
            if (f[i].length != ys.length || f[i + 1].length != ys.length) throw new IllegalArgumentException("every row of values needs " + ys.length + " entries");
            for (int j = 0; j + 1 < ys.length; j++) {
                // Corners counter-clockwise from the lower left: (i, j), (i+1, j), (i+1, j+1), (i, j+1).
                double v0 = f[i][j], v1 = f[i + 1][j], v2 = f[i + 1][j + 1], v3 = f[i][j + 1];
                if (!(Double.isFinite(v0) && Double.isFinite(v1) && Double.isFinite(v2) && Double.isFinite(v3))) continue;
                int index = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
                if (index == 0 || index == 15) continue;
                // Edge crossings: bottom (0–1), right (1–2), top (3–2), left (0–3).
                double[] bottom = {lerp(xs[i], xs[i + 1], v0, v1, level), ys[j]};
                double[] right = {xs[i + 1], lerp(ys[j], ys[j + 1], v1, v2, level)};
                double[] top = {lerp(xs[i], xs[i + 1], v3, v2, level), ys[j + 1]};
                double[] left = {xs[i], lerp(ys[j], ys[j + 1], v0, v3, level)};
                boolean centreAbove = (v0 + v1 + v2 + v3) / 4 > level;
                switch (index) {
                    case 1, 14 -> out.add(segment(left, bottom));
                    case 2, 13 -> out.add(segment(bottom, right));
                    case 3, 12 -> out.add(segment(left, right));
                    case 4, 11 -> out.add(segment(right, top));
                    case 6, 9 -> out.add(segment(bottom, top));
                    case 7, 8 -> out.add(segment(left, top));
                    case 5 -> { // corners 0 and 2 above
                        if (centreAbove) { out.add(segment(left, top)); out.add(segment(bottom, right)); }
                        else { out.add(segment(left, bottom)); out.add(segment(right, top)); }
                    }
                    case 10 -> { // corners 1 and 3 above
                        if (centreAbove) { out.add(segment(left, bottom)); out.add(segment(right, top)); }
                        else { out.add(segment(left, top)); out.add(segment(bottom, right)); }
                    }
                    default -> throw new AssertionError(index);
                }
            }
        }
        return out;
    }

    private static double lerp(double a, double b, double va, double vb, double level) {
        return a + (b - a) * (level - va) / (vb - va);
    }

    private static double[] segment(double[] p, double[] q) {
        return new double[] {p[0], p[1], q[0], q[1]};
    }
}
