package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile {@code AWS_EC2_METADATA_SERVICE_ENDPOINT} (huge, or with control characters, built around the
 * {@link FakeImds} URL so that accepting it would reach the fake): rejected with a short, escaped message
 * and no request sent.
 */
class ImdsEndpointSettingIT {
    @TempDir
    Path root;

    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    FakeImds imds;

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).build().start();
    }

    @AfterEach
    void stop() {
        imds.close();
    }

    CredentialsException rejection(String value) {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new Random(1))
                .homeDirectory(root).env("AWS_EC2_METADATA_SERVICE_ENDPOINT", value).build();
        try (ImdsCredentialsProvider p = ImdsCredentialsProvider.builder().environment(env).build()) {
            p.resolveCredentials();
        } catch (CredentialsException e) {
            return e;
        }
        throw new AssertionError("expected a CredentialsException");
    }

    static void assertShortAndPrintable(String message) {
        // the engine adds its own context (source, next attempt) around the settings message of <= 300 chars
        assertThat(message.length()).as(message).isLessThanOrEqualTo(450);
        assertThat(message.chars()).as(message).noneMatch(Character::isISOControl);
    }

    @Test
    void endpointVariable_controlCharacters_rejectedEscapedNoRequest() {
        String url = imds.url();
        CredentialsException e = rejection(url + "latest\r\nX-Injected: 1\u0000x");
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertShortAndPrintable(e.getMessage());
        assertThat(e.getMessage()).contains("'" + url + "latest\\r\\nX-Injected: 1\\u0000x'",
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "is not a URL");
        assertThat(imds.journal()).isEmpty();
    }

    @Test
    void endpointVariable_100000Characters_rejectedTruncatedNoRequest() {
        String value = imds.url() + "\u0000" + "a".repeat(100_000);
        CredentialsException e = rejection(value);
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertShortAndPrintable(e.getMessage());
        assertThat(e.getMessage()).contains("(" + value.length() + " characters)", "AWS_EC2_METADATA_SERVICE_ENDPOINT")
                .doesNotContain("a".repeat(65));
        assertThat(imds.journal()).isEmpty();
    }
}
