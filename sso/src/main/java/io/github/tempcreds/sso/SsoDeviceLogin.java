package io.github.tempcreds.sso;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.internal.SsoClientFailure;
import io.github.tempcreds.sso.internal.SsoClients;
import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.sso.internal.TokenCacheFile;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.SsoOidcException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/**
 * Logs a person in to IAM Identity Center with the OAuth device authorization flow and writes the
 * token cache file that {@code aws sso login} would, so an application can log someone in without the
 * AWS CLI; {@link SsoSessionCredentialsProvider} and the AWS CLI then use (and refresh) that token.
 *
 * <pre>{@code
 * SsoLoginResult r = SsoDeviceLogin.builder()
 *     .ssoSession("my-sso").startUrl("https://my-sso-portal.awsapps.com/start").ssoRegion("us-east-1")
 *     .build()
 *     .login(auth -> System.out.println("Open " + auth.verificationUriComplete()
 *             + " and confirm the code " + auth.userCode()));
 * }</pre>
 *
 * <p>Steps: {@code RegisterClient} (a public client with the {@code sso:account:access} scope),
 * {@code StartDeviceAuthorization}, the callback, then {@code CreateToken} with the device-code grant
 * every {@code interval} seconds: {@code authorization_pending} keeps polling, {@code slow_down} adds
 * 5 seconds to the interval, expiry or denial ends the login with an error. The waiting goes through
 * {@link Builder#sleeper(Sleeper)}, so tests need not sleep. The cache file is written atomically,
 * owner-only, under the same lock as the provider's refreshes.
 *
 * <p>Thread safety: an instance may be used by one login at a time per session.
 */
public final class SsoDeviceLogin {
    /** Waits between polls; the default is {@link Thread#sleep(long)}. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String ssoSession;
    private final String startUrl;
    private final String ssoRegion;
    private final SsoOidcClient userClient;
    private final URI oidcEndpoint;
    private final boolean allowInsecureEndpoint;
    private final TempcredsEnvironment environment;
    private final Sleeper sleeper;
    private final String clientName;
    private final List<String> scopes;

    private SsoDeviceLogin(BuilderImpl b) {
        this.ssoSession = b.ssoSession;
        this.startUrl = b.startUrl;
        this.ssoRegion = b.ssoRegion;
        this.userClient = b.oidcClient;
        this.oidcEndpoint = b.oidcEndpoint;
        this.allowInsecureEndpoint = b.allowInsecureEndpoint;
        this.environment = b.environment;
        this.sleeper = b.sleeper;
        this.clientName = b.clientName != null ? b.clientName
                : "tempcreds-" + (b.ssoSession != null ? b.ssoSession : "legacy");
        this.scopes = List.copyOf(b.scopes);
    }

    /** A builder. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * Runs the device flow to the end and writes the token cache file.
     *
     * @param onAuthorization called once with what the person must open and confirm; it must not block
     *        until approval (the polling does the waiting)
     * @return where the token was written and until when it is valid
     * @throws CredentialsConfigurationException when the person denied the request or did not approve
     *         it before it expired, or the service refused the client or start URL
     * @throws CredentialsRetrievalException when SSO-OIDC or the file system failed
     * @throws InterruptedException when interrupted while waiting between polls
     */
    public SsoLoginResult login(Consumer<SsoDeviceAuthorization> onAuthorization) throws InterruptedException {
        Objects.requireNonNull(onAuthorization, "onAuthorization");
        URI endpoint = SsoClients.checkEndpoint(oidcEndpoint != null ? oidcEndpoint
                : SsoClients.endpointFromEnvironment(environment, true).orElse(null), allowInsecureEndpoint,
                "SSO-OIDC endpoint");
        try (SsoClients clients = new SsoClients(ssoRegion, null, endpoint, null, userClient)) {
            return run(clients.oidc(), onAuthorization);
        } catch (SsoOidcException e) {
            if (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429 && !e.isThrottlingException()) {
                String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
                throw CredentialsConfigurationException.newBuilder().source("sso").cause(e).message("SSO-OIDC refused "
                        + "the device login for " + label() + " (" + code + "); check the start URL and region.").build();
            }
            throw CredentialsRetrievalException.newBuilder().source("sso").cause(e).message(
                    "SSO device login for " + label() + " failed: HTTP " + e.statusCode()).build();
        } catch (SdkException e) {
            if (e instanceof io.github.tempcreds.core.CredentialsException) {
                throw e;
            }
            String what = e instanceof SdkClientException ? SsoClientFailure.of((SdkClientException) e, "SSO-OIDC",
                    "the device login", endpoint != null ? endpoint.toString()
                            : "https://oidc." + ssoRegion + ".amazonaws.com").text() : e.getClass().getSimpleName();
            throw CredentialsRetrievalException.newBuilder().source("sso").cause(e).message(
                    "SSO device login for " + label() + " failed: " + what).build();
        }
    }

    private SsoLoginResult run(SsoOidcClient oidc, Consumer<SsoDeviceAuthorization> callback)
            throws InterruptedException {
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName(clientName).clientType("public")
                .scopes(scopes));
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(startUrl));
        Instant deadline = environment.clock().instant().plusSeconds(
                device.expiresIn() == null ? 600 : device.expiresIn());
        callback.accept(new SsoDeviceAuthorization(device.verificationUri(), device.verificationUriComplete(),
                device.userCode(), deadline));
        Duration interval = Duration.ofSeconds(device.interval() == null || device.interval() <= 0 ? 5
                : device.interval());
        CreateTokenResponse token = null;
        while (token == null) {
            if (!environment.clock().instant().isBefore(deadline)) {
                throw expired(deadline);
            }
            sleeper.sleep(interval);
            try {
                token = oidc.createToken(b -> b.grantType("urn:ietf:params:oauth:grant-type:device_code")
                        .clientId(client.clientId()).clientSecret(client.clientSecret())
                        .deviceCode(device.deviceCode()));
            } catch (AuthorizationPendingException e) {
                // keep polling
            } catch (SlowDownException e) {
                interval = interval.plusSeconds(5);
            } catch (ExpiredTokenException e) {
                throw expired(deadline);
            } catch (AccessDeniedException e) {
                throw CredentialsConfigurationException.newBuilder().source("sso").cause(e).message(
                        "The SSO device login for " + label() + " was denied. Start it again to retry.").build();
            }
        }
        Instant now = environment.clock().instant();
        Instant expiresAt = now.plusSeconds(token.expiresIn() == null ? 0 : token.expiresIn());
        Instant registrationExpiresAt = client.clientSecretExpiresAt() == null ? null
                : Instant.ofEpochSecond(client.clientSecretExpiresAt());
        TokenCacheEntry entry = TokenCacheEntry.of(startUrl, ssoRegion, token.accessToken(), expiresAt,
                client.clientId(), client.clientSecret(), registrationExpiresAt, token.refreshToken());
        TokenCacheFile file = TokenCacheFile.of(environment.homeDirectory(), ssoSession != null ? ssoSession : startUrl);
        try {
            file.withLock(() -> {
                file.write(entry);
                return null;
            });
        } catch (IOException e) {
            throw CredentialsRetrievalException.newBuilder().source("sso").cause(e)
                    .message("Cannot write the SSO token cache file " + file + ": " + e).build();
        }
        return new SsoLoginResult(file.path(), expiresAt, registrationExpiresAt, token.refreshToken() != null);
    }

    private CredentialsConfigurationException expired(Instant deadline) {
        return CredentialsConfigurationException.newBuilder().source("sso").expiredAt(deadline).message(
                "The SSO device authorization for " + label() + " expired at " + deadline
                        + " before it was approved. Start the login again.").build();
    }

    private String label() {
        return ssoSession != null ? "sso-session '" + ssoSession + "'" : "start URL " + startUrl;
    }

    @Override
    public String toString() {
        return "SsoDeviceLogin(" + label() + ", ssoRegion=" + ssoRegion + ", clientName=" + clientName + ")";
    }

    /** Builder of {@link SsoDeviceLogin}. Not thread-safe. */
    public interface Builder {
        /**
         * The {@code sso_session} name (the cache key); default none, which writes a legacy entry keyed by
         * the start URL.
         */
        Builder ssoSession(String ssoSession);

        /** The AWS access portal URL; required. */
        Builder startUrl(String startUrl);

        /** The IAM Identity Center region; required. */
        Builder ssoRegion(String ssoRegion);

        /** The SSO-OIDC client; default one built for the login (anonymous, in the SSO region) and closed after. */
        Builder oidcClient(SsoOidcClient oidcClient);

        /** The SSO-OIDC endpoint of the client built here; default from the environment, then regional. */
        Builder oidcEndpoint(URI endpoint);

        /** Allows a plain-HTTP endpoint that is not loopback or link-local; default false. */
        Builder allowInsecureEndpoint(boolean allow);

        /** Clock and home directory; default {@link TempcredsEnvironment#system()}. */
        Builder environment(TempcredsEnvironment environment);

        /** How to wait between polls; default {@link Thread#sleep(long)}. */
        Builder sleeper(Sleeper sleeper);

        /** The registered client's name; default {@code tempcreds-<session>}. */
        Builder clientName(String clientName);

        /** The scopes to register; default {@code sso:account:access}. */
        Builder scopes(List<String> scopes);

        /**
         * Builds the login. Does no I/O.
         *
         * @throws CredentialsConfigurationException when the start URL or region is missing
         */
        SsoDeviceLogin build();
    }

    private static final class BuilderImpl implements Builder {
        private String ssoSession;
        private String startUrl;
        private String ssoRegion;
        private SsoOidcClient oidcClient;
        private URI oidcEndpoint;
        private boolean allowInsecureEndpoint;
        private TempcredsEnvironment environment = TempcredsEnvironment.system();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private String clientName;
        private List<String> scopes = List.of("sso:account:access");

        @Override
        public Builder ssoSession(String ssoSession) {
            this.ssoSession = Objects.requireNonNull(ssoSession, "ssoSession");
            return this;
        }

        @Override
        public Builder startUrl(String startUrl) {
            this.startUrl = Objects.requireNonNull(startUrl, "startUrl");
            return this;
        }

        @Override
        public Builder ssoRegion(String ssoRegion) {
            this.ssoRegion = Objects.requireNonNull(ssoRegion, "ssoRegion");
            return this;
        }

        @Override
        public Builder oidcClient(SsoOidcClient oidcClient) {
            this.oidcClient = Objects.requireNonNull(oidcClient, "oidcClient");
            return this;
        }

        @Override
        public Builder oidcEndpoint(URI endpoint) {
            this.oidcEndpoint = Objects.requireNonNull(endpoint, "oidcEndpoint");
            return this;
        }

        @Override
        public Builder allowInsecureEndpoint(boolean allow) {
            this.allowInsecureEndpoint = allow;
            return this;
        }

        @Override
        public Builder environment(TempcredsEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        @Override
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        @Override
        public Builder clientName(String clientName) {
            this.clientName = Objects.requireNonNull(clientName, "clientName");
            return this;
        }

        @Override
        public Builder scopes(List<String> scopes) {
            this.scopes = List.copyOf(scopes);
            return this;
        }

        @Override
        public SsoDeviceLogin build() {
            if (startUrl == null || ssoRegion == null) {
                throw CredentialsConfigurationException.newBuilder().source("sso")
                        .message("SsoDeviceLogin needs startUrl and ssoRegion").build();
            }
            SsoClients.checkEndpoint(oidcEndpoint, allowInsecureEndpoint, "oidcEndpoint");
            return new SsoDeviceLogin(this);
        }
    }
}
