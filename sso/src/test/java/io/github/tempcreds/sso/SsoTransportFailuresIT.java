package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * Transport failures of {@code GetRoleCredentials} and of the token refresh ({@code CreateToken}): the error
 * must say what happened (no connection, no answer in time, an unparseable answer, a broken connection) and
 * never carry a token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SsoTransportFailuresIT {
    static final String ACCOUNT = "111122223333";
    static final String SESSION = "my-sso";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path home;
    private FakeSso sso;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start();
        sso.account(ACCOUNT, "ReadOnly");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        sso.close();
    }

    /** One attempt per call; short timeouts so a hang ends quickly. */
    private static void config(ClientOverrideConfiguration.Builder c) {
        c.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(Duration.ofMillis(1500));
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private SsoClient portal(URI endpoint) {
        return track(SsoClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(SsoTransportFailuresIT::config).build());
    }

    private SsoOidcClient oidc(URI endpoint) {
        return track(SsoOidcClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(SsoTransportFailuresIT::config).build());
    }

    private SsoSessionCredentialsProvider provider(URI portalEndpoint, URI oidcEndpoint) {
        return track(SsoSessionCredentialsProvider.builder().ssoSession(SESSION).startUrl(sso.startUrl())
                .ssoRegion("us-east-1").accountId(ACCOUNT).roleName("ReadOnly").ssoClient(portal(portalEndpoint))
                .oidcClient(oidc(oidcEndpoint)).environment(TempcredsEnvironment.builder().clock(clock)
                        .homeDirectory(home).build()).build());
    }

    private SsoSessionCredentialsProvider provider() {
        return provider(sso.uri(), sso.uri());
    }

    /** A loopback port nothing listens on. */
    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    /** Seeds a valid token (or one that must be refreshed) and returns the secrets that must not leak. */
    private List<String> seed(Duration tokenLifetime) {
        FakeSso.Session s = sso.seedSession(tokenLifetime);
        s.cacheEntry().writeTo(home, SESSION);
        return List.of(s.accessToken(), s.refreshToken(), s.clientSecret());
    }

    private static void noSecret(Throwable e, List<String> secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
        }
    }

    @Test
    void resolve_portalConnectionRefused_saysItCouldNotConnectToThePortal() throws Exception {
        List<String> secrets = seed(Duration.ofHours(1));
        URI closed = closedPort();

        assertThatThrownBy(() -> provider(closed, sso.uri()).resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("GetRoleCredentials for role ReadOnly in account " + ACCOUNT)
                .hasMessageContaining("could not connect to the SSO portal at " + closed)
                .hasMessageContaining("Connection refused")
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_portalConnectionReset_includesTheSdkMessage() {
        List<String> secrets = seed(Duration.ofHours(1));
        sso.inject(Fault.connectionReset().onOperation("GetRoleCredentials"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("the call to the SSO portal at " + sso.uri() + " failed (")
                .hasMessageContaining("Unable to execute HTTP request")
                .hasMessageNotContaining("(SdkClientException)")
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_portalMalformedAnswer_saysItCouldNotBeParsed() {
        List<String> secrets = seed(Duration.ofHours(1));
        sso.inject(Fault.malformedBody().onOperation("GetRoleCredentials"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("the SSO portal's answer could not be parsed")
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_portalHangs_isTimeoutError() {
        List<String> secrets = seed(Duration.ofHours(1));
        sso.inject(Fault.hang().onOperation("GetRoleCredentials"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsTimeoutException.class)
                .hasMessageContaining("the SSO portal at " + sso.uri() + " did not answer GetRoleCredentials in time")
                .satisfies(e -> noSecret(e, secrets));
        sso.clearFaults();
    }

    @Test
    void resolve_refreshConnectionRefused_saysItCouldNotConnectToSsoOidc() throws Exception {
        List<String> secrets = seed(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11)); // the token expired: only a refresh helps
        URI closed = closedPort();

        assertThatThrownBy(() -> provider(sso.uri(), closed).resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("Refreshing the SSO token for sso-session 'my-sso' failed")
                .hasMessageContaining("could not connect to SSO-OIDC at " + closed)
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_refreshConnectionReset_includesTheSdkMessage() {
        List<String> secrets = seed(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));
        sso.inject(Fault.connectionReset().onOperation("CreateToken"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("the call to SSO-OIDC at " + sso.uri() + " failed (")
                .hasMessageContaining("Unable to execute HTTP request")
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_refreshMalformedAnswer_saysItCouldNotBeParsed() {
        List<String> secrets = seed(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));
        sso.inject(Fault.malformedBody().onOperation("CreateToken"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsRetrievalException.class)
                .hasMessageContaining("SSO-OIDC's answer could not be parsed")
                .satisfies(e -> noSecret(e, secrets));
    }

    @Test
    void resolve_refreshHangs_saysItTimedOut() {
        List<String> secrets = seed(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(11));
        sso.inject(Fault.hang().onOperation("CreateToken"));

        assertThatThrownBy(() -> provider().resolveCredentials())
                .isInstanceOf(CredentialsException.class)
                .hasMessageContaining("SSO-OIDC at " + sso.uri() + " did not answer CreateToken in time")
                .satisfies(e -> noSecret(e, secrets));
        sso.clearFaults();
    }
}
