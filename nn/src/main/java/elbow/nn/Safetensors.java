package elbow.nn;

import elbow.tensor.DType;
import elbow.tensor.Shape;
import elbow.tensor.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format (Hugging Face), which PyTorch, JAX and NumPy users read
 * with {@code safetensors.torch.load_file} and the like:
 * <pre>
 *   8 bytes     N, the header's length, unsigned little-endian
 *   N bytes     a UTF-8 JSON object: for each tensor {"dtype": "F32", "shape": [200, 784],
 *               "data_offsets": [begin, end]}, and optionally "__metadata__": {string: string}
 *   the rest    the tensors' bytes, little-endian, row-major; offsets count from here
 * </pre>
 * Writing follows the reference implementation: the header is padded with spaces to a multiple of 8
 * bytes and the float64 tensors come first, so every tensor starts aligned to its element size (readers
 * that map the file can use it in place); within a dtype the given order is kept. Writing is atomic
 * ({@link AtomicFile}).
 *
 * <p>Reading checks everything a damaged file can get wrong before allocating anything large: the
 * length field, the JSON, each entry's dtype, shape and offsets, that the offsets tile the data exactly
 * (no gaps, no overlaps, as the format requires) and that the file is as long as the header says. elbow
 * tensors are float32 or float64, so other dtypes are refused by name.
 */
public final class Safetensors {
    private Safetensors() {}

    /** The reference implementation's limit on the header: more is not a tensor file but an attack or garbage. */
    static final long MAX_HEADER_BYTES = 100L << 20;
    private static final int IO_CHUNK = 1 << 20;
    private static final String METADATA = "__metadata__";
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "I64", "U64",
            "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    // ---------------------------------------------------------------- writing

    /** Writes {@code tensors} and {@code metadata} to {@code file}, replacing it atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, Tensor>> ordered = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) if (e.getValue().dtype() == DType.F64) ordered.add(e);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) if (e.getValue().dtype() != DType.F64) ordered.add(e);
        byte[] header = header(file, ordered, metadata);
        AtomicFile.write(file, out -> {
            ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            buf.flip();
            writeFully(out, buf);
            writeFully(out, ByteBuffer.wrap(header));
            for (Map.Entry<String, Tensor> e : ordered) writeData(out, e.getValue(), buf);
        });
    }

    /** Writes {@code content}'s tensors and metadata to {@code file}, atomically. */
    public static void write(Path file, TensorFile content) throws IOException {
        write(file, content.tensors(), content.metadata());
    }

    private static byte[] header(Path file, List<Map.Entry<String, Tensor>> ordered, Map<String, String> metadata) throws IOException {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(HeaderJson.quote(METADATA)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) throw new TensorFileException(file, null, "metadata keys and values must not be null: " + e);
                checkEncodable(file, e.getKey());
                checkEncodable(file, e.getValue());
                if (!first) json.append(',');
                first = false;
                json.append(HeaderJson.quote(e.getKey())).append(':').append(HeaderJson.quote(e.getValue()));
            }
            json.append('}');
        }
        long offset = 0;
        boolean first = metadata.isEmpty();
        for (Map.Entry<String, Tensor> e : ordered) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty()) throw new TensorFileException(file, null, "a tensor name must not be empty");
            if (name.equals(METADATA)) throw new TensorFileException(file, name, "the name is reserved for the file's metadata");
            checkEncodable(file, name);
            long bytes = (long) t.size() * t.dtype().bytes;
            if (!first) json.append(',');
            first = false;
            json.append(HeaderJson.quote(name)).append(":{\"dtype\":\"").append(dtypeName(t.dtype())).append("\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) json.append(i == 0 ? "" : ",").append(shape[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (int) ((8 + raw.length + 7L) / 8 * 8 - 8);
        byte[] header = new byte[padded];
        System.arraycopy(raw, 0, header, 0, raw.length);
        for (int i = raw.length; i < padded; i++) header[i] = ' ';
        return header;
    }

    private static void checkEncodable(Path file, String s) throws TensorFileException {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) throw new TensorFileException(file, null, "'" + s + "' is not valid Unicode (an unpaired surrogate)");
    }

    private static void writeData(FileChannel out, Tensor t, ByteBuffer buf) throws IOException {
        int n = t.size(), per = buf.capacity() / t.dtype().bytes;
        for (int from = 0; from < n; from += per) {
            int len = Math.min(per, n - from);
            buf.clear();
            if (t.isF32()) buf.asFloatBuffer().put(t.data32(), from, len);
            else buf.asDoubleBuffer().put(t.data64(), from, len);
            buf.limit(len * t.dtype().bytes);
            writeFully(out, buf);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) out.write(buf);
    }

    static String dtypeName(DType d) {
        return d == DType.F32 ? "F32" : "F64";
    }

    // ---------------------------------------------------------------- reading

    /** One entry of the header, checked. */
    private static final class Entry {
        final String name;
        final DType dtype;
        final int[] shape;
        final long begin, end;

        Entry(String name, DType dtype, int[] shape, long begin, long end) {
            this.name = name;
            this.dtype = dtype;
            this.shape = shape;
            this.begin = begin;
            this.end = end;
        }
    }

    /** Reads every tensor and the metadata of {@code file}; throws {@link TensorFileException} for a damaged or foreign file. */
    public static TensorFile read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < 8) {
                throw new TensorFileException(file, null, "the file is " + size + " bytes long: truncated, or not a safetensors file (which starts with an 8-byte header length)");
            }
            ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, lengthField, 0, file);
            long n = lengthField.getLong(0);
            if (n < 2 || n > MAX_HEADER_BYTES) {
                throw new TensorFileException(file, null, "the header length field says " + Long.toUnsignedString(n) + " bytes: not a safetensors file, or a corrupt one");
            }
            if (n > size - 8) {
                throw new TensorFileException(file, null, "the header length field says " + n + " bytes but only " + (size - 8) + " follow: the file is truncated or corrupt");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(in, headerBytes, 8, file);
            headerBytes.flip();
            String text;
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes);
                text = chars.toString();
            } catch (CharacterCodingException e) {
                throw new TensorFileException(file, null, "the header is not valid UTF-8: the file is corrupt or not a safetensors file", e);
            }
            if (!text.startsWith("{")) throw new TensorFileException(file, null, "the header does not start with '{': not a safetensors file, or a corrupt one");
            Object json;
            try {
                json = HeaderJson.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TensorFileException(file, null, e.getMessage() + " (the file is corrupt or not a safetensors file)", e);
            }
            if (!(json instanceof Map)) throw new TensorFileException(file, null, "the header is not a JSON object");
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
                String name = (String) e.getKey();
                if (name.equals(METADATA)) metadata(file, e.getValue(), metadata);
                else entries.add(entry(file, name, e.getValue()));
            }
            long dataBytes = size - 8 - n;
            checkTiling(file, entries, dataBytes);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer buf = ByteBuffer.allocate(IO_CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry en : entries) tensors.put(en.name, readData(in, 8 + n + en.begin, en, buf, file));
            return new TensorFile(tensors, metadata);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    private static void metadata(Path file, Object value, Map<String, String> out) throws TensorFileException {
        if (!(value instanceof Map)) throw new TensorFileException(file, null, "__metadata__ is not a JSON object");
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new TensorFileException(file, null, "__metadata__ entry '" + e.getKey() + "' is " + e.getValue() + ", not a string (the format allows only strings there)");
            }
            out.put((String) e.getKey(), (String) e.getValue());
        }
    }

    private static Entry entry(Path file, String name, Object value) throws TensorFileException {
        if (!(value instanceof Map)) throw new TensorFileException(file, name, "its header entry is not a JSON object");
        Map<?, ?> m = (Map<?, ?>) value;
        Object dt = m.get("dtype"), sh = m.get("shape"), off = m.get("data_offsets");
        if (!(dt instanceof String)) throw new TensorFileException(file, name, "its header entry has no \"dtype\" string");
        DType dtype;
        if (dt.equals("F32")) dtype = DType.F32;
        else if (dt.equals("F64")) dtype = DType.F64;
        else if (OTHER_DTYPES.contains(dt)) throw new TensorFileException(file, name, "its dtype is " + dt + "; elbow reads F32 and F64 tensors only (convert it before saving)");
        else throw new TensorFileException(file, name, "unknown dtype \"" + dt + "\"");
        if (!(sh instanceof List)) throw new TensorFileException(file, name, "its header entry has no \"shape\" array");
        List<?> dims = (List<?>) sh;
        int[] shape = new int[dims.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            Object d = dims.get(i);
            if (!(d instanceof Long) || (Long) d < 0 || (Long) d > Integer.MAX_VALUE) {
                throw new TensorFileException(file, name, "its shape " + dims + " has an entry that is not a non-negative integer");
            }
            shape[i] = (int) (long) (Long) d;
            count *= shape[i];
            if (count > Integer.MAX_VALUE) throw new TensorFileException(file, name, "its shape " + dims + " has more than 2^31 - 1 elements, more than an elbow tensor holds");
        }
        if (!(off instanceof List) || ((List<?>) off).size() != 2 || !(((List<?>) off).get(0) instanceof Long) || !(((List<?>) off).get(1) instanceof Long)) {
            throw new TensorFileException(file, name, "its header entry has no \"data_offsets\" pair of integers");
        }
        long begin = (Long) ((List<?>) off).get(0), end = (Long) ((List<?>) off).get(1);
        if (begin < 0 || end < begin) throw new TensorFileException(file, name, "its data_offsets [" + begin + ", " + end + "] are not an interval");
        long expected = count * dtype.bytes;
        if (end - begin != expected) {
            throw new TensorFileException(file, name, "its data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes but " + dt + Shape.str(shape)
                    + " needs " + expected + ": the header is corrupt");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The tensors' byte ranges must cover [0, dataBytes) exactly, each once. */
    private static void checkTiling(Path file, List<Entry> entries, long dataBytes) throws TensorFileException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.begin != b.begin ? Long.compare(a.begin, b.begin) : Long.compare(a.end, b.end));
        long at = 0;
        for (Entry e : sorted) {
            if (e.end > dataBytes) {
                throw new TensorFileException(file, e.name, "its data ends at byte " + e.end + " of the data section but the file holds only " + dataBytes
                        + " bytes of data: the file is truncated");
            }
            if (e.begin < at) throw new TensorFileException(file, e.name, "its data [" + e.begin + ", " + e.end + ") overlaps the previous tensor's, which ends at " + at + ": the header is corrupt");
            if (e.begin > at) throw new TensorFileException(file, e.name, "its data starts at byte " + e.begin + " but the previous tensor ends at " + at + ": the header is corrupt (the format allows no gaps)");
            at = e.end;
        }
        if (at != dataBytes) {
            throw new TensorFileException(file, null, "the header describes " + at + " bytes of tensor data but " + dataBytes + " follow it: the file is corrupt");
        }
    }

    private static Tensor readData(FileChannel in, long position, Entry e, ByteBuffer buf, Path file) throws IOException {
        Tensor t = Tensor.zeros(e.dtype, e.shape);
        int n = t.size(), per = buf.capacity() / e.dtype.bytes;
        long pos = position;
        for (int from = 0; from < n; from += per) {
            int len = Math.min(per, n - from);
            buf.clear();
            buf.limit(len * e.dtype.bytes);
            readFully(in, buf, pos, file);
            pos += (long) len * e.dtype.bytes;
            buf.flip();
            if (t.isF32()) buf.asFloatBuffer().get(t.data32(), from, len);
            else buf.asDoubleBuffer().get(t.data64(), from, len);
        }
        return t;
    }

    private static void readFully(FileChannel in, ByteBuffer buf, long position, Path file) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = in.read(buf, pos);
            if (r < 0) throw new TensorFileException(file, null, "the file ended at byte " + pos + " while reading: it is truncated (or was changed while being read)");
            pos += r;
        }
    }
}
