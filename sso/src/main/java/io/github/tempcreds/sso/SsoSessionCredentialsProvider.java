package io.github.tempcreds.sso;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.RefreshingProviderBuilder;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.RefreshingProviderBuilderSupport;
import io.github.tempcreds.sso.internal.SsoClients;
import io.github.tempcreds.sso.internal.SsoProfileFiles;
import io.github.tempcreds.sso.internal.SsoRoleCredentialsLoader;
import io.github.tempcreds.sso.internal.SsoSettings;
import io.github.tempcreds.sso.internal.SsoTokenManager;
import io.github.tempcreds.sso.internal.TokenCacheFile;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * Role credentials from IAM Identity Center (AWS SSO) for people and tools that log in with
 * {@code aws sso login} (or {@link SsoDeviceLogin}).
 *
 * <p>Each load reads the AWS CLI v2's token cache, {@code ~/.aws/sso/cache/<sha1>.json} (the SHA-1 of the
 * {@code sso_session} name, or of the start URL for legacy profiles), and calls the portal's
 * {@code GetRoleCredentials}. The role credentials are cached and refreshed ahead of expiry by a
 * {@link RefreshingCredentialsProvider}.
 *
 * <p>The access token is refreshed with the SSO-OIDC {@code refresh_token} grant once less than
 * {@link Builder#tokenRefreshWindow(Duration)} is left, for {@code sso_session} configurations only,
 * while the client registration ({@code registrationExpiresAt}) is valid, and at most once per
 * {@link Builder#refreshFailureThrottle(Duration)} after a failure. The new token (and the rotated
 * refresh token) is written back atomically, owner-only, in the CLI's format, under a cross-process
 * file lock; the file is re-read once the lock is held, so a token another process just refreshed is
 * used instead of refreshing again (which, with rotating refresh tokens, would log the other one out).
 *
 * <pre>{@code
 * SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder()
 *     .ssoSession("my-sso").startUrl("https://my-sso-portal.awsapps.com/start").ssoRegion("us-east-1")
 *     .accountId("111122223333").roleName("ReadOnly")
 *     .build();
 * // or from ~/.aws/config:
 * SsoSessionCredentialsProvider q = SsoSessionCredentialsProvider.builder().profileName("dev").build();
 * }</pre>
 *
 * <p>Errors: a person must act ({@code CredentialsConfigurationException}, with the exact
 * {@code aws sso login --sso-session NAME} or {@code --profile NAME} command) when there is no cached
 * token, the token expired and cannot be refreshed, the registration expired, the refresh token was
 * rejected, the portal answers 401 or 403, or the cache file is corrupt (the message names the file,
 * which is left unchanged). Network failures, throttling and 5xx are {@code CredentialsRetrievalException}.
 * No message, log line or {@code toString()} contains a token, secret or key.
 *
 * <p>Thread safety: thread-safe. {@link Builder#build()} only validates; the profile file is read
 * and the SDK clients are created on the first load.
 */
public final class SsoSessionCredentialsProvider implements RefreshableCredentialsProvider {
    private final BuilderImpl config;
    private final RefreshingCredentialsProvider engine;
    private final SsoProfileFiles.Lazy parts;

    private SsoSessionCredentialsProvider(BuilderImpl b) {
        this.config = new BuilderImpl(b);
        SsoSettings eager = b.complete() ? b.settings() : null;
        this.parts = new SsoProfileFiles.Lazy(() -> assemble(eager != null ? eager : loadProfile()));
        this.engine = b.applyTo(RefreshingCredentialsProvider.builder()
                .sourceName("sso")
                .loader(() -> parts.get().loader.load())).build();
    }

    /** A provider for a profile of the AWS config file ({@code aws.configFile}, {@code AWS_CONFIG_FILE} or {@code ~/.aws/config}). */
    public static SsoSessionCredentialsProvider create(String profileName) {
        return builder().profileName(profileName).build();
    }

    /** A builder. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder with this provider's settings; the new provider shares no cache or client with this one. */
    public Builder toBuilder() {
        return new BuilderImpl(config);
    }

    private SsoSettings loadProfile() {
        SsoSettings fromFile = SsoProfileFiles.settings(config.profileName, config.environment());
        return config.overlay(fromFile);
    }

    private SsoProfileFiles.Parts assemble(SsoSettings s) {
        TempcredsEnvironment env = config.environment();
        URI portalEndpoint = SsoClients.checkEndpoint(s.portalEndpoint() != null ? s.portalEndpoint()
                : SsoClients.endpointFromEnvironment(env, false).orElse(null), config.allowInsecureEndpoint,
                "SSO portal endpoint");
        URI oidcEndpoint = SsoClients.checkEndpoint(s.oidcEndpoint() != null ? s.oidcEndpoint()
                : SsoClients.endpointFromEnvironment(env, true).orElse(null), config.allowInsecureEndpoint,
                "SSO-OIDC endpoint");
        SsoClients clients = new SsoClients(s.region(), portalEndpoint, oidcEndpoint, config.ssoClient,
                config.oidcClient, config.loadTimeout());
        SsoTokenManager tokens = new SsoTokenManager(s, TokenCacheFile.of(env.homeDirectory(), s.cacheKeySource()),
                clients::oidc, env.clock(), config.tokenRefreshWindow, config.refreshFailureThrottle);
        return new SsoProfileFiles.Parts(s, clients, new SsoRoleCredentialsLoader(s, tokens, clients::portal));
    }

    /**
     * Role credentials, loaded or refreshed as needed.
     *
     * @throws io.github.tempcreds.core.CredentialsConfigurationException when a person must act (see the
     *         class description); the message gives the login command
     * @throws io.github.tempcreds.core.CredentialsRetrievalException when the portal, SSO-OIDC or the
     *         file system failed in a way that may pass
     * @throws io.github.tempcreds.core.CredentialsTimeoutException when the load did not finish in time
     */
    @Override
    public AwsCredentials resolveCredentials() {
        return engine.resolveCredentials();
    }

    /** Like {@link #resolveCredentials()}, without blocking the calling thread. */
    @Override
    public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest request) {
        return engine.resolveIdentity(request);
    }

    @Override
    public void invalidate(String accessKeyId) {
        engine.invalidate(accessKeyId);
    }

    @Override
    public CredentialsHealth health() {
        return engine.health();
    }

    /**
     * Stops the refresh engine's threads, drops the cached credentials and closes the SDK clients this
     * provider created (not injected ones). Idempotent. The provider stays usable: a later call loads
     * again and builds the clients again, so one provider can be shared by several SDK clients.
     */
    @Override
    public void close() {
        engine.close();
        parts.closeIfCreated();
    }

    @Override
    public String toString() {
        return "SsoSessionCredentialsProvider(" + config.describe() + ")";
    }

    /** Builder of {@link SsoSessionCredentialsProvider}. Not thread-safe. */
    public interface Builder extends RefreshingProviderBuilder<Builder> {
        /**
         * Reads {@code sso_session} (and its {@code [sso-session]} section) or the legacy
         * {@code sso_start_url}/{@code sso_region}, {@code sso_account_id} and {@code sso_role_name} from
         * this profile of the AWS config file on the first load, unless start URL, region, account id and
         * role name are all set on this builder (then the name only appears in the login command of
         * error messages). Values set on this builder win. Default: none (every setting comes from the
         * builder).
         */
        Builder profileName(String profileName);

        /**
         * The {@code sso_session} name: the token cache key, and what makes the token refreshable.
         * Default: none, which means a legacy configuration (cache key is the start URL; never refreshed).
         */
        Builder ssoSession(String ssoSession);

        /** The AWS access portal URL ({@code sso_start_url}); required unless from a profile. */
        Builder startUrl(String startUrl);

        /** The IAM Identity Center region ({@code sso_region}); required unless from a profile. */
        Builder ssoRegion(String ssoRegion);

        /** The account id ({@code sso_account_id}); required unless from a profile. */
        Builder accountId(String accountId);

        /** The permission set's role name ({@code sso_role_name}); required unless from a profile. */
        Builder roleName(String roleName);

        /** The portal client to use; default one built on first use, anonymous, in the SSO region. */
        Builder ssoClient(SsoClient ssoClient);

        /** The SSO-OIDC client to use; default one built on first use, anonymous, in the SSO region. */
        Builder oidcClient(SsoOidcClient oidcClient);

        /**
         * The portal endpoint of the clients this provider builds; default {@code aws.endpointUrlSso} /
         * {@code AWS_ENDPOINT_URL_SSO}, then {@code AWS_ENDPOINT_URL}, then the SDK's regional endpoint.
         */
        Builder portalEndpoint(URI endpoint);

        /**
         * The SSO-OIDC endpoint of the clients this provider builds; default {@code aws.endpointUrlSsoOidc}
         * / {@code AWS_ENDPOINT_URL_SSO_OIDC}, then {@code AWS_ENDPOINT_URL}, then the regional endpoint.
         */
        Builder oidcEndpoint(URI endpoint);

        /**
         * Allows a plain-HTTP endpoint that is not loopback or link-local; default false (such an
         * endpoint is refused with a configuration error).
         */
        Builder allowInsecureEndpoint(boolean allow);

        /** How long before the access token expires it is refreshed; default 15 minutes (as the AWS CLI). */
        Builder tokenRefreshWindow(Duration window);

        /** The minimum time between token refresh attempts after a failed one; default 30 seconds. */
        Builder refreshFailureThrottle(Duration throttle);

        /**
         * Builds the provider. Validates; reads no file and starts no thread.
         *
         * @throws CredentialsConfigurationException when a required setting is missing (without a
         *         profile name) or an endpoint is refused
         */
        SsoSessionCredentialsProvider build();
    }

    private static final class BuilderImpl extends RefreshingProviderBuilderSupport<Builder> implements Builder {
        private String profileName;
        private String ssoSession;
        private String startUrl;
        private String ssoRegion;
        private String accountId;
        private String roleName;
        private SsoClient ssoClient;
        private SsoOidcClient oidcClient;
        private URI portalEndpoint;
        private URI oidcEndpoint;
        private boolean allowInsecureEndpoint;
        private Duration tokenRefreshWindow = Duration.ofMinutes(15);
        private Duration refreshFailureThrottle = Duration.ofSeconds(30);

        BuilderImpl() {
            super(null, null);
        }

        BuilderImpl(BuilderImpl o) {
            super(o);
            profileName = o.profileName;
            ssoSession = o.ssoSession;
            startUrl = o.startUrl;
            ssoRegion = o.ssoRegion;
            accountId = o.accountId;
            roleName = o.roleName;
            ssoClient = o.ssoClient;
            oidcClient = o.oidcClient;
            portalEndpoint = o.portalEndpoint;
            oidcEndpoint = o.oidcEndpoint;
            allowInsecureEndpoint = o.allowInsecureEndpoint;
            tokenRefreshWindow = o.tokenRefreshWindow;
            refreshFailureThrottle = o.refreshFailureThrottle;
        }

        @Override
        public Builder profileName(String profileName) {
            this.profileName = Objects.requireNonNull(profileName, "profileName");
            return this;
        }

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
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        @Override
        public Builder roleName(String roleName) {
            this.roleName = Objects.requireNonNull(roleName, "roleName");
            return this;
        }

        @Override
        public Builder ssoClient(SsoClient ssoClient) {
            this.ssoClient = Objects.requireNonNull(ssoClient, "ssoClient");
            return this;
        }

        @Override
        public Builder oidcClient(SsoOidcClient oidcClient) {
            this.oidcClient = Objects.requireNonNull(oidcClient, "oidcClient");
            return this;
        }

        @Override
        public Builder portalEndpoint(URI endpoint) {
            this.portalEndpoint = Objects.requireNonNull(endpoint, "portalEndpoint");
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
        public Builder tokenRefreshWindow(Duration window) {
            this.tokenRefreshWindow = nonNegative(window, "tokenRefreshWindow");
            return this;
        }

        @Override
        public Builder refreshFailureThrottle(Duration throttle) {
            this.refreshFailureThrottle = nonNegative(throttle, "refreshFailureThrottle");
            return this;
        }

        @Override
        public SsoSessionCredentialsProvider build() {
            if (profileName == null) {
                settings(); // validate now
            }
            SsoClients.checkEndpoint(portalEndpoint, allowInsecureEndpoint, "portalEndpoint");
            SsoClients.checkEndpoint(oidcEndpoint, allowInsecureEndpoint, "oidcEndpoint");
            return new SsoSessionCredentialsProvider(this);
        }

        SsoSettings settings() {
            require(startUrl, "startUrl");
            require(ssoRegion, "ssoRegion");
            require(accountId, "accountId");
            require(roleName, "roleName");
            return new SsoSettings(ssoSession, startUrl, ssoRegion, accountId, roleName, profileName, portalEndpoint,
                    oidcEndpoint);
        }

        boolean complete() {
            return startUrl != null && ssoRegion != null && accountId != null && roleName != null;
        }

        SsoSettings overlay(SsoSettings p) {
            return new SsoSettings(ssoSession != null ? ssoSession : p.sessionName(),
                    startUrl != null ? startUrl : p.startUrl(), ssoRegion != null ? ssoRegion : p.region(),
                    accountId != null ? accountId : p.accountId(), roleName != null ? roleName : p.roleName(),
                    p.profileName(), portalEndpoint, oidcEndpoint);
        }

        String describe() {
            StringBuilder sb = new StringBuilder();
            if (profileName != null) {
                sb.append("profile=").append(profileName).append(", ");
            }
            if (ssoSession != null) {
                sb.append("ssoSession=").append(ssoSession).append(", ");
            }
            if (startUrl != null) {
                sb.append("startUrl=").append(startUrl).append(", ");
            }
            if (ssoRegion != null) {
                sb.append("ssoRegion=").append(ssoRegion).append(", ");
            }
            if (accountId != null) {
                sb.append("accountId=").append(accountId).append(", ");
            }
            if (roleName != null) {
                sb.append("roleName=").append(roleName).append(", ");
            }
            return sb.append("tokenRefreshWindow=").append(tokenRefreshWindow).toString();
        }

        private void require(String value, String name) {
            if (value == null) {
                throw CredentialsConfigurationException.newBuilder().source("sso").message(name
                        + " is required when no profileName is set (SsoSessionCredentialsProvider.builder()."
                        + name + "(...))").build();
            }
        }

        private static Duration nonNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
