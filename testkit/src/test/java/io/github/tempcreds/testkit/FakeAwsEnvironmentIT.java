package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@link FakeAws#environment()} and {@link FakeAws#configure}: what a test needs, without a system property, so
 * two accounts run at once, each with its own clock and home, and providers resolve through their own one.
 */
class FakeAwsEnvironmentIT {
    private static final String ROLE = "arn:aws:iam::123456789012:role/app";

    @Test
    void environment_pointsEverySettingAtTheFakes_andTheHomeLivesWithTheAccount() throws Exception {
        Path home;
        try (FakeAws aws = FakeAws.create().start()) {
            TempcredsEnvironment env = aws.environment();
            home = aws.home();
            assertThat(env.clock()).isSameAs(aws.clock());
            assertThat(env.homeDirectory()).isEqualTo(home);
            assertThat(env.env("AWS_EC2_METADATA_SERVICE_ENDPOINT")).contains(aws.imds().url().replaceAll("/$", ""));
            assertThat(env.env("AWS_ENDPOINT_URL_STS")).contains(aws.sts().url().replaceAll("/$", ""));
            assertThat(env.env("AWS_ENDPOINT_URL_SSO")).contains(aws.sso().portalUrl().replaceAll("/$", ""));
            assertThat(env.env("AWS_ENDPOINT_URL_SSO_OIDC")).contains(aws.sso().oidcUrl().replaceAll("/$", ""));
            assertThat(env.env("AWS_CONTAINER_CREDENTIALS_FULL_URI")).contains(aws.container().credentialsUrl());
            assertThat(env.env("AWS_REGION")).contains("us-east-1");
            assertThat(env.env("AWS_CONFIG_FILE")).contains(home.resolve(".aws/config").toString());
            assertThat(env.property("aws.configFile")).as("no system property leaks in").isEmpty();
            assertThat(Files.readString(home.resolve(".aws/config")))
                    .contains("[default]", "region = us-east-1", "[sso-session fakeaws]",
                            "sso_start_url = " + aws.sso().startUrl());
            assertThat(aws.environmentBuilder().env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "").build()
                    .env("AWS_CONTAINER_CREDENTIALS_FULL_URI")).as("an empty value unsets").isEmpty();
        }
        assertThat(home).doesNotExist();
    }

    @Test
    void ssoLogin_writesTheTokenCacheOfTheFakeawsSession() throws Exception {
        try (FakeAws aws = FakeAws.create().start()) {
            FakeSso.Session s = aws.ssoLogin(Duration.ofHours(1));
            Path cache = SsoTokenCacheFiles.cacheFile(aws.home(), FakeAws.SSO_SESSION);
            assertThat(Files.readString(cache)).contains(s.accessToken(), aws.sso().startUrl());
            assertThat(aws.sso().accessTokenValid(s.accessToken())).isTrue();
        }
    }

    @Test
    void configure_pointsSdkClientsAtTheirFake() {
        try (FakeAws aws = FakeAws.create().start()) {
            aws.registry().seedUserKey("AKIATESTCONFIGURE01", "testsecret-configure", "alice");
            try (StsClient sts = aws.configure(StsClient.builder(), StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIATESTCONFIGURE01", "testsecret-configure"))).build();
                 SsoOidcClient oidc = aws.configure(SsoOidcClient.builder()).build()) {
                assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
                assertThat(oidc.registerClient(r -> r.clientName("test").clientType("public")).clientId()).isNotBlank();
            }
            // not an exact count: after another test moved a fake clock far, the SDK's JVM-wide clock correction
            // can cost a second attempt (docs/testkit.md, "The clock")
            assertThat(aws.sts().journal()).isNotEmpty()
                    .allMatch(r -> r.operation().equals("GetCallerIdentity"));
            assertThat(aws.sso().journal()).isNotEmpty();
        }
    }

    @Test
    void configure_beforeStart_isRefused() {
        FakeAws aws = FakeAws.create();
        assertThatThrownBy(() -> aws.configure(StsClient.builder())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("start()");
        assertThatThrownBy(aws::environment).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoAccountsAtOnce_eachProviderResolvesThroughItsOwnEnvironment() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Within STS's 15-minute skew of the real clock the SDK signs with; different enough to tell apart.
        List<Instant> starts = List.of(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(5)));
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Result> a = pool.submit(() -> account("AKIATESTPARALLEL0A1", starts.get(0), bothRunning));
            Future<Result> b = pool.submit(() -> account("AKIATESTPARALLEL0B1", starts.get(1), bothRunning));
            Result ra = a.get(120, TimeUnit.SECONDS);
            Result rb = b.get(120, TimeUnit.SECONDS);
            assertThat(ra.home).isNotEqualTo(rb.home);
            assertThat(ra.expiration).isEqualTo(starts.get(0).plus(Duration.ofHours(1)));
            assertThat(rb.expiration).isEqualTo(starts.get(1).plus(Duration.ofHours(1)));
        } finally {
            pool.shutdownNow();
        }
    }

    private record Result(Path home, Instant expiration) {
    }

    /** One test's worth: its own account, clock and home; a profile chain resolved through its environment. */
    private static Result account(String userKey, Instant start, CyclicBarrier bothRunning) throws Exception {
        try (FakeAws aws = FakeAws.builder().clock(MutableClock.at(start))
                .sts(s -> s.role(RoleSpec.builder(ROLE).trustAccount("123456789012").build()))
                .build().start()) {
            aws.registry().seedUserKey(userKey, "testsecret-" + userKey, "user-" + userKey);
            aws.appendConfig(String.join("\n",
                    "[profile base]",
                    "aws_access_key_id = " + userKey,
                    "aws_secret_access_key = testsecret-" + userKey,
                    "",
                    "[profile app]",
                    "role_arn = " + ROLE,
                    "source_profile = base",
                    "role_session_name = app"));
            bothRunning.await(60, TimeUnit.SECONDS);
            try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName("app")
                    .environment(aws.environment())
                    // a bound for a loaded machine (the first SDK client in a JVM is slow), never asserted
                    .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofMinutes(1)).build()).build()) {
                AwsCredentials c = p.resolveCredentials();
                assertThat(aws.registry().find(c.accessKeyId())).as("issued by this account's STS").isPresent();
                assertThat(aws.sts().journal("AssumeRole")).as("signed with this account's user key only")
                        .isNotEmpty().allMatch(r -> r.headers().toString().contains(userKey));
                Instant expiration = ((AwsSessionCredentials) c).expirationTime().orElseThrow();
                bothRunning.await(60, TimeUnit.SECONDS); // both resolved while both accounts ran
                return new Result(aws.home(), expiration);
            }
        }
    }
}
