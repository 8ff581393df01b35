package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SsoDeviceLogin} against {@link FakeSso}; the sleeper moves the test's clock instead of sleeping. */
class SsoDeviceLoginIT {
    private static final String ACCOUNT = "111122223333";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path home;
    private FakeSso sso;

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start().account(ACCOUNT, "ReadOnly");
    }

    @AfterEach
    void stop() {
        sso.close();
    }

    private SsoDeviceLogin.Builder login() {
        return SsoDeviceLogin.builder().ssoSession("my-sso").startUrl(sso.startUrl()).ssoRegion("us-east-1")
                .oidcEndpoint(sso.uri())
                .environment(TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build());
    }

    @Test
    void login_pendingThenSlowDownThenApproved_writesARefreshableCacheFileTheProviderUses() throws Exception {
        List<Duration> sleeps = new ArrayList<>();
        AtomicReference<SsoDeviceAuthorization> shown = new AtomicReference<>();
        SsoLoginResult r = login().sleeper(d -> {
            sleeps.add(d);
            if (sleeps.size() != 2) {
                clock.advance(d); // the second wait is cut short: the fake answers slow_down
            }
            if (sleeps.size() == 3) {
                sso.approveDevice(shown.get().userCode());
            }
        }).build().login(shown::set);

        assertThat(shown.get().verificationUriComplete()).contains(shown.get().userCode());
        assertThat(shown.get().expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(6));
        assertThat(sso.journal("CreateToken")).hasSize(3);
        assertThat(r.cacheFile()).isEqualTo(SsoTokenCacheFiles.cacheFile(home, "my-sso").toAbsolutePath());
        assertThat(r.refreshable()).isTrue();
        assertThat(r.registrationExpiresAt()).contains(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(90)));

        TokenCacheEntry e = TokenCacheEntry.parse(Files.readAllBytes(r.cacheFile()));
        assertThat(e.startUrl()).isEqualTo(sso.startUrl());
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(e.hasRefreshMaterial()).isTrue();
        assertThat(sso.accessTokenValid(e.accessToken())).isTrue();
        assertThat(r.toString()).doesNotContain(e.accessToken(), e.refreshToken(), e.clientSecret());

        try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().ssoSession("my-sso")
                .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly")
                .portalEndpoint(sso.uri()).oidcEndpoint(sso.uri())
                .environment(TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build()).build()) {
            assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
        }
    }

    @Test
    void login_denied_isConfigurationError() {
        assertThatThrownBy(() -> login().sleeper(clock::advance).build().login(a -> sso.denyDevice(a.userCode())))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("was denied");
        assertThat(Files.exists(SsoTokenCacheFiles.cacheFile(home, "my-sso"))).isFalse();
    }

    @Test
    void login_notApprovedInTime_expiresWithConfigurationError() {
        assertThatThrownBy(() -> login().sleeper(d -> clock.advance(Duration.ofMinutes(4))).build().login(a -> { }))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("expired at 2026-01-01T00:10:00Z before it was approved");
        assertThat(sso.journal("CreateToken")).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void login_interrupted_stopsPolling() {
        assertThatThrownBy(() -> login().sleeper(d -> {
            throw new InterruptedException();
        }).build().login(a -> { })).isInstanceOf(InterruptedException.class);
        assertThat(sso.journal("CreateToken")).isEmpty();
    }

    @Test
    void login_unknownStartUrl_isConfigurationError() {
        assertThatThrownBy(() -> login().startUrl("https://other.awsapps.com/start").sleeper(clock::advance).build()
                .login(a -> { }))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("InvalidRequestException");
    }

    @Test
    void login_serviceDown_isRetrievalError() {
        sso.inject(io.github.tempcreds.testkit.Fault.status(500));
        assertThatThrownBy(() -> login().oidcClient(software.amazon.awssdk.services.ssooidc.SsoOidcClient.builder()
                .endpointOverride(sso.uri()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build())
                .sleeper(clock::advance).build().login(a -> { }))
                .isInstanceOf(io.github.tempcreds.core.CredentialsRetrievalException.class);
    }

    @Test
    void build_withoutStartUrl_isConfigurationError() {
        assertThatThrownBy(() -> SsoDeviceLogin.builder().ssoRegion("us-east-1").build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("startUrl");
    }

    @Test
    void login_oidcConnectionRefused_saysItCouldNotConnect() throws Exception {
        java.net.URI closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        java.net.URI endpoint = closed;

        assertThatThrownBy(() -> login().oidcEndpoint(endpoint).sleeper(d -> { }).build().login(a -> { }))
                .isInstanceOf(io.github.tempcreds.core.CredentialsRetrievalException.class)
                .hasMessageContaining("SSO device login for")
                .hasMessageContaining("could not connect to SSO-OIDC at " + endpoint)
                .hasMessageContaining("Connection refused");
    }
}
