package io.github.tempcreds.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads the small files credentials come from (token files, caches, profile files) so that a hostile or
 * mistaken path can neither exhaust the heap nor block the loading thread: only a regular file is opened
 * (a symbolic link to one is fine: Kubernetes projects token files through links), and never more than a
 * size cap is read. A FIFO, a device such as {@code /dev/zero}, a socket or a directory is refused before
 * it is opened, so opening it cannot block.
 *
 * <p>Internal: not API, no compatibility promise; other tempcreds modules use it.
 *
 * <p>Stateless and thread-safe.
 */
public final class BoundedFiles {
    /** The cap for token files (web identity, container authorization): 64 KiB, far above real tokens. */
    public static final int TOKEN_LIMIT = 64 * 1024;
    /** The cap for profile, cache and store files: 1 MiB, far above real ones. */
    public static final int FILE_LIMIT = 1024 * 1024;

    private BoundedFiles() {
    }

    /**
     * A file that exists but must not be read; the message says why in words a user can act on (without
     * the path, which the caller names in its own message).
     */
    public static final class UnreadableFileException extends IOException {
        private static final long serialVersionUID = 1L;

        UnreadableFileException(String reason) {
            super(reason);
        }

        /** The reason alone, so that "... file X: " + exception reads as a sentence. */
        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * The whole content of a regular file of at most {@code limit} bytes.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws UnreadableFileException when it is not a regular file or is larger than {@code limit}
     * @throws IOException when reading fails
     */
    public static byte[] read(Path file, int limit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isDirectory()) {
            throw new UnreadableFileException("is a directory, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new UnreadableFileException("is not a regular file (a FIFO, a device or a socket), so it is not read");
        }
        if (attributes.size() > limit) {
            throw new UnreadableFileException("is larger than " + describe(limit) + " (" + attributes.size()
                    + " bytes), far more than such a file holds");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit + 1L, Math.max(attributes.size() + 1, 4096)));
            while (true) {
                if (!buffer.hasRemaining()) {
                    if (buffer.capacity() > limit) {
                        throw new UnreadableFileException("is larger than " + describe(limit)
                                + ", far more than such a file holds");
                    }
                    ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(limit + 1L, buffer.capacity() * 2L));
                    buffer.flip();
                    bigger.put(buffer);
                    buffer = bigger;
                }
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /** {@link #read(Path, int)} as UTF-8 text. */
    public static String readString(Path file, int limit) throws IOException {
        return new String(read(file, limit), StandardCharsets.UTF_8);
    }

    private static String describe(int limit) {
        if (limit % (1024 * 1024) == 0) {
            return limit / (1024 * 1024) + " MiB";
        }
        return limit % 1024 == 0 ? limit / 1024 + " KiB" : limit + " bytes";
    }
}
