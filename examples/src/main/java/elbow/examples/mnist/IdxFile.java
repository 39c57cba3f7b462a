package elbow.examples.mnist;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file (LeCun's MNIST format), raw or gzipped, read whole and checked against the shape the
 * caller expects. The format: two zero bytes, an element-type byte (0x08 = unsigned byte), the number of
 * dimensions, each dimension as a big-endian int32, then the elements in row-major order. Every way a
 * download goes wrong — truncation, an HTML error page saved under the file's name, a gzip cut short,
 * bytes appended — breaks one of these checks, so each gets its own {@link DataException} naming the file.
 * The payload must be exactly as long as the header declares: a shorter or longer file is rejected.
 */
public final class IdxFile {
    /** The only element type MNIST uses. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** An expected dimension that may have any size (the number of items, which a test file chooses). */
    public static final int ANY = -1;

    private final Path path;
    private final int[] dims;
    private final byte[] data;
    private final boolean gzipped;
    private final String sha256;

    private IdxFile(Path path, int[] dims, byte[] data, boolean gzipped, String sha256) {
        this.path = path;
        this.dims = dims;
        this.data = data;
        this.gzipped = gzipped;
        this.sha256 = sha256;
    }

    /**
     * Reads {@code file} (gzip is recognised by its first two bytes, 0x1f 0x8b, not by the name) and checks
     * its header against {@code expectedDims}, where {@link #ANY} matches any size.
     *
     * @throws DataException if the file is missing, unreadable, or not an unsigned-byte IDX file of that shape
     */
    public static IdxFile read(Path file, int... expectedDims) {
        Path folder = file.toAbsolutePath().getParent();
        boolean gzipped = false;
        try (BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            buffered.mark(2);
            gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            MessageDigest digest = sha256Digest();
            InputStream in = new DigestInputStream(gzipped ? new GZIPInputStream(buffered, 1 << 16) : buffered, digest);
            int[] dims = readHeader(in, file, folder, expectedDims);
            long declared = elements(dims);
            if (declared > Integer.MAX_VALUE - 8) {
                throw new DataException(file, "declares " + shape(dims) + " = " + declared + " elements, more than one array can hold", folder);
            }
            // readNBytes grows its buffer as data arrive, so a corrupt header cannot make it allocate gigabytes.
            byte[] data = in.readNBytes((int) declared);
            if (data.length < declared) {
                throw new DataException(file, "is truncated: its header declares " + shape(dims) + " = " + declared
                        + " data bytes, but only " + data.length + " follow" + (gzipped ? " (after decompression)" : ""), folder);
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw new DataException(file, "has " + trailing + (trailing == 1 ? " byte" : " bytes") + " more than its header declares (" + shape(dims) + " = "
                        + declared + " data bytes): it is corrupt, or not the file its name says", folder);
            }
            return new IdxFile(file, dims, data, gzipped, HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchFileException e) {
            throw new DataException(file, "does not exist", folder, e);
        } catch (AccessDeniedException e) {
            throw new DataException(file, "cannot be read: permission denied", folder, e);
        } catch (EOFException | ZipException e) {
            // Only the gzip layer throws these here: a raw stream just ends, which the length checks report.
            throw new DataException(file, "is a gzip file whose compressed data are truncated or corrupt (" + e.getMessage() + ")", folder, e);
        } catch (IOException e) {
            throw new DataException(file, "cannot be read: " + e, folder, e);
        }
    }

    private static int[] readHeader(InputStream in, Path file, Path folder, int[] expected) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length == 0) throw new DataException(file, "is empty", folder);
        if (magic.length < 4) throw new DataException(file, "is truncated: it ends after " + magic.length + " bytes, inside the 4-byte IDX magic number", folder);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(file, "is not an IDX file: it starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(magic)
                    + ", where an IDX file starts with 00 00 (MNIST: 00 00 08 0" + expected.length + ")", folder);
        }
        int type = magic[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new DataException(file, "holds elements of type 0x" + String.format("%02x", type) + " (" + typeName(type)
                    + "); MNIST files hold unsigned bytes (0x08)", folder);
        }
        int rank = magic[3] & 0xff;
        if (rank != expected.length) {
            throw new DataException(file, "has " + rank + " dimension" + (rank == 1 ? "" : "s") + "; expected " + expected.length
                    + " (" + expectedShape(expected) + ")", folder);
        }
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw new DataException(file, "is truncated: it ends inside its header, after " + (4 + sizes.length) + " of " + (4 + 4 * rank) + " bytes", folder);
        }
        int[] dims = new int[rank];
        boolean matches = true;
        for (int d = 0; d < rank; d++) {
            int at = 4 * d;
            dims[d] = (sizes[at] & 0xff) << 24 | (sizes[at + 1] & 0xff) << 16 | (sizes[at + 2] & 0xff) << 8 | (sizes[at + 3] & 0xff);
            // Sizes are unsigned in the format; one of 2^31 or more reads negative here and matches nothing.
            matches &= dims[d] >= 0 && (expected[d] == ANY || dims[d] == expected[d]);
        }
        if (!matches) {
            throw new DataException(file, "has dimensions " + shape(dims) + "; expected " + expectedShape(expected), folder);
        }
        return dims;
    }

    private static long elements(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) return Long.MAX_VALUE;
        }
        return n;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0b -> "int16";
            case 0x0c -> "int32";
            case 0x0d -> "float32";
            case 0x0e -> "float64";
            default -> "not an IDX element type";
        };
    }

    static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) s.append(d == 0 ? "" : " x ").append(Integer.toUnsignedString(dims[d]));
        return s.toString();
    }

    private static String expectedShape(int[] expected) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < expected.length; d++) s.append(d == 0 ? "" : " x ").append(expected[d] == ANY ? "n" : Integer.toString(expected[d]));
        return s.toString();
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    public Path path() {
        return path;
    }

    /** The dimension sizes from the header. */
    public int[] dims() {
        return dims.clone();
    }

    /** The elements, row-major, as stored (unsigned: read with {@code & 0xff}). The array itself, not a copy. */
    public byte[] data() {
        return data;
    }

    /** Whether the file on disk was gzipped. */
    public boolean gzipped() {
        return gzipped;
    }

    /** SHA-256 of the uncompressed content, in lower-case hex: comparable with the published checksums. */
    public String sha256() {
        return sha256;
    }
}
