package elbow.examples.mnist;

import static elbow.examples.mnist.IdxFixtures.gzip;
import static elbow.examples.mnist.IdxFixtures.images;
import static elbow.examples.mnist.IdxFixtures.labelFile;
import static elbow.examples.mnist.IdxFixtures.mnistFolder;
import static elbow.examples.mnist.IdxFixtures.ubyte;
import static elbow.examples.mnist.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a small MNIST folder: grey levels, labels, limits, and the checks across files. */
class MnistDataTest {
    @TempDir
    Path dir;

    @Test
    void greyLevelsAreBytesOver255RowMajor() {
        mnistFolder(dir, 5, 3, false);
        MnistData data = MnistData.load(dir, MnistData.ALL, MnistData.ALL);
        byte[] pixels = images(5, 1);
        MnistData.Split train = data.train();
        assertEquals(5, train.count());
        assertEquals(5 * 784, train.images().length);
        for (int i = 0; i < pixels.length; i++) assertEquals((pixels[i] & 0xff) / 255f, train.images()[i], "pixel " + i);
        assertEquals(0, train.labels()[0]);
        assertEquals(7, train.labels()[1]);
        assertEquals(4, train.labels()[2]);
        assertEquals(3, data.test().count());
        assertEquals(dir.toAbsolutePath().normalize(), data.dir());
        assertFalse(train.imageFile().isPublishedOriginal(), "a made-up file is not the published one");
        assertEquals(5, train.imagesTensor().dim(0));
        assertEquals(784, train.imagesTensor().dim(1));
    }

    @Test
    void extremesMapToExactlyZeroAndOne() {
        mnistFolder(dir, 40, 1, false);
        float min = 1, max = 0;
        for (float v : MnistData.load(dir, MnistData.ALL, MnistData.ALL).train().images()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void gzippedFolderLoadsTheSameAsRaw(@TempDir Path gzDir) {
        mnistFolder(dir, 4, 2, false);
        mnistFolder(gzDir, 4, 2, true);
        MnistData raw = MnistData.load(dir, MnistData.ALL, MnistData.ALL);
        MnistData gz = MnistData.load(gzDir, MnistData.ALL, MnistData.ALL);
        assertTrue(java.util.Arrays.equals(raw.train().images(), gz.train().images()));
        assertTrue(java.util.Arrays.equals(raw.test().labels(), gz.test().labels()));
        assertTrue(gz.train().imageFile().gzipped());
        assertEquals(raw.train().imageFile().sha256(), gz.train().imageFile().sha256());
    }

    @Test
    void rawFileIsPreferredOverGzip() {
        mnistFolder(dir, 4, 2, false);
        // A broken .gz beside a good raw file is never opened.
        write(dir.resolve(MnistData.TRAIN_IMAGES + ".gz"), new byte[] {1, 2, 3});
        assertEquals(4, MnistData.load(dir, MnistData.ALL, MnistData.ALL).train().count());
    }

    @Test
    void limitsKeepTheFirstImagesButValidateWholeFiles() {
        mnistFolder(dir, 10, 6, false);
        MnistData data = MnistData.load(dir, 3, 2);
        assertEquals(3, data.train().count());
        assertEquals(10, data.train().available());
        assertEquals(3 * 784, data.train().images().length);
        assertEquals(3, data.train().labels().length);
        assertEquals(2, data.test().count());
        // A limit above the count keeps everything.
        assertEquals(6, MnistData.load(dir, 3, 1000).test().count());
        // A label out of range beyond the limit is still found.
        byte[] labels = IdxFixtures.labels(10);
        labels[9] = 10;
        write(dir.resolve(MnistData.TRAIN_LABELS), ubyte(new int[] {10}, labels));
        DataException e = assertThrows(DataException.class, () -> MnistData.load(dir, 3, 2));
        assertTrue(e.getMessage().contains("holds label 10 at index 9; MNIST labels are 0 to 9"), e.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgreeInNumber() {
        mnistFolder(dir, 5, 3, false);
        write(dir.resolve(MnistData.TEST_LABELS), labelFile(4));
        DataException e = assertThrows(DataException.class, () -> MnistData.load(dir, MnistData.ALL, MnistData.ALL));
        assertEquals(dir.resolve(MnistData.TEST_LABELS), e.file());
        assertTrue(e.getMessage().contains("holds 4 labels, but t10k-images-idx3-ubyte holds 3 images"), e.getMessage());
    }

    @Test
    void missingFileIsNamedWithTheFetchCommand() throws IOException {
        mnistFolder(dir, 5, 3, false);
        Files.delete(dir.resolve(MnistData.TEST_IMAGES));
        DataException e = assertThrows(DataException.class, () -> MnistData.load(dir, MnistData.ALL, MnistData.ALL));
        assertEquals(dir.resolve(MnistData.TEST_IMAGES), e.file());
        assertTrue(e.getMessage().contains(dir.resolve(MnistData.TEST_IMAGES) + " is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-mnist.sh " + dir), e.getMessage());
    }

    @Test
    void damagedGzipInTheFolderIsNamed() {
        mnistFolder(dir, 5, 3, true);
        byte[] gz = gzip(IdxFixtures.imageFile(5, 1));
        write(dir.resolve(MnistData.TRAIN_IMAGES + ".gz"), java.util.Arrays.copyOf(gz, gz.length - 30));
        DataException e = assertThrows(DataException.class, () -> MnistData.load(dir, MnistData.ALL, MnistData.ALL));
        assertEquals(dir.resolve(MnistData.TRAIN_IMAGES + ".gz"), e.file());
    }
}
