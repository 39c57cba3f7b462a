package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    /** The exact bytes for a small file, as the format's specification lays them out. */
    @Test
    void layoutByteForByte() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.wrap(new float[] {1f, 0.25f}, 2, 1));
        tensors.put("b", Tensor.of(1.5, -2.0));
        Path file = dir.resolve("x.safetensors");
        Safetensors.write(file, tensors, Map.of("k", "v"));
        String json = "{\"__metadata__\":{\"k\":\"v\"},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[16,24]}}";
        int padded = (json.length() + 8 + 7) / 8 * 8 - 8; // spaces up to a multiple of 8 bytes, as the reference writer pads
        ByteBuffer expected = ByteBuffer.allocate(8 + padded + 24).order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(padded);
        expected.put((json + " ".repeat(padded - json.length())).getBytes(StandardCharsets.US_ASCII));
        expected.putDouble(1.5).putDouble(-2.0).putFloat(1f).putFloat(0.25f);
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
    }

    /** Files as other writers make them: whitespace, any key order, tensors stored in another order, escapes, no metadata. */
    @Test
    void readsOtherWritersFiles() throws IOException {
        String json = "{ \"z\\u00e9\" : { \"data_offsets\" : [ 8, 16 ], \"shape\" : [ ], \"dtype\" : \"F64\" } ,\n"
                + "  \"first\": {\"shape\": [2], \"dtype\": \"F32\", \"data_offsets\": [0, 8]}, \"none\": {\"dtype\": \"F32\", \"shape\": [0, 3], \"data_offsets\": [16, 16]} }";
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(3f).putFloat(-4f).putDouble(0.125);
        Path file = write("other.safetensors", json, data.array());
        TensorFile f = Safetensors.read(file);
        assertEquals(List.of("zé", "first", "none"), List.copyOf(f.tensors().keySet()));
        assertEquals(0, f.get("zé").rank());
        assertEquals(0.125, f.get("zé").item());
        assertArrayEquals(new float[] {3f, -4f}, f.get("first").data32());
        assertArrayEquals(new int[] {0, 3}, f.get("none").shape());
        assertTrue(f.metadata().isEmpty());
    }

    /** Any tensors, any values (every bit pattern, NaN payloads included) come back bit for bit. */
    @Property(tries = 100)
    void roundTripIsBitExact(@ForAll long seed, @ForAll @IntRange(min = 0, max = 6) int count) throws IOException {
        Random r = new Random(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int k = 0; k < count; k++) {
            int[] shape = new int[r.nextInt(4)];
            for (int i = 0; i < shape.length; i++) shape[i] = r.nextInt(6);
            boolean f32 = r.nextBoolean();
            Tensor t = Tensor.zeros(f32 ? DType.F32 : DType.F64, shape);
            for (int i = 0; i < t.size(); i++) {
                if (f32) t.data32()[i] = Float.intBitsToFloat(r.nextInt());
                else t.data64()[i] = Double.longBitsToDouble(r.nextLong());
            }
            tensors.put("t" + k + "." + r.nextInt(1000), t);
        }
        Map<String, String> meta = count % 2 == 0 ? Map.of() : Map.of("seed", Long.toString(seed), "ünï", "çødé\u0001");
        Path file = Files.createTempFile("elbow-roundtrip", ".safetensors"); // jqwik properties get no @TempDir
        TensorFile back;
        try {
            Safetensors.write(file, tensors, meta);
            back = Safetensors.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
        assertEquals(meta, back.metadata());
        assertEquals(tensors.keySet(), back.tensors().keySet());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) assertBitsEqual(e.getValue(), back.get(e.getKey()), e.getKey());
    }

    static void assertBitsEqual(Tensor want, Tensor got, String what) {
        assertEquals(want.dtype(), got.dtype(), what);
        assertArrayEquals(want.shape(), got.shape(), what);
        for (int i = 0; i < want.size(); i++) {
            if (want.isF32()) assertEquals(Float.floatToRawIntBits(want.data32()[i]), Float.floatToRawIntBits(got.data32()[i]), what + "[" + i + "]");
            else assertEquals(Double.doubleToRawLongBits(want.data64()[i]), Double.doubleToRawLongBits(got.data64()[i]), what + "[" + i + "]");
        }
    }

    /** Large tensors cross the 1 MiB I/O chunks. */
    @Test
    void largeTensorsAcrossChunks() throws IOException {
        Tensor big = Tensor.zeros(DType.F32, 3, 200_001);
        for (int i = 0; i < big.size(); i++) big.data32()[i] = i * 0.5f;
        Tensor big64 = Tensor.zeros(DType.F64, 140_000);
        for (int i = 0; i < big64.size(); i++) big64.data64()[i] = -i;
        Path file = dir.resolve("big.safetensors");
        Safetensors.write(file, Map.of("big", big, "big64", big64), Map.of());
        TensorFile back = Safetensors.read(file);
        assertBitsEqual(big, back.get("big"), "big");
        assertBitsEqual(big64, back.get("big64"), "big64");
    }

    // ---------------------------------------------------------------- damaged and foreign files

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private TensorFileException fails(Path file, String... mustMention) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "the message names the file: " + e.getMessage());
        for (String s : mustMention) assertTrue(e.getMessage().contains(s), "the message mentions '" + s + "': " + e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void truncatedFiles() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.wrap(new float[12], 3, 4));
        tensors.put("b", Tensor.wrap(new float[3], 3));
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, tensors, Map.of());
        byte[] all = Files.readAllBytes(good);
        for (int cut : new int[] {0, 5, 8, 20, all.length - 12 - 1, all.length - 1}) {
            Path file = dir.resolve("cut" + cut + ".safetensors");
            Files.write(file, Arrays.copyOf(all, cut));
            TensorFileException e = fails(file);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("corrupt"), e.getMessage());
        }
        // cut inside the data: the tensor whose bytes are missing is named
        Path file = dir.resolve("cutdata.safetensors");
        Files.write(file, Arrays.copyOf(all, all.length - 4));
        TensorFileException e = fails(file, "'b'", "truncated");
        assertEquals("b", e.tensor());
    }

    @Test
    void corruptHeaders() throws IOException {
        byte[] four = new byte[4];
        fails(write("notjson.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]", four), "malformed JSON");
        fails(write("array.safetensors", "[1, 2]", new byte[0]), "'{'");
        fails(write("dup.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"a\": {}}", four), "twice");
        fails(write("offsets.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", four), "'a'", "[2]");
        fails(write("gap.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", new byte[8]), "'a'", "gap");
        fails(write("overlap.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
                new byte[8]), "overlaps");
        fails(write("trailing.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", new byte[12]), "12");
        fails(write("negative.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", four), "'a'", "shape");
        fails(write("meta.safetensors", "{\"__metadata__\": {\"n\": 3}}", new byte[0]), "not a string");
        fails(write("nodtype.safetensors", "{\"a\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", four), "'a'", "dtype");
        fails(write("deep.safetensors", "{\"a\": " + "[".repeat(500) + "]".repeat(500) + "}", new byte[0]), "nesting");
        Path utf = dir.resolve("utf.safetensors");
        Files.write(utf, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}).array());
        fails(utf, "UTF-8");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-2).putLong(0).array());
        fails(huge, "18446744073709551614");
    }

    @Test
    void otherDtypesAreRefusedByName() throws IOException {
        fails(write("bf16.safetensors", "{\"layer.weight\": {\"dtype\": \"BF16\", \"shape\": [2], \"data_offsets\": [0, 4]}}", new byte[4]), "'layer.weight'", "BF16", "F32 and F64");
        fails(write("weird.safetensors", "{\"x\": {\"dtype\": \"Q7\", \"shape\": [2], \"data_offsets\": [0, 4]}}", new byte[4]), "'x'", "Q7");
    }

    @Test
    void writerRefusesReservedAndInvalidNames() {
        Path file = dir.resolve("bad.safetensors");
        assertThrows(TensorFileException.class, () -> Safetensors.write(file, Map.of("__metadata__", Tensor.of(1f)), Map.of()));
        assertThrows(TensorFileException.class, () -> Safetensors.write(file, Map.of("", Tensor.of(1f)), Map.of()));
        assertThrows(TensorFileException.class, () -> Safetensors.write(file, Map.of("\ud800", Tensor.of(1f)), Map.of()));
        assertTrue(!Files.exists(file));
    }
}
