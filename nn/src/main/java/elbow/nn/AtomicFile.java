package elbow.nn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a crash at any moment leaves either the old file or the complete new one at
 * the target path, never a part: the content goes to a temporary file in the same folder (so the rename
 * cannot cross file systems), is forced to the disk, and is then renamed over the target in one atomic
 * step; finally the folder is forced, so that the rename itself survives a power cut.
 *
 * <p>Temporary files are named ".&lt;target name&gt;.&lt;random&gt;.tmp" and are deleted when writing fails
 * with an exception. A process killed mid-write cannot delete its temporary file: one may then remain
 * beside the target (the target itself is intact), and any later write leaves it alone.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** The content, written to the channel from its start. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel out) throws IOException;
    }

    /** Replaces {@code target} (creating missing parent folders) with what {@code content} writes, atomically. */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, file.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(out);
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically on this file system", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
        forceDirectory(dir);
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // CREATE_NEW with default permissions (unlike Files.createTempFile's owner-only ones), so the
                // renamed file gets the permissions any new file in that folder would have.
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /** Makes the rename durable where the platform allows opening a folder (POSIX); elsewhere there is nothing to do. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory as a channel; its rename is durable once it returns
        }
    }
}
