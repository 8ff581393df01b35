package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFilesTest {
    @TempDir
    Path dir;

    @Test
    void read_regularFileAndLinkToIt_returnsTheContent() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "eyJ.token", StandardCharsets.UTF_8);
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertThat(BoundedFiles.readString(file, 64)).isEqualTo("eyJ.token");
        assertThat(BoundedFiles.readString(link, 64)).isEqualTo("eyJ.token");
        assertThat(BoundedFiles.read(Files.createFile(dir.resolve("empty")), 64)).isEmpty();
    }

    @Test
    void read_devZero_isRefusedWithoutReading() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThatThrownBy(() -> BoundedFiles.read(zero, BoundedFiles.TOKEN_LIMIT))
                .isInstanceOf(BoundedFiles.UnreadableFileException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void read_fifo_isRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "mkfifo is not available here: " + e.getMessage());
            return;
        }
        assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        // On another thread, so that a regression (blocking in open) fails the test instead of hanging it.
        CompletableFuture<Throwable> result = CompletableFuture.supplyAsync(() -> {
            try {
                BoundedFiles.read(fifo, BoundedFiles.TOKEN_LIMIT);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t = result.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).isInstanceOf(BoundedFiles.UnreadableFileException.class).hasMessageContaining("FIFO");
    }

    @Test
    void read_directory_isRefused() {
        assertThatThrownBy(() -> BoundedFiles.read(dir, 64))
                .isInstanceOf(BoundedFiles.UnreadableFileException.class).hasMessageContaining("directory");
    }

    @Test
    void read_hugeFile_isRefusedWithoutReadingIt() throws Exception {
        Path huge = dir.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(4L * 1024 * 1024 * 1024); // sparse: 4 GiB that take no disk
        }
        assertThatThrownBy(() -> BoundedFiles.read(huge, BoundedFiles.FILE_LIMIT))
                .isInstanceOf(BoundedFiles.UnreadableFileException.class).hasMessageContaining("larger than 1 MiB");
        Path justOver = Files.write(dir.resolve("over"), new byte[65]);
        assertThatThrownBy(() -> BoundedFiles.read(justOver, 64)).hasMessageContaining("larger than");
        assertThat(BoundedFiles.read(Files.write(dir.resolve("exact"), new byte[64]), 64)).hasSize(64);
    }

    @Test
    void read_missing_isNoSuchFile() {
        assertThatThrownBy(() -> BoundedFiles.read(dir.resolve("missing"), 64)).isInstanceOf(NoSuchFileException.class);
    }
}
