package elbow.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import elbow.tensor.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each pixel is Bernoulli(grey level), drawn afresh per call, reproducibly from a seed. */
class DynamicBinarizationTest {
    /** Every byte value's grey level once, as MNIST has them, plus the two certain ones again. */
    private static float[] allGreyLevels() {
        float[] grey = new float[258];
        for (int v = 0; v < 256; v++) grey[v] = v / 255f;
        grey[256] = 0f;
        grey[257] = 1f;
        return grey;
    }

    @Test
    void frequenciesMatchTheGreyLevels() {
        float[] grey = allGreyLevels();
        float[] sample = new float[grey.length];
        long[] ones = new long[grey.length];
        int draws = 20_000;
        Rng rng = new Rng(11);
        for (int t = 0; t < draws; t++) {
            DynamicBinarization.sample(grey, sample, grey.length, rng);
            for (int i = 0; i < grey.length; i++) {
                assertTrue(sample[i] == 0f || sample[i] == 1f, "pixel " + i + " is " + sample[i]);
                ones[i] += (long) sample[i];
            }
        }
        for (int i = 0; i < grey.length; i++) {
            double p = grey[i];
            double mean = ones[i] / (double) draws;
            double standardError = Math.sqrt(p * (1 - p) / draws);
            // 258 pixels at 4.5 standard errors: a false alarm has probability about 258 · 7e-6 ≈ 0.2 %, and the seed is fixed.
            assertTrue(Math.abs(mean - p) <= 4.5 * standardError, "pixel " + i + ": grey " + p + ", frequency " + mean + ", se " + standardError);
        }
        assertEquals(0, ones[0]);
        assertEquals(0, ones[256]);
        assertEquals(draws, ones[255]);
        assertEquals(draws, ones[257]);
    }

    @Test
    void sameSeedSameSampleFreshSampleEachCall() {
        float[] grey = allGreyLevels();
        float[] a = new float[grey.length], b = new float[grey.length], c = new float[grey.length];
        Rng first = new Rng(5), second = new Rng(5);
        DynamicBinarization.sample(grey, a, grey.length, first);
        DynamicBinarization.sample(grey, b, grey.length, second);
        assertArrayEquals(a, b);
        DynamicBinarization.sample(grey, c, grey.length, first);
        assertFalse(Arrays.equals(a, c), "the next batch gets a new binarization");
    }

    @Test
    void inPlaceAndOffsetsAgreeWithTheCopy() {
        float[] grey = allGreyLevels();
        float[] copy = new float[grey.length];
        DynamicBinarization.sample(grey, copy, grey.length, new Rng(9));
        float[] buffer = grey.clone();
        DynamicBinarization.sampleInPlace(buffer, buffer.length, new Rng(9));
        assertArrayEquals(copy, buffer);

        float[] out = new float[grey.length + 10];
        Arrays.fill(out, -1f);
        DynamicBinarization.sample(grey, 0, out, 10, grey.length, new Rng(9));
        assertArrayEquals(copy, Arrays.copyOfRange(out, 10, out.length));
        for (int i = 0; i < 10; i++) assertEquals(-1f, out[i], "outside the range is untouched");
    }

    @Test
    void rangesAreChecked() {
        float[] grey = new float[10];
        assertThrows(IndexOutOfBoundsException.class, () -> DynamicBinarization.sample(grey, 5, new float[10], 0, 6, new Rng(1)));
        assertThrows(IndexOutOfBoundsException.class, () -> DynamicBinarization.sample(grey, 0, new float[5], 0, 6, new Rng(1)));
    }
}
