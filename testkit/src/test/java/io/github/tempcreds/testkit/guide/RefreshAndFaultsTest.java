package io.github.tempcreds.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.RefreshAwaiter;
import io.github.tempcreds.testkit.RoleSpec;
import io.github.tempcreds.testkit.junit.FakeAwsExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** The clock, refresh and fault examples of docs/testing.md, verbatim between the markers. */
@ExtendWith(FakeAwsExtension.class)
class RefreshAndFaultsTest {
    @BeforeAll
    static void account(FakeAws aws) {
        aws.sts().role(RoleSpec.builder("arn:aws:iam::123456789012:role/app")
                .trustAccount("123456789012").build());
        aws.registry().seedUserKey("AKIATESTGUIDE000002", "testsecret-guide", "ci-user");
        aws.appendConfig("""
                [profile base]
                aws_access_key_id = AKIATESTGUIDE000002
                aws_secret_access_key = testsecret-guide

                [profile short]
                role_arn = arn:aws:iam::123456789012:role/app
                source_profile = base
                duration_seconds = 900
                """);
    }

    // testing.md: refresh
    @Test
    void refreshesInTheBackgroundBeforeExpiry(FakeAws aws) throws Exception {
        RefreshAwaiter refreshes = RefreshAwaiter.create();
        try (ProfileChainCredentialsProvider credentials = ProfileChainCredentialsProvider.builder()
                .profileName("short").environment(aws.environment())
                .addListener(refreshes)
                .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMinutes(1)).build())
                .build()) {
            AwsCredentials first = credentials.resolveCredentials();   // 15-minute role credentials

            RefreshAwaiter.Next next = refreshes.next();              // arm before triggering
            aws.clock().advance(Duration.ofMinutes(12));              // into the advisory window
            assertThat(credentials.resolveCredentials()).isEqualTo(first); // answered at once
            CredentialsEvent refreshed = next.awaitSuccess(Duration.ofMinutes(1));

            assertThat(refreshed.expiration()).contains(aws.clock().instant().plus(Duration.ofMinutes(15)));
            assertThat(credentials.resolveCredentials().accessKeyId()).isNotEqualTo(first.accessKeyId());
        }
    }
    // testing.md: end

    // testing.md: faults
    @Test
    void anOutageIsATypedError_andTheNextLoadAfterTheBackoffRecovers(FakeAws aws) {
        try (ProfileChainCredentialsProvider credentials = ProfileChainCredentialsProvider.builder()
                .profileName("short").environment(aws.environment())
                .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMinutes(1)).build())
                .build()) {
            aws.sts().inject(Fault.status(503).onOperation("AssumeRole"));   // until cleared
            assertThatThrownBy(credentials::resolveCredentials)
                    .isInstanceOf(CredentialsException.class)
                    .hasMessageContaining("503");

            aws.clearFaults();
            aws.clock().advance(Duration.ofMinutes(1));                      // past the backoff
            assertThat(credentials.resolveCredentials().accessKeyId()).startsWith("ASIA");
        }
    }
    // testing.md: end
}
