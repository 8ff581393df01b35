package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A background refresh driven by the fake clock and awaited with {@link RefreshAwaiter}, no sleep: 15-minute
 * role credentials (advisory window 5 minutes, mandatory 1 minute); the clock moves 12 minutes, into the advisory
 * window; the next call answers at once with the old credentials and starts one load in the background; the test
 * waits for that load and sees the new credentials served. (12 minutes also stays within the 15 minutes of skew
 * the fake STS allows the SDK, which signs with the JVM's clock.)
 */
class AdvisoryRefreshIT {
    @Test
    void advisoryWindow_callAnswersAtOnce_andTheBackgroundLoadIsAwaited() throws Exception {
        try (FakeAws aws = FakeAws.builder()
                .sts(s -> s.role(RoleSpec.builder("arn:aws:iam::123456789012:role/app")
                        .trustAccount("123456789012").build()))
                .build().start()) {
            aws.registry().seedUserKey("AKIATESTADVISORY001", "testsecret-advisory", "alice");
            aws.appendConfig(String.join("\n",
                    "[profile base]",
                    "aws_access_key_id = AKIATESTADVISORY001",
                    "aws_secret_access_key = testsecret-advisory",
                    "[profile app]",
                    "role_arn = arn:aws:iam::123456789012:role/app",
                    "source_profile = base",
                    "duration_seconds = 900"));
            RefreshAwaiter refreshes = RefreshAwaiter.create();
            try (ProfileChainCredentialsProvider provider = ProfileChainCredentialsProvider.builder()
                    .profileName("app").environment(aws.environment()).addListener(refreshes)
                    // a bound for a loaded machine (the first SDK client in a JVM is slow), never asserted
                    .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMinutes(1)).build()).build()) {
                AwsCredentials first = provider.resolveCredentials();
                Instant expiration = ((AwsSessionCredentials) first).expirationTime().orElseThrow();
                assertThat(expiration).isEqualTo(aws.clock().instant().plus(Duration.ofMinutes(15)));
                int loads = aws.sts().journal("AssumeRole").size();

                RefreshAwaiter.Next next = refreshes.next();
                aws.clock().advance(Duration.ofMinutes(12));
                assertThat(provider.resolveCredentials().accessKeyId()).as("answered with the cached value")
                        .isEqualTo(first.accessKeyId());
                CredentialsEvent done = next.awaitSuccess(Duration.ofMinutes(1));

                assertThat(done.expiration()).contains(aws.clock().instant().plus(Duration.ofMinutes(15)));
                AwsCredentials second = provider.resolveCredentials();
                assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
                assertThat(aws.registry().find(second.accessKeyId())).isPresent();
                assertThat(aws.sts().journal("AssumeRole")).hasSizeGreaterThan(loads);
            }
        }
    }
}
