package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityIdStoreTest {
    private static final String POOL = "us-east-1:11111111-1111-1111-1111-111111111111";

    @TempDir
    Path dir;

    @Test
    void inMemory_putGetRemove_keyedByPoolAndUser() {
        IdentityIdStore s = IdentityIdStore.inMemory();
        s.put(POOL, "guest", "us-east-1:a");
        s.put(POOL, "p#sub:alice", "us-east-1:b");
        assertThat(s.get(POOL, "guest")).contains("us-east-1:a");
        assertThat(s.get("us-east-1:22222222-2222-2222-2222-222222222222", "guest")).isEmpty();
        s.remove(POOL, "guest");
        assertThat(s.get(POOL, "guest")).isEmpty();
        assertThat(s.get(POOL, "p#sub:alice")).contains("us-east-1:b");
    }

    @Test
    void file_survivesNewInstance_ownerOnly_noTempFilesLeft() throws Exception {
        Path file = dir.resolve("sub/ids.properties");
        IdentityIdStore s = IdentityIdStore.file(file);
        assertThat(s.get(POOL, "guest")).isEmpty();
        assertThat(file).doesNotExist();
        s.put(POOL, "cognito-idp.us-east-1.amazonaws.com/us-east-1_x#sub:alice", "us-east-1:b");
        s.put(POOL, "guest", "us-east-1:a");
        IdentityIdStore reopened = IdentityIdStore.file(file);
        assertThat(reopened.get(POOL, "cognito-idp.us-east-1.amazonaws.com/us-east-1_x#sub:alice")).contains("us-east-1:b");
        reopened.remove(POOL, "guest");
        assertThat(s.get(POOL, "guest")).isEmpty();
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(file))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ids.properties", "ids.properties.lock");
        }
    }

    @Test
    void file_concurrentWritersFromTwoInstances_noUpdateLost() throws Exception {
        Path file = dir.resolve("ids.properties");
        IdentityIdStore a = IdentityIdStore.file(file);
        IdentityIdStore b = IdentityIdStore.file(file);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            IdentityIdStore s = t % 2 == 0 ? a : b;
            int base = t * 25;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = base; i < base + 25; i++) {
                    s.put(POOL, "user-" + i, "us-east-1:" + i);
                }
            });
            th.start();
            threads.add(th);
        }
        go.countDown();
        for (Thread th : threads) {
            th.join();
        }
        IdentityIdStore check = IdentityIdStore.file(file);
        for (int i = 0; i < 100; i++) {
            assertThat(check.get(POOL, "user-" + i)).contains("us-east-1:" + i);
        }
    }
}
