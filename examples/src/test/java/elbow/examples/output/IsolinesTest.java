package elbow.examples.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IsolinesTest {
    private static double[] grid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = lo + (hi - lo) * i / (n - 1);
        return g;
    }

    @Test
    void circleOfAParaboloidIsTracedOnItsRadius() {
        double[] xs = grid(-2, 2, 81), ys = grid(-2, 2, 81);
        double[][] f = new double[xs.length][ys.length];
        for (int i = 0; i < xs.length; i++) for (int j = 0; j < ys.length; j++) f[i][j] = xs[i] * xs[i] + ys[j] * ys[j];
        List<double[]> segs = Isolines.segments(xs, ys, f, 1.0);
        double length = 0;
        for (double[] s : segs) {
            // Linear interpolation of x² + y² along a cell edge of width h is off by at most h²/4.
            for (int e = 0; e < 4; e += 2) assertEquals(1.0, Math.hypot(s[e], s[e + 1]), 0.05 * 0.05, "endpoint off the circle");
            length += Math.hypot(s[2] - s[0], s[3] - s[1]);
        }
        // The polygon's length is the circumference, less a chord's shortfall.
        assertEquals(2 * Math.PI, length, 1e-2);
    }

    @Test
    void levelsOutsideTheRangeAndNonFiniteCellsGiveNoSegments() {
        double[] xs = grid(0, 1, 5), ys = grid(0, 1, 5);
        double[][] f = new double[5][5];
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) f[i][j] = i + j;
        assertTrue(Isolines.segments(xs, ys, f, 100).isEmpty());
        assertTrue(Isolines.segments(xs, ys, f, -1).isEmpty());
        for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) f[i][j] = Double.NaN;
        assertTrue(Isolines.segments(xs, ys, f, 1).isEmpty());
    }

    @Test
    void saddleCellsAreResolvedByTheCentreValue() {
        // One cell, corners 0 and 2 above the level: two segments either way, never crossing.
        double[] xs = {0, 1}, ys = {0, 1};
        double[][] high = {{1, 0}, {0, 1}}; // f[i][j]: (0,0)=1, (0,1)=0, (1,0)=0, (1,1)=1
        assertEquals(2, Isolines.segments(xs, ys, high, 0.5).size());
        assertEquals(2, Isolines.segments(xs, ys, high, 0.4).size());
    }
}
