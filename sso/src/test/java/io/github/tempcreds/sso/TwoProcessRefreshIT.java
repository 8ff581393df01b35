package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVM processes refresh the same expired token at once: the cross-process lock and the re-read
 * after locking let exactly one {@code CreateToken} reach the fake, and both end with credentials.
 */
class TwoProcessRefreshIT {
    private static final String ACCOUNT = "111122223333";

    @Test
    void twoProcesses_sameExpiredToken_exactlyOneCreateTokenAndBothSucceed(@TempDir Path home) throws Exception {
        // Children use the system clock, so the fake does too.
        try (FakeSso sso = FakeSso.builder().clock(MutableClock.systemUtc()).build().start()) {
            sso.account(ACCOUNT, "ReadOnly");
            FakeSso.Session s = sso.seedSession();
            s.cacheEntry().expiresAt(Instant.now().minusSeconds(60)).writeTo(home, "my-sso");
            // A slow CreateToken keeps the first refresher inside the lock while the other one queues.
            sso.inject(Fault.latency(Duration.ofMillis(1500)).onOperation("CreateToken"));

            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                children.add(child(home, sso));
            }
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : children) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outs.add(out);
                String first = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
                assertThat(first).isEqualTo("ready");
            }
            for (Process p : children) { // release both as close together as possible
                OutputStream in = p.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < children.size(); i++) {
                Process p = children.get(i);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child %d finished", i).isTrue();
                String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as(rest).isZero();
                keys.add(rest.lines().filter(l -> l.startsWith("accessKeyId=")).findFirst().orElseThrow()
                        .substring("accessKeyId=".length()));
            }

            assertThat(sso.journal("CreateToken")).hasSize(1);
            keys.forEach(k -> assertThat(sso.registry().find(k)).as(k).isPresent());
            TokenCacheEntry after = TokenCacheEntry.parse(Files.readAllBytes(SsoTokenCacheFiles.cacheFile(home, "my-sso")));
            assertThat(after.accessToken()).isNotEqualTo(s.accessToken());
            assertThat(sso.refreshTokenValid(after.refreshToken())).isTrue();
            assertThat(sso.journal("GetRoleCredentials")).hasSize(2)
                    .allSatisfy(r -> assertThat(r.header("x-amz-sso_bearer_token")).contains(after.accessToken()));
        }
    }

    private static Process child(Path home, FakeSso sso) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                TwoProcessRefreshMain.class.getName(), home.toString(), sso.url(), "my-sso", sso.startUrl(),
                ACCOUNT, "ReadOnly");
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String readLine(BufferedReader r) {
        try {
            return r.readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
