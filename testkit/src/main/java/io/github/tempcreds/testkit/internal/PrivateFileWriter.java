package io.github.tempcreds.testkit.internal;

import io.github.tempcreds.core.internal.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes files that hold test secrets (SSO token cache entries, minted tokens, the launcher's outputs) the
 * way the AWS CLI writes its caches: owner-only (0600; new directories 0700) and atomically (a temporary
 * file in the same directory, flushed, then renamed over the target), so a reader never sees half a file;
 * no lock file beside them (core's {@link PrivateFiles#replace}). Internal: no compatibility promise.
 * Thread-safe (every call uses its own temporary file).
 */
public final class PrivateFileWriter {
    private PrivateFileWriter() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file}, replacing it, creating missing parent directories.
     *
     * @return {@code file}
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static Path write(Path file, String text) {
        try {
            PrivateFiles.replace(file, text.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
