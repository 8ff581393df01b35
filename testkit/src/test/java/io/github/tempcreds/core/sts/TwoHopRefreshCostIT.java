package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * A quick measurement (not a benchmark; the benchmarks module formalises it): STS calls and wall time per
 * refresh of a two-hop chain, ours against the SDK's {@link StsAssumeRoleCredentialsProvider} chained the
 * same way, against the same FakeSts. Asserts the call counts; logs the times.
 *
 * <p>Ours runs on a clock shared with the fake and advanced past the mandatory window before each
 * refresh. The SDK's providers read the system clock, so for them the fake's clock is set 59.5 minutes
 * behind: everything it issues expires 30 seconds from now, inside the SDK's one-minute stale time, and
 * every call refreshes synchronously.
 */
class TwoHopRefreshCostIT {
    static {
        // When run alone, keep DEBUG logging (wire logs of the fake and the clients) out of the timing.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }

    private static final Logger LOG = LoggerFactory.getLogger(TwoHopRefreshCostIT.class);
    private static final int WARMUP = 5;
    private static final int ROUNDS = 40;
    private static final Duration NEAR_EXPIRY = Duration.ofMinutes(59).plusSeconds(30);

    @TempDir
    Path home;

    private FakeSts fake(MutableClock clock) {
        CredentialRegistry registry = CredentialRegistry.create(StsFixture.ACCOUNT, new Random(5));
        registry.seedUserKey(StsFixture.USER_KEY, StsFixture.USER_SECRET, "alice");
        FakeSts sts = FakeSts.builder().clock(clock).registry(registry).build().start();
        sts.role(RoleSpec.builder(role("First")).trustPrincipal(StsFixture.USER_ARN).build());
        sts.role(RoleSpec.builder(role("Second")).trustPrincipal(role("First")).build());
        return sts;
    }

    @Test
    void twoHopRefresh_oursVersusSdk_sameCallsPerRefresh() {
        double[] ours = measureOurs();
        double[] sdk = measureSdk();
        LOG.info("two-hop refresh, {} rounds: tempcreds {} STS calls/refresh, median {} ms, p90 {} ms; "
                        + "SDK StsAssumeRoleCredentialsProvider chained {} STS calls/refresh, median {} ms, p90 {} ms",
                ROUNDS, ours[0], ours[1], ours[2], sdk[0], sdk[1], sdk[2]);
        assertThat(ours[0]).isEqualTo(2.0);
        assertThat(sdk[0]).isEqualTo(2.0);
    }

    /** {calls per refresh, median ms, p90 ms}. */
    private double[] measureOurs() {
        MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (FakeSts sts = fake(clock);
             RoleChainCredentialsProvider chain = RoleChainCredentialsProvider.builder()
                     .environment(TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build())
                     .endpoint(sts.uri()).region("us-east-1")
                     .source(StaticCredentialsProvider.create(AwsBasicCredentials.create(StsFixture.USER_KEY,
                             StsFixture.USER_SECRET)))
                     .addHop(role("First")).addHop(role("Second")).build()) {
            chain.resolveCredentials();
            double[] times = new double[ROUNDS];
            int before = 0;
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                clock.advance(NEAR_EXPIRY);
                if (i == WARMUP) {
                    before = sts.journal("AssumeRole").size();
                }
                long t0 = System.nanoTime();
                chain.resolveCredentials();
                if (i >= WARMUP) {
                    times[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return stats((sts.journal("AssumeRole").size() - before) / (double) ROUNDS, times);
        }
    }

    private double[] measureSdk() {
        MutableClock clock = MutableClock.at(Instant.now().minus(NEAR_EXPIRY));
        try (FakeSts sts = fake(clock);
             StsClient userClient = client(sts, clock, StaticCredentialsProvider.create(
                     AwsBasicCredentials.create(StsFixture.USER_KEY, StsFixture.USER_SECRET)));
             StsAssumeRoleCredentialsProvider first = StsAssumeRoleCredentialsProvider.builder()
                     .stsClient(userClient).asyncCredentialUpdateEnabled(false)
                     .refreshRequest(r -> r.roleArn(role("First")).roleSessionName("sdk-first")).build();
             StsClient firstClient = client(sts, clock, first);
             StsAssumeRoleCredentialsProvider second = StsAssumeRoleCredentialsProvider.builder()
                     .stsClient(firstClient).asyncCredentialUpdateEnabled(false)
                     .refreshRequest(r -> r.roleArn(role("Second")).roleSessionName("sdk-second")).build()) {
            second.resolveCredentials();
            double[] times = new double[ROUNDS];
            int before = 0;
            for (int i = 0; i < WARMUP + ROUNDS; i++) {
                if (i == WARMUP) {
                    before = sts.journal("AssumeRole").size();
                }
                long t0 = System.nanoTime();
                second.resolveCredentials();
                if (i >= WARMUP) {
                    times[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
                }
            }
            return stats((sts.journal("AssumeRole").size() - before) / (double) ROUNDS, times);
        }
    }

    private static StsClient client(FakeSts sts, MutableClock clock,
                                    software.amazon.awssdk.auth.credentials.AwsCredentialsProvider creds) {
        return StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                .authSchemeProvider(StsClients.signingWith(clock)).credentialsProvider(creds).build();
    }

    private static double[] stats(double callsPerRefresh, double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        return new double[] {callsPerRefresh, round(sorted[sorted.length / 2]), round(sorted[(int) (sorted.length * 0.9)])};
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
