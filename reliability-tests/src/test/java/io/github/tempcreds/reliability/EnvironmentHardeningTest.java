package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Environment values with control characters or absurd lengths, for every variable a provider reads: the
 * caller must get a typed error (never another exception, never a hang) and the bad value must never reach
 * the wire. Whether a provider rejects the value up front or the value is merely harmless is recorded in
 * {@code target/environment-hardening.md} (copied to docs/reliability.md).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EnvironmentHardeningTest {
    static final String LONG = "a".repeat(100_000);
    static final String CRLF = "x\r\nX-Injected: 1";
    static final String NUL = "x\u0000y";
    static final Map<String, String> RESULTS = new TreeMap<>();

    @TempDir
    Path home;
    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    FakeSts sts;
    FakeImds imds;
    Path token;

    @BeforeEach
    void start() throws Exception {
        sts = FakeSts.builder().clock(clock).build().start();
        imds = FakeImds.builder().clock(clock).build().start();
        token = Files.writeString(home.resolve("token"), "header.payload.signature");
    }

    @AfterEach
    void stop() {
        sts.close();
        imds.close();
    }

    TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(clock).homeDirectory(home).env("AWS_REGION", "us-east-1");
    }

    /** Runs one case; returns "rejected: <type>" / "sent" and asserts typed errors and nothing bad on the wire. */
    void check(String variable, String label, String value, Function<String, RefreshableCredentialsProvider> build,
               List<RecordedRequest> journalBefore, java.util.function.Supplier<List<RecordedRequest>> journal) {
        String outcome;
        RefreshableCredentialsProvider p = null;
        String phase = "build()";
        try {
            p = build.apply(value);
            phase = "resolveCredentials()";
            p.resolveCredentials();
            outcome = "accepted";
        } catch (CredentialsException | IllegalArgumentException e) {
            outcome = "rejected by " + phase + " (" + e.getClass().getSimpleName() + ")";
            assertThat(e.getMessage()).isNotBlank();
            // The message must quote a hostile value (escaped, cut short), never echo it raw.
            assertThat(e.getMessage()).as(variable + " " + label + ": message echoes the raw value")
                    .doesNotContain(value);
            assertThat(e.getMessage().chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0))
                    .as(variable + " " + label + ": message holds raw control characters").isTrue();
            outcome += ", quoted";
        } finally {
            if (p != null) {
                p.close();
            }
        }
        List<RecordedRequest> sent = journal.get();
        boolean onWire = sent.stream().skip(journalBefore.size()).anyMatch(r -> r.toString().contains(value)
                || r.headers().toString().contains(value) || r.bodyText().contains(value));
        assertThat(onWire).as(variable + " " + label + " reached the wire").isFalse();
        boolean anyRequest = sent.size() > journalBefore.size();
        synchronized (RESULTS) {
            RESULTS.put(variable + " " + label, outcome + (anyRequest ? ", requests sent (value not in them)" : ", no request sent"));
        }
    }

    void webIdentityCase(String variable, String label, String value) {
        check(variable, label, value, v -> {
            TempcredsEnvironment.Builder e = env().env("AWS_ENDPOINT_URL_STS", sts.url())
                    .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Pod")
                    .env("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString()).env("AWS_ROLE_SESSION_NAME", "s1");
            e.env(variable, v);
            return WebIdentityCredentialsProvider.builder().environment(e.build()).build();
        }, sts.journal(), sts::journal);
    }

    @Test
    void webIdentity_hostileEnvironment_typedErrorNothingOnTheWire() {
        for (String variable : List.of("AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE")) {
            webIdentityCase(variable, "with CR LF", CRLF);
            webIdentityCase(variable, "with NUL", NUL);
            webIdentityCase(variable, "of 100 000 chars", LONG);
        }
    }

    void imdsCase(String variable, String label, String value) {
        check(variable, label, value, v -> {
            TempcredsEnvironment.Builder e = env().env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.url());
            e.env(variable, v);
            return ImdsCredentialsProvider.builder().environment(e.build()).build();
        }, imds.journal(), imds::journal);
    }

    @Test
    void imds_hostileEnvironment_typedErrorNothingOnTheWire() {
        // AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE only matters without an endpoint, i.e. towards the real
        // 169.254.169.254: not sent from a test. AWS_EC2_METADATA_PROFILE_NAME is not read by the imds module.
        for (String variable : List.of("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
            imdsCase(variable, "with CR LF", CRLF);
            imdsCase(variable, "with NUL", NUL);
            imdsCase(variable, "of 100 000 chars", LONG);
        }
    }

    @Test
    void profiles_hostileProfileName_typedError() throws Exception {
        Path config = Files.writeString(home.resolve("config"), "[default]\nregion = us-east-1\n");
        for (String[] c : new String[][] {{"with CR LF", CRLF}, {"with NUL", NUL}, {"of 100 000 chars", LONG}}) {
            check("AWS_PROFILE", c[0], c[1], v -> ProfileChainCredentialsProvider.builder()
                    .environment(env().env("AWS_PROFILE", v).env("AWS_CONFIG_FILE", config.toString())
                            .env("AWS_ENDPOINT_URL", sts.url()).build()).build(), sts.journal(), sts::journal);
        }
    }

    @AfterAll
    static void write() throws Exception {
        StringBuilder sb = new StringBuilder("| variable and value | outcome |\n|---|---|\n");
        RESULTS.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Path target = Path.of(System.getProperty("reliability.target", "target"));
        Files.createDirectories(target);
        Files.writeString(target.resolve("environment-hardening.md"), sb.toString());
    }

    static List<String> names() {
        return new ArrayList<>(RESULTS.keySet());
    }
}
