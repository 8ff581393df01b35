package io.github.tempcreds.sso;

import java.io.IOException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/** {@link SsoSessionCredentialsProvider} against {@link FakeSso}, with the clock driven by the test. */
class SsoSessionCredentialsProviderIT {
    static final String ACCOUNT = "111122223333";
    static final String SESSION = "my-sso";
    static final String LOGIN_SESSION = "aws sso login --sso-session my-sso";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path home;
    private FakeSso sso;
    private SsoClient portal;
    private SsoOidcClient oidc;
    private final List<SsoSessionCredentialsProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start();
        sso.account(ACCOUNT, "ReadOnly");
        // One attempt per call, so the journal counts what the provider decided to send.
        portal = SsoClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
        oidc = SsoOidcClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
    }

    @AfterEach
    void stop() {
        providers.forEach(SsoSessionCredentialsProvider::close);
        portal.close();
        oidc.close();
        sso.close();
    }

    TempcredsEnvironment env() {
        return TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build();
    }

    SsoSessionCredentialsProvider.Builder builder() {
        return SsoSessionCredentialsProvider.builder().ssoSession(SESSION).startUrl(sso.startUrl())
                .ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly").ssoClient(portal).oidcClient(oidc)
                .environment(env());
    }

    SsoSessionCredentialsProvider provider() {
        return track(builder().build());
    }

    SsoSessionCredentialsProvider track(SsoSessionCredentialsProvider p) {
        providers.add(p);
        return p;
    }

    Path cacheFile() {
        return SsoTokenCacheFiles.cacheFile(home, SESSION);
    }

    TokenCacheEntry cached() throws Exception {
        return TokenCacheEntry.parse(Files.readAllBytes(cacheFile()));
    }

    @Test
    void resolve_validToken_returnsRoleCredentialsWithoutRefreshing() {
        FakeSso.Session s = sso.seedSession(Duration.ofHours(1));
        s.cacheEntry().writeTo(home, SESSION);
        AwsCredentials c = provider().resolveCredentials();
        assertThat(sso.registry().find(c.accessKeyId())).isPresent();
        assertThat(((AwsSessionCredentials) c).expirationTime()).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(((AwsSessionCredentials) c).accountId()).contains(ACCOUNT);
        assertThat(sso.journal("CreateToken")).isEmpty();
        assertThat(sso.journal("GetRoleCredentials")).hasSize(1);
    }

    @Test
    void resolve_tokenInsideRefreshWindow_refreshesAheadRotatesAndWritesBackOwnerOnly() throws Exception {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10)); // < 15 min window, still valid
        s.cacheEntry().extra("vendorField", "kept").writeTo(home, SESSION);
        provider().resolveCredentials();

        assertThat(sso.journal("CreateToken")).hasSize(1);
        TokenCacheEntry after = cached();
        assertThat(after.accessToken()).isNotEqualTo(s.accessToken());
        assertThat(after.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(after.refreshToken()).isNotEqualTo(s.refreshToken());
        assertThat(sso.refreshTokenValid(after.refreshToken())).isTrue();
        assertThat(sso.refreshTokenValid(s.refreshToken())).isFalse();
        assertThat(after.otherFields()).containsKey("vendorField");
        assertThat(sso.journal("GetRoleCredentials").get(0).header("x-amz-sso_bearer_token"))
                .contains(after.accessToken());
        if (Files.getFileStore(cacheFile()).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cacheFile()))).isEqualTo("rw-------");
        }
        try (var files = Files.list(cacheFile().getParent())) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void resolve_writeBackFails_keepsTheRotatedRefreshTokenAndWritesItLater() throws Exception {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10));
        s.cacheEntry().writeTo(home, SESSION);
        byte[] original = Files.readAllBytes(cacheFile());
        // When CreateToken arrives, the cache file becomes a directory: the write-back after it fails (as on a
        // full disk or a read-only directory; tests run as root, so permissions cannot make it fail).
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        sso.inject(Fault.latency(Duration.ofMillis(1)).onOperation("CreateToken").when(r -> {
            if (!once.compareAndSet(false, true)) {
                return false;
            }
            try {
                Files.delete(cacheFile());
                Files.createDirectories(cacheFile().resolve("blocker"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return false;
        }));
        SsoSessionCredentialsProvider p = provider();
        assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
        assertThat(sso.journal("CreateToken")).hasSize(1);
        assertThat(sso.refreshTokenValid(s.refreshToken())).as("the seeded refresh token is spent").isFalse();

        // The directory goes away and the old file comes back, as if the write had never happened.
        Files.delete(cacheFile().resolve("blocker"));
        Files.delete(cacheFile());
        Files.write(cacheFile(), original);
        clock.advance(Duration.ofMinutes(61)); // token and role credentials expired: the next call refreshes

        assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
        assertThat(sso.journal("CreateToken")).hasSize(2);
        TokenCacheEntry after = cached();
        assertThat(after.accessToken()).isNotEqualTo(s.accessToken());
        assertThat(sso.refreshTokenValid(after.refreshToken())).as("the file now holds the newest refresh token")
                .isTrue();
    }

    @Test
    void resolve_overSeveralHours_keepsRefreshingWithEachRotatedToken() throws Exception {
        sso.seedSession(Duration.ofMinutes(10)).cacheEntry().writeTo(home, SESSION);
        SsoSessionCredentialsProvider p = provider();
        for (int hour = 0; hour < 4; hour++) {
            assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
            clock.advance(Duration.ofMinutes(61)); // role credentials and token both expired: a synchronous load
        }
        assertThat(sso.journal("CreateToken")).hasSize(4);
        assertThat(sso.refreshTokenValid(cached().refreshToken())).isTrue();
    }

    @Test
    void resolve_registrationExpired_usesValidTokenButErrorsOnceItExpires() throws Exception {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10));
        s.cacheEntry().registrationExpiresAt(clock.instant().minusSeconds(1)).writeTo(home, SESSION);
        assertThat(provider().resolveCredentials()).isNotNull();
        assertThat(sso.journal("CreateToken")).isEmpty();

        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("client registration for sso-session 'my-sso' expired")
                .hasMessageContaining(LOGIN_SESSION);
        assertThat(sso.journal("CreateToken")).isEmpty();
    }

    @Test
    void resolve_refreshFails_throttlesAttemptsPerSession() throws Exception {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10));
        s.cacheEntry().writeTo(home, SESSION);
        clock.advance(Duration.ofMinutes(11)); // token expired
        sso.inject(Fault.status(500).onOperation("CreateToken"));
        SsoSessionCredentialsProvider p = provider();
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("Refreshing the SSO token for sso-session 'my-sso' failed");
        assertThat(sso.journal("CreateToken")).hasSize(1);

        clock.advance(Duration.ofSeconds(10)); // past the engine's backoff, inside the 30 s throttle
        assertThatThrownBy(p::resolveCredentials).isInstanceOfSatisfying(CredentialsRetrievalException.class,
                e -> assertThat(e.getMessage()).contains("throttled"));
        assertThat(sso.journal("CreateToken")).hasSize(1);

        sso.clearFaults();
        clock.advance(Duration.ofSeconds(21));
        assertThat(p.resolveCredentials()).isNotNull();
        assertThat(sso.journal("CreateToken")).hasSize(2);
        assertThat(cached().accessToken()).isNotEqualTo(s.accessToken());
    }

    @Test
    void resolve_refreshFailsWhileTokenStillValid_usesTheOldToken() {
        sso.seedSession(Duration.ofMinutes(10)).cacheEntry().writeTo(home, SESSION);
        sso.inject(Fault.status(503).onOperation("CreateToken"));
        assertThat(provider().resolveCredentials()).isNotNull();
        assertThat(sso.journal("CreateToken")).hasSize(1);
    }

    @Test
    void resolve_refreshTokenRejected_isConfigurationErrorWithLoginCommand() throws Exception {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(5));
        s.cacheEntry().writeTo(home, SESSION);
        // Someone else used (and so rotated away) the refresh token without writing the file.
        oidc.createToken(b -> b.grantType("refresh_token").clientId(s.clientId()).clientSecret(s.clientSecret())
                .refreshToken(s.refreshToken()));
        clock.advance(Duration.ofMinutes(6));
        byte[] before = Files.readAllBytes(cacheFile());
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("SSO-OIDC rejected the refresh").hasMessageContaining("InvalidGrantException")
                .hasMessageContaining(LOGIN_SESSION);
        assertThat(Files.readAllBytes(cacheFile())).isEqualTo(before);
    }

    @Test
    void resolve_noCachedToken_namesTheFileAndTheCommand() {
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("No cached SSO token for sso-session 'my-sso'")
                .hasMessageContaining(cacheFile().getFileName().toString())
                .hasMessageContaining(LOGIN_SESSION);
    }

    @Test
    void resolve_expiredWithoutRefreshToken_isNotRefreshable() {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(5));
        s.cacheEntry().refreshToken(null).writeTo(home, SESSION);
        clock.advance(Duration.ofMinutes(6));
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("cannot be refreshed: the cache file has no refresh token")
                .hasMessageContaining(LOGIN_SESSION);
        assertThat(sso.journal("CreateToken")).isEmpty();
    }

    @Test
    void resolve_legacyConfiguration_isNeverRefreshedAndNamesTheProfile() {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10));
        s.cacheEntry().writeTo(home, sso.startUrl()); // legacy key: sha1 of the start URL
        SsoSessionCredentialsProvider p = track(SsoSessionCredentialsProvider.builder().profileName("dev")
                .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly")
                .ssoClient(portal).oidcClient(oidc).environment(env()).build());
        assertThat(p.resolveCredentials()).isNotNull();
        assertThat(sso.journal("CreateToken")).isEmpty();
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> track(p.toBuilder().build()).resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("legacy profiles").hasMessageContaining("aws sso login --profile dev");
        assertThat(sso.journal("CreateToken")).isEmpty();
    }

    @Test
    void resolve_portal401_isConfigurationErrorWithLoginCommand() {
        sso.seedSession().cacheEntry().writeTo(home, SESSION);
        sso.inject(Fault.status(401).onOperation("GetRoleCredentials"));
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("has expired or is otherwise invalid").hasMessageContaining(LOGIN_SESSION);
    }

    @Test
    void resolve_roleNotAssigned_isForbiddenConfigurationError() {
        sso.seedSession().cacheEntry().writeTo(home, SESSION);
        assertThatThrownBy(() -> track(builder().roleName("Admin").build()).resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("no access to role Admin in account " + ACCOUNT);
    }

    @Test
    void resolve_portalThrottled_isRetrievalError() {
        sso.seedSession().cacheEntry().writeTo(home, SESSION);
        sso.inject(Fault.throttle().onOperation("GetRoleCredentials"));
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class).hasMessageContaining("TooManyRequestsException");
    }

    @Test
    void resolve_corruptCacheFile_namesTheFileAndNeverOverwritesIt() throws Exception {
        Files.createDirectories(cacheFile().getParent());
        byte[] corrupt = "{\"accessToken\": \"aoaTESTSECRET\", \"expiresAt\": ".getBytes();
        Files.write(cacheFile(), corrupt);
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(cacheFile().toString()).hasMessageContaining("is not valid JSON")
                .hasMessageContaining("left unchanged")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("aoaTESTSECRET"));
        assertThat(Files.readAllBytes(cacheFile())).isEqualTo(corrupt);
        assertThat(sso.journal()).isEmpty();
    }

    @Test
    void resolve_cacheFileIsDevZeroOrDirectory_typedErrorNamingTheFile() throws Exception {
        Files.createDirectories(cacheFile().getParent());
        Files.createSymbolicLink(cacheFile(), Path.of("/dev/zero"));
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining(cacheFile().toString()).hasMessageContaining("not a regular file");
        Files.delete(cacheFile());
        Files.createDirectory(cacheFile());
        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining(cacheFile().toString()).hasMessageContaining("directory");
        assertThat(sso.journal()).isEmpty();
    }

    @Test
    void resolve_twoProvidersOfOneSessionConcurrently_refreshOnce() throws Exception {
        sso.account(ACCOUNT, "Admin");
        sso.seedSession(Duration.ofMinutes(5)).cacheEntry().writeTo(home, SESSION);
        clock.advance(Duration.ofMinutes(6));
        sso.inject(Fault.latency(Duration.ofMillis(300)).onOperation("CreateToken"));
        List<SsoSessionCredentialsProvider> ps = List.of(provider(), track(builder().roleName("Admin").build()),
                provider());
        ExecutorService pool = Executors.newFixedThreadPool(ps.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AwsCredentials>> results = new ArrayList<>();
            for (SsoSessionCredentialsProvider p : ps) {
                results.add(pool.submit(() -> {
                    go.await();
                    return p.resolveCredentials();
                }));
            }
            go.countDown();
            for (Future<AwsCredentials> f : results) {
                assertThat(sso.registry().find(f.get(30, TimeUnit.SECONDS).accessKeyId())).isPresent();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sso.journal("CreateToken")).hasSize(1);
        assertThat(sso.refreshTokenValid(cached().refreshToken())).isTrue();
    }

    @Test
    void build_insecureEndpoint_isRefusedUnlessAllowed() {
        assertThatThrownBy(() -> builder().portalEndpoint(java.net.URI.create("http://sso.example.com/")).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("clear text");
        assertThat(builder().portalEndpoint(java.net.URI.create("http://sso.example.com/"))
                .allowInsecureEndpoint(true).build()).isNotNull();
        assertThat(builder().portalEndpoint(java.net.URI.create("http://127.0.0.1:1/")).build()).isNotNull();
    }

    @Test
    void build_missingSetting_namesIt() {
        assertThatThrownBy(() -> SsoSessionCredentialsProvider.builder().startUrl("https://x").ssoRegion("us-east-1")
                .accountId(ACCOUNT).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("roleName is required");
    }

    @Test
    void endpointsFromEnvironment_buildOwnClientsThatReachTheFake() throws Exception {
        sso.seedSession(Duration.ofMinutes(5)).cacheEntry().writeTo(home, SESSION);
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                .env("AWS_ENDPOINT_URL_SSO", sso.url()).property("aws.endpointUrlSsoOidc", sso.url()).build();
        SsoSessionCredentialsProvider p = track(SsoSessionCredentialsProvider.builder().ssoSession(SESSION)
                .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly")
                .environment(env).build());
        String before = p.resolveCredentials().accessKeyId();
        assertThat(sso.registry().find(before)).isPresent();
        assertThat(sso.journal("CreateToken")).hasSize(1);
        p.close(); // closes the clients it built; the next call builds them again and loads anew
        String after = p.resolveCredentials().accessKeyId();
        assertThat(sso.registry().find(after)).isPresent();
        assertThat(after).isNotEqualTo(before);
        assertThat(sso.journal("GetRoleCredentials")).hasSize(2);
    }

    @Test
    void toString_listsSettingsButNoSecret() {
        FakeSso.Session s = sso.seedSession();
        s.cacheEntry().writeTo(home, SESSION);
        SsoSessionCredentialsProvider p = provider();
        AwsSessionCredentials c = (AwsSessionCredentials) p.resolveCredentials();
        assertThat(p.toString()).contains("ssoSession=my-sso", "accountId=" + ACCOUNT, "roleName=ReadOnly")
                .doesNotContain(s.accessToken(), s.refreshToken(), s.clientSecret(), c.secretAccessKey(),
                        c.sessionToken());
    }
}
