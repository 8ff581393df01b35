package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSO token cache file is written atomically and owner-only: a child JVM rewrites it in a loop through
 * the SSO provider's public refresh path and is killed ({@code destroyForcibly}, SIGKILL) at random points;
 * after every kill the file must parse as complete JSON with the token fields, and be {@code rw-------}.
 */
class CacheFileKillIT {
    static final int KILLS = 4;

    @TempDir
    Path home;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void ssoTokenCache_childKilledMidWrite_fileAlwaysCompleteJsonOwnerOnly() throws Exception {
        Random random = new Random(2026);
        Path file = SsoTokenCacheFiles.cacheFile(home, "kill");
        ObjectMapper json = new ObjectMapper();
        List<String> log = new ArrayList<>();
        String firstToken = null;
        for (int i = 0; i < KILLS; i++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Xshare:auto",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CacheWriterMain.class.getName(), home.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // wait for a few completed writes, then kill at a random moment of the next ones
                int target = 2 + random.nextInt(4);
                String line = null;
                for (int n = 0; n < target; n++) {
                    line = out.readLine();
                    assertThat(line).as("child output").isNotNull().startsWith("wrote");
                }
                Thread.sleep(random.nextInt(15)); // a random kill point inside the write loop
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                log.add("kill " + (i + 1) + " after " + line);
            } finally {
                child.destroyForcibly();
            }
            JsonNode entry = json.readTree(Files.readAllBytes(file));
            assertThat(entry.path("accessToken").asText()).as("kill " + i).isNotEmpty();
            assertThat(entry.path("expiresAt").asText()).isNotEmpty();
            assertThat(entry.path("refreshToken").asText()).isNotEmpty();
            assertThat(entry.path("padding").asText()).as("unknown fields survive").hasSize(256 * 1024);
            Secrets.add(entry.path("accessToken").asText());
            Secrets.add(entry.path("refreshToken").asText());
            if (firstToken == null) {
                firstToken = entry.path("accessToken").asText();
            }
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
        }
        List<String> leftovers;
        try (Stream<Path> files = Files.list(file.getParent())) {
            leftovers = files.filter(p -> !p.equals(file)).map(p -> p.getFileName().toString()).toList();
        }
        Path target = Path.of(System.getProperty("reliability.target", "target"));
        Files.writeString(target.resolve("cache-kill.md"), KILLS + " kills; file complete and rw------- after each; "
                + "files left next to it: " + leftovers + "\n" + String.join("\n", log) + "\n");
    }
}
