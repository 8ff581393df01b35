package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * The IMDS side shared by the outage and IMDS harnesses: a {@link FakeImds} on a manual clock and
 * builders for our {@link ImdsCredentialsProvider} and the SDK's {@link InstanceProfileCredentialsProvider}
 * (IMDSv1 disabled) against it, both on that clock.
 */
final class ImdsSetup implements AutoCloseable {
    final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final FakeImds imds;
    private final Path home;
    private final AutoCloseable sdkSettings;

    ImdsSetup(Duration rotateBefore) {
        imds = FakeImds.builder().clock(clock).rotateBefore(rotateBefore).build().start();
        try {
            home = Files.createTempDirectory("tempcreds-bench-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sdkSettings = SdkHooks.sdkImdsSettings();
        warmUp();
    }

    /**
     * One token request before measuring, then a clean journal: a cold server on a loaded machine can miss
     * the providers' 1-second IMDS timeouts on its very first answer, which is not what is measured here.
     */
    private void warmUp() {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) imds.uri().resolve(FakeImds.TOKEN_PATH)
                    .toURL().openConnection();
            c.setRequestMethod("PUT");
            c.setRequestProperty(FakeImds.TTL_HEADER, "60");
            c.getResponseCode();
            c.disconnect();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        imds.clearJournal();
    }

    /** Ours, default settings, on the manual clock; a hermetic environment with an empty home directory. */
    Subject ours() {
        return ours(null);
    }

    /** Ours with this retry backoff between the retries of one load ({@code null}: the default). */
    Subject ours(Duration retryBackoff) {
        Subject.Tracker tracker = new Subject.Tracker();
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder();
        if (retryBackoff != null) {
            b.retryBackoff(retryBackoff);
        }
        ImdsCredentialsProvider p = b
                .endpoint(imds.uri())
                .environment(TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build())
                .addListener(tracker)
                .build();
        return Subject.ours("tempcreds ImdsCredentialsProvider", p, tracker);
    }

    /** The SDK's, IMDSv1 disabled, on the manual clock. */
    Subject sdk() {
        String url = imds.url();
        InstanceProfileCredentialsProvider p = SdkHooks.instanceProfileBuilder(clock)
                .endpoint(url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .build();
        return Subject.sdk("SDK InstanceProfileCredentialsProvider", p);
    }

    /** The real expiration of credentials the fake issued (the SDK may report an extended one). */
    Optional<Instant> issuedExpiration(String accessKeyId) {
        return imds.registry().find(accessKeyId).flatMap(IssuedCredentials::expiration);
    }

    @Override
    public void close() {
        imds.close();
        try {
            sdkSettings.close();
            Files.deleteIfExists(home);
        } catch (Exception e) {
            // best effort
        }
    }
}
