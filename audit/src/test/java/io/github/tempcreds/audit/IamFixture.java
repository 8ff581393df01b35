package io.github.tempcreds.audit;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeIam;
import io.github.tempcreds.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A started {@link FakeIam} on a ticking clock (SigV4 dates come from the system clock), an {@code auditor}
 * user whose fresh, used key signs the real {@link IamClient}, and an audit builder whose sleeper advances
 * the clock instead of sleeping.
 */
final class IamFixture implements AutoCloseable {
    static final String AUDITOR_KEY = "AKIAAUDITOR000000001";
    static final String AUDITOR_SECRET = "auditor-secret-0000000000000000000000000";

    final MutableClock clock = MutableClock.systemUtc();
    final CredentialRegistry registry = CredentialRegistry.create();
    final FakeIam iam;
    final IamClient client;
    final List<Duration> sleeps = new ArrayList<>();

    IamFixture() {
        iam = FakeIam.builder().clock(clock).registry(registry).build();
        iam.user("auditor", daysAgo(10)).accessKey("auditor", AUDITOR_KEY, AUDITOR_SECRET, daysAgo(10), true)
                .mfaDevice("auditor", daysAgo(10)).reportGenerationCalls(1);
        iam.start();
        client = IamClient.builder().endpointOverride(iam.uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AUDITOR_KEY, AUDITOR_SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(4)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())))
                .build();
    }

    Instant daysAgo(long days) {
        return clock.instant().minus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    CredentialsAudit.Builder audit() {
        return CredentialsAudit.builder().iamClient(client)
                .environment(TempcredsEnvironment.builder().clock(clock).build())
                .sleeper(d -> {
                    sleeps.add(d);
                    clock.advance(d);
                });
    }

    @Override
    public void close() {
        client.close();
        iam.close();
    }
}
