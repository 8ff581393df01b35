package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.cognito.CognitoCredentialsCache;
import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.cognito.CognitoLogins;
import io.github.tempcreds.container.ContainerRoleCredentialsProvider;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.RoleProviderCache;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.FakeContainerCredentials;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * One provider shared by two real SDK clients, as an application shares one role between its service
 * clients. The AWS SDK closes the credentials provider it was given when the client is closed: closing
 * the first client must not break the second, and closing both must leave no tempcreds thread behind.
 *
 * <p>Every SDK client is an {@link StsClient} calling {@code GetCallerIdentity} on the fake STS, which
 * verifies the SigV4 signature with the credentials the provider served (all fakes share one registry).
 */
class SharedProviderIT {
    /** The name prefixes of every thread tempcreds starts (refresh pools, keyed pools, IMDS deadlines). */
    static final List<String> THREAD_PREFIXES = List.of("tempcreds-refresh-", "tempcreds-keyed-refresh",
            "tempcreds-keyed-timer", "tempcreds-imds-deadline");
    private static final long THREAD_END_MILLIS = 10_000;
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String ISSUER = "https://oidc.eks.test/id/SHARED";
    private static final String AUDIENCE = "sts.amazonaws.com";
    private static final String BASE_KEY = "AKIATESTSHAREDBASE01";
    private static final String BASE_SECRET = "testsecret-shared-base";
    private static final String COGNITO_ENDPOINT_PROPERTY = "aws.endpointUrlCognitoIdentity";

    /** The provider kinds; each builds a provider that creates its own SDK or HTTP clients. */
    enum Kind { IMDS, ROLE_CHAIN, WEB_IDENTITY, SSO, COGNITO, CONTAINER, CHAIN, PROFILE_CHAIN }

    @TempDir
    Path home;
    FakeAws aws;
    final OidcIssuer issuer = OidcIssuer.create(ISSUER);
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeFirstClient_secondStillSigns_closingBothLeavesNoThread(Kind kind) throws Exception {
        Set<Thread> before = tempcredsThreads();
        RefreshableCredentialsProvider provider = provider(kind);
        StsClient first = sts(provider);
        StsClient second = sts(provider);

        GetCallerIdentityResponse viaFirst = first.getCallerIdentity();
        assertThat(viaFirst.account()).isEqualTo(ACCOUNT);
        assertThat(second.getCallerIdentity().arn()).isEqualTo(viaFirst.arn());
        assertThat(newThreads(before)).as("the provider's own threads run while it is in use").isNotEmpty();

        first.close(); // the SDK closes the provider it was given
        assertThat(provider.health().state()).as("the SDK client closed the provider")
                .isEqualTo(CredentialsHealth.State.CLOSED);

        GetCallerIdentityResponse afterClose = second.getCallerIdentity();
        assertThat(afterClose.account()).isEqualTo(ACCOUNT);
        assertThat(afterClose.arn()).isEqualTo(viaFirst.arn());
        assertThat(provider.health().state()).isNotEqualTo(CredentialsHealth.State.CLOSED);

        second.close();
        assertThat(provider.health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        assertThat(awaitEnd(newThreads(before))).as("tempcreds threads alive after both clients closed").isEmpty();
    }

    /** The keyed caches: their handles are what SDK clients get. */
    enum Keyed { ROLE_CACHE, COGNITO_CACHE }

    @ParameterizedTest
    @EnumSource(Keyed.class)
    void keyedHandle_closeFirstClient_secondStillSigns_closingTheCacheLeavesNoThread(Keyed keyed) throws Exception {
        Set<Thread> before = tempcredsThreads();
        RefreshableCredentialsProvider handle = handle(keyed);
        StsClient first = sts(handle);
        StsClient second = sts(handle);
        String arn = first.getCallerIdentity().arn();
        assertThat(second.getCallerIdentity().arn()).isEqualTo(arn);

        first.close(); // closes the key's current provider; the handle stays usable
        assertThat(second.getCallerIdentity().arn()).isEqualTo(arn);
        second.close();

        keyedCache.close(); // final for the cache itself
        assertThat(awaitEnd(newThreads(before))).as("tempcreds threads alive after the cache closed").isEmpty();
    }

    // ------------------------------------------------------------------ wiring

    private AutoCloseable keyedCache;

    private RefreshableCredentialsProvider handle(Keyed keyed) throws Exception {
        if (keyed == Keyed.ROLE_CACHE) {
            startFakes(false);
            RoleProviderCache cache = RoleProviderCache.builder().environment(env(Kind.ROLE_CHAIN).build())
                    .source(StaticCredentialsProvider.create(AwsBasicCredentials.create(BASE_KEY, BASE_SECRET)))
                    .build();
            keyedCache = cache;
            cleanup.add(cache);
            return cache.get(role("Ops"));
        }
        startFakes(false);
        String pool = guestPool();
        CognitoCredentialsCache cache = CognitoCredentialsCache.builder()
                .provider(CognitoIdentityCredentialsProvider.builder().identityPoolId(pool)
                        .environment(env(Kind.COGNITO).build()))
                .loginsForUser(user -> CognitoLogins.guest()).build();
        keyedCache = cache;
        cleanup.add(cache);
        return cache.credentialsProvider("user-1");
    }

    private void startFakes(boolean podIdentity) {
        FakeAws.Builder b = FakeAws.builder().sts(s -> s.trustIssuer(issuer));
        if (podIdentity) {
            b.container(c -> c.mode(FakeContainerCredentials.Mode.POD_IDENTITY));
        }
        aws = b.build().start();
        aws.sts().role(RoleSpec.builder(role("Ops")).trustAccount(ACCOUNT).build());
        aws.sts().role(RoleSpec.builder(role("Pod")).trustWebIdentity(ISSUER, AUDIENCE).build());
        aws.registry().seedUserKey(BASE_KEY, BASE_SECRET, "base-user");
    }

    private TempcredsEnvironment.Builder env(Kind kind) {
        return TempcredsEnvironment.builder().clock(aws.clock()).homeDirectory(home).env(aws.environmentVariables())
                .env("AWS_EC2_METADATA_DISABLED", kind == Kind.IMDS ? "false" : "true");
    }

    private RefreshableCredentialsProvider provider(Kind kind) throws Exception {
        startFakes(kind == Kind.CONTAINER);
        TempcredsEnvironment.Builder env = env(kind);
        switch (kind) {
            case IMDS:
                return ImdsCredentialsProvider.builder().endpoint(aws.imds().uri()).environment(env.build()).build();
            case ROLE_CHAIN:
                return RoleChainCredentialsProvider.builder().environment(env.build())
                        .source(StaticCredentialsProvider.create(AwsBasicCredentials.create(BASE_KEY, BASE_SECRET)))
                        .addHop(RoleHop.of(role("Ops"))).build();
            case WEB_IDENTITY:
                return WebIdentityCredentialsProvider.builder().environment(env.build()).roleArn(role("Pod"))
                        .roleSessionName("shared").webIdentityTokenFile(tokenFile()).build();
            case SSO:
                aws.sso().account(ACCOUNT, "ReadOnly");
                aws.sso().seedSession().cacheEntry().writeTo(home, "shared");
                return SsoSessionCredentialsProvider.builder().ssoSession("shared").startUrl(aws.sso().startUrl())
                        .ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly").environment(env.build())
                        .build();
            case COGNITO:
                return cognito(env.build());
            case CONTAINER:
                return ContainerRoleCredentialsProvider.builder()
                        .environment(env.env(aws.container().environmentVariables()).build()).build();
            case CHAIN:
                return TemporaryCredentialsChain.builder().environment(env.env("AWS_ROLE_ARN", role("Pod"))
                        .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile().toString()).build()).build();
            case PROFILE_CHAIN:
                Files.createDirectories(home.resolve(".aws"));
                Files.writeString(home.resolve(".aws/credentials"), "[base]\naws_access_key_id = " + BASE_KEY
                        + "\naws_secret_access_key = " + BASE_SECRET + "\n");
                Files.writeString(home.resolve(".aws/config"), "[profile app]\nrole_arn = " + role("Ops")
                        + "\nsource_profile = base\n");
                return ProfileChainCredentialsProvider.builder().profileName("app").environment(env.build()).build();
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * The Cognito provider builds its Cognito client from the pool's region; the SDK's own endpoint
     * setting points it at the fake (restored after the test), so that the provider's own client is used.
     */
    private RefreshableCredentialsProvider cognito(TempcredsEnvironment env) {
        return CognitoIdentityCredentialsProvider.builder().identityPoolId(guestPool()).environment(env).build();
    }

    /** A pool for guests; points the SDK's Cognito clients at the fake until the test ends. */
    private String guestPool() {
        String pool = aws.cognito().pool(FakeCognitoIdentity.PoolSpec.builder().unauthenticatedRoleArn(role("Guest"))
                .allowUnauthenticated(true).build());
        String previous = System.getProperty(COGNITO_ENDPOINT_PROPERTY);
        System.setProperty(COGNITO_ENDPOINT_PROPERTY, aws.cognito().url());
        cleanup.add(() -> {
            if (previous == null) {
                System.clearProperty(COGNITO_ENDPOINT_PROPERTY);
            } else {
                System.setProperty(COGNITO_ENDPOINT_PROPERTY, previous);
            }
        });
        return pool;
    }

    private Path tokenFile() throws Exception {
        Path token = home.resolve("token");
        Files.writeString(token, issuer.mint("system:serviceaccount:default:app", AUDIENCE, aws.clock().instant(),
                Duration.ofHours(2), Map.of()));
        return token;
    }

    private StsClient sts(RefreshableCredentialsProvider provider) {
        StsClient c = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                .credentialsProvider(provider).build();
        cleanup.add(c);
        return c;
    }

    private static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    // ------------------------------------------------------------------ threads

    static Set<Thread> tempcredsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> THREAD_PREFIXES.stream().anyMatch(p -> t.getName().startsWith(p)))
                .collect(Collectors.toSet());
    }

    /** The tempcreds threads alive now that were not alive before (other test classes may own those). */
    static List<Thread> newThreads(Set<Thread> before) {
        return tempcredsThreads().stream().filter(t -> !before.contains(t)).toList();
    }

    /** Joins each thread within one overall bound; returns the names of those still alive. */
    static List<String> awaitEnd(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_END_MILLIS);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
    }
}
