package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * No SSO token, client secret, secret key or session token in any message, log line (SLF4J simple
 * logger at DEBUG, captured from stderr) or {@code toString()}, across success and every error path.
 */
class SsoSecretsIT {
    private static final String ACCOUNT = "111122223333";

    @Test
    void secrets_neverInMessagesLogsOrToString(@TempDir Path home) throws Exception {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        List<String> secrets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (FakeSso sso = FakeSso.builder().clock(clock).build().start().account(ACCOUNT, "ReadOnly")) {
            TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                    .env("AWS_ENDPOINT_URL_SSO", sso.url()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.url()).build();
            SsoSessionCredentialsProvider.Builder b = SsoSessionCredentialsProvider.builder().ssoSession("my-sso")
                    .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly")
                    .environment(env);
            FakeSso.Session s = sso.seedSession(Duration.ofMinutes(5));
            secrets.addAll(List.of(s.accessToken(), s.refreshToken(), s.clientSecret()));
            s.cacheEntry().writeTo(home, "my-sso");

            // 1. refresh + role credentials
            try (SsoSessionCredentialsProvider p = b.build()) {
                AwsSessionCredentials c = (AwsSessionCredentials) p.resolveCredentials();
                secrets.addAll(List.of(c.secretAccessKey(), c.sessionToken()));
                texts.add(p.toString());
                texts.add(c.toString());
            }
            TokenCacheEntry refreshed = TokenCacheEntry.parse(Files.readAllBytes(SsoTokenCacheFiles.cacheFile(home, "my-sso")));
            secrets.addAll(List.of(refreshed.accessToken(), refreshed.refreshToken()));
            texts.add(refreshed.toString());

            // 2. refresh rejected (the refresh token was revoked), token expired
            clock.advance(Duration.ofMinutes(61));
            s.revoke();
            collect(b, texts);
            // 3. portal 401, 403, throttled, 5xx
            SsoTokenCacheFiles.Entry fresh = sso.seedSession().cacheEntry();
            fresh.writeTo(home, "my-sso");
            for (Fault f : List.of(Fault.status(401), Fault.status(403), Fault.throttle(), Fault.status(500),
                    Fault.malformedBody(), Fault.connectionReset())) {
                sso.clearFaults();
                sso.inject(f.onOperation("GetRoleCredentials"));
                collect(b, texts);
            }
            // 4. corrupt file holding a token
            Files.writeString(SsoTokenCacheFiles.cacheFile(home, "my-sso"), "{\"accessToken\": \"" + secrets.get(0) + "\"");
            collect(b, texts);
        } finally {
            System.setErr(original);
        }
        String log = clientSideRecords(captured.toString(StandardCharsets.UTF_8));
        assertThat(log).contains("io.github.tempcreds.sso"); // our loggers did write
        assertThat(texts).hasSizeGreaterThan(8);
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
            for (String t : texts) {
                assertThat(t).doesNotContain(secret);
            }
        }
    }

    /**
     * The log records of the client side (our code and the SDK), without the records of the fake's own
     * HTTP server (Jetty, WireMock), which sees the tokens by design. A record starts with
     * {@code [thread] LEVEL logger - }; continuation lines belong to the record before them.
     */
    static String clientSideRecords(String log) {
        Pattern start = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");
        StringBuilder out = new StringBuilder();
        boolean keep = true;
        for (String line : log.split("\n")) {
            Matcher m = start.matcher(line);
            if (m.find()) {
                String logger = m.group(2);
                keep = !logger.startsWith("org.eclipse.jetty") && !logger.startsWith("com.github.tomakehurst")
                        && !logger.startsWith("wiremock");
            }
            if (keep) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static void collect(SsoSessionCredentialsProvider.Builder b, List<String> texts) {
        try (SsoSessionCredentialsProvider p = b.build()) {
            p.resolveCredentials();
            texts.add("unexpected success");
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
    }
}
