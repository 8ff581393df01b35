package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeAtomically_underLock_ownerOnlyAndNoTemporaryFileLeft() throws IOException {
        Path file = dir.resolve("cache").resolve("token.json");
        PrivateFiles.withLock(file, () -> {
            PrivateFiles.writeAtomically(file, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        assertThat(Files.readString(file)).isEqualTo("{\"a\":1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("token.json", "token.json.lock");
        }
    }

    @Test
    void withLock_symbolicLinkAtLockPath_isRefusedAndItsTargetNeverCreated() throws IOException {
        Path file = dir.resolve("token.json");
        Path target = dir.resolve("victim");
        Files.createSymbolicLink(PrivateFiles.lockFile(file), target);
        assertThatThrownBy(() -> PrivateFiles.withLock(file, () -> null)).isInstanceOf(IOException.class);
        assertThat(target).doesNotExist();
    }

    @Test
    void writeAtomically_temporaryFileLeftByAKilledWriter_isCleanedUp() throws IOException {
        Path file = dir.resolve("token.json");
        Path leftover = Files.writeString(dir.resolve(".token.json.12345.tmp"), "half");
        PrivateFiles.withLock(file, () -> {
            PrivateFiles.writeAtomically(file, new byte[] {'{', '}'});
            return null;
        });
        assertThat(leftover).doesNotExist();
        assertThat(Files.readString(file)).isEqualTo("{}");
    }

    @Test
    void writeAtomically_directoryWritableByOthers_warnsOnceNamingItAndTheFix() throws IOException {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = shared.resolve("token.json");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                PrivateFiles.withLock(file, () -> {
                    PrivateFiles.writeAtomically(file, new byte[] {'{', '}'});
                    return null;
                });
            }
        } finally {
            System.setErr(old);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains(" WARN ") && l.contains("writable by other users")))
                .hasSize(1)
                .allSatisfy(l -> assertThat(l).contains(shared.toString()).contains("chmod it 700"));
    }
}
