package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

class StsErrorMappingIT {
    @TempDir
    Path home;
    StsFixture f;

    @BeforeEach
    void start() {
        f = new StsFixture();
        f.sts.role(RoleSpec.builder(role("App")).trustPrincipal(StsFixture.USER_ARN).build());
        f.sts.role(RoleSpec.builder(role("Closed")).trustPrincipal("arn:aws:iam::123456789012:user/bob").build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private CredentialsException failure(RoleChainCredentialsProvider chain) {
        try (chain) {
            chain.resolveCredentials();
            throw new AssertionError("expected a failure");
        } catch (CredentialsException e) {
            return e;
        }
    }

    @Test
    void accessDenied_configurationNamingCallerAndRole() {
        CredentialsException e = failure(f.chain(home).addHop(role("Closed")).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains(StsFixture.USER_ARN, role("Closed"), "trust policy");
    }

    @Test
    void regionDisabled_configurationNamingRegion() {
        f.sts.disableRegion("eu-south-1");
        CredentialsException e = failure(f.chain(home).region("eu-south-1").addHop(role("App")).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("eu-south-1", "not activated");
    }

    @Test
    void malformedPolicy_configuration() {
        CredentialsException e = failure(f.chain(home).addHop(RoleHop.builder().roleArn(role("App"))
                .policy("{\"Version\":\"2012-10-17\"}").build()).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("session policy", role("App"));
    }

    @Test
    void packedPolicyTooLarge_configuration() {
        StringBuilder sid = new StringBuilder();
        Random r = new Random(3);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 1900; i++) {
            sid.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        CredentialsException e = failure(f.chain(home).addHop(RoleHop.builder().roleArn(role("App"))
                .policy(policy).build()).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("packed size");
    }

    @Test
    void validationError_quotesField() {
        CredentialsException e = failure(f.chain(home).addHop(RoleHop.builder().roleArn(role("App"))
                .duration(Duration.ofHours(2)).build()).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("field 'DurationSeconds'", "MaxSessionDuration");
    }

    @Test
    void throttling_retrievalThenBackoffThenSuccess() {
        f.sts.inject(FakeSts.errorFault(400, "Throttling", "Rate exceeded").onOperation("AssumeRole").times(1));
        try (StsClient noRetries = StsClient.builder().endpointOverride(f.sts.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).authSchemeProvider(StsClients.signingWith(f.clock))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
             RoleChainCredentialsProvider chain = f.chain(home).stsClient(noRetries).addHop(role("App")).build()) {

            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("throttled").hasMessageContaining("Rate exceeded");
            f.clock.advance(Duration.ofSeconds(31));

            assertThat(f.callerArn(chain.resolveCredentials())).contains("assumed-role/App/");
            assertThat(f.assumeRoles()).hasSize(2);
        }
    }

    @Test
    void expiredSourceToken_sourceRefreshedOnceThenRetried() {
        AtomicInteger loads = new AtomicInteger();
        try (RefreshingCredentialsProvider source = sessionSource(loads, false);
             RoleChainCredentialsProvider chain = f.chain(home).source(source).addHop(role("App")).build()) {

            assertThat(f.callerArn(chain.resolveCredentials())).contains("assumed-role/App/");
            assertThat(loads).hasValue(2);
            assertThat(f.assumeRoles()).hasSize(2);
        }
    }

    @Test
    void expiredSourceTokenEvenAfterRefresh_retrievalNamingKey() {
        AtomicInteger loads = new AtomicInteger();
        try (RefreshingCredentialsProvider source = sessionSource(loads, true);
             RoleChainCredentialsProvider chain = f.chain(home).source(source).addHop(role("App")).build()) {

            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("expired").hasMessageContaining("ASIAFAKE");
            assertThat(loads).hasValue(2);
        }
    }

    @Test
    void revokedSourceKey_configurationNamingKey() {
        f.registry.seedUserKey("AKIATESTREVOKED0001", "testsecret", "alice");
        f.registry.revoke("AKIATESTREVOKED0001");
        CredentialsException e = failure(f.chain(home).source(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIATESTREVOKED0001", "testsecret"))).addHop(role("App")).build());

        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("AKIATESTREVOKED0001", "does not recognise");
    }

    @Test
    void serverError_retrieval() {
        f.sts.inject(FakeSts.errorFault(503, "ServiceUnavailable", "Service is unavailable").onOperation("AssumeRole"));
        try (StsClient noRetries = StsClient.builder().endpointOverride(f.sts.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).authSchemeProvider(StsClients.signingWith(f.clock))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            CredentialsException e = failure(f.chain(home).stsClient(noRetries).addHop(role("App")).build());
            assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
            assertThat(e.getMessage()).contains("503");
        }
    }

    /**
     * A source whose credentials the engine thinks valid for two hours, but which STS sees as expired:
     * the first load (or every load, if {@code alwaysExpired}) issues a session already past its expiry.
     */
    private RefreshingCredentialsProvider sessionSource(AtomicInteger loads, boolean alwaysExpired) {
        return RefreshingCredentialsProvider.builder().sourceName("test-session").environment(f.env(home))
                .loader(() -> {
                    Instant now = f.clock.instant();
                    boolean expired = loads.incrementAndGet() == 1 || alwaysExpired;
                    IssuedCredentials ic = f.registry.issueSession(IssuedCredentials.Kind.USER_SESSION,
                            StsFixture.USER_ARN, "AIDAFAKEALICE", expired ? now.minusSeconds(1)
                                    : now.plus(Duration.ofHours(2)), "test");
                    return AwsSessionCredentials.builder().accessKeyId(ic.accessKeyId())
                            .secretAccessKey(ic.secretAccessKey()).sessionToken(ic.sessionToken().orElseThrow())
                            .expirationTime(now.plus(Duration.ofHours(2))).build();
                }).build();
    }
}
