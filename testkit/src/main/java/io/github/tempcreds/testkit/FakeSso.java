package io.github.tempcreds.testkit;

import io.github.tempcreds.testkit.internal.sso.SsoDirectory;
import io.github.tempcreds.testkit.internal.sso.SsoProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A fake IAM Identity Center: the SSO portal ({@code GetRoleCredentials}, {@code ListAccounts},
 * {@code ListAccountRoles}, {@code Logout}) and SSO-OIDC ({@code RegisterClient},
 * {@code StartDeviceAuthorization}, {@code CreateToken} with the device-code, refresh-token and
 * authorization-code grants)
 * on one loopback port. Their paths do not clash, so {@link #url()} serves as the endpoint of both the
 * SDK's {@code SsoClient} and {@code SsoOidcClient} ({@link #portalUrl()} and {@link #oidcUrl()} return
 * the same URL, for readability).
 *
 * <pre>{@code
 * try (FakeSso sso = FakeSso.builder().clock(clock).build().start()) {
 *     sso.account("111122223333", "ReadOnly");
 *     FakeSso.Session s = sso.seedSession();
 *     s.cacheEntry().writeTo(home, "my-sso");          // what `aws sso login` would leave behind
 *     ... point the client at sso.url() ...
 *     assertThat(sso.journal("CreateToken")).hasSize(1);
 * }
 * }</pre>
 *
 * <p>Stateful like the real service, by the fake's clock: access tokens expire after
 * {@link Builder#accessTokenTtl(Duration)}; refresh tokens rotate (the old one is then refused with
 * {@code InvalidGrantException}); client registrations expire ({@code clientSecretExpiresAt}); device
 * authorizations expire, answer {@code authorization_pending} until a test calls
 * {@link #approveDevice(String)}, and {@code slow_down} (adding 5 s to the interval) when polled again
 * sooner than the interval. Role credentials are issued through the {@link CredentialRegistry} as
 * {@link IssuedCredentials.Kind#ROLE_SESSION}, with {@code expiration} in epoch milliseconds.
 *
 * <p>Errors have the real shapes: the portal sends {@code x-amzn-ErrorType: <Name>} and
 * {@code {"message","__type"}} (401 {@code UnauthorizedException}, 403 {@code ForbiddenException}
 * "No access", 429 {@code TooManyRequestsException}); SSO-OIDC sends
 * {@code x-amzn-ErrorType: <Name>:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/} and
 * {@code {"error","error_description"}}.
 *
 * <p>Opening {@code verificationUriComplete} ({@code GET /device?user_code=…}) approves the device
 * authorization, so a person or a browser-driving test can complete a login against the fake. The AWS
 * CLI's PKCE login works too: {@code GET /authorize} approves at once and redirects to
 * {@code redirect_uri?code=…&state=…}, and {@code CreateToken} with the {@code authorization_code} grant
 * checks the S256 code verifier.
 *
 * <p>Thread-safe.
 */
public final class FakeSso extends AbstractFake<FakeSso> {
    /** The start URL a fake instance answers for unless configured otherwise. */
    public static final String DEFAULT_START_URL = "https://tempcreds-fake.awsapps.com/start";


    private final SsoDirectory directory;
    private final SsoProtocol protocol;
    private final CredentialRegistry registry;
    private final String region;

    private FakeSso(BuilderImpl b) {
        super(b.clock, "127.0.0.1", b.port);
        this.registry = b.registry;
        this.region = b.region;
        this.directory = new SsoDirectory(b.clock, b.registry, b.settings);
        this.protocol = new SsoProtocol(directory, this::url);
    }

    /** A builder with defaults: a clock frozen at now, a new registry, port 0. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The portal endpoint (same as {@link #url()}). */
    public String portalUrl() {
        return url();
    }

    /** The SSO-OIDC endpoint (same as {@link #url()}). */
    public String oidcUrl() {
        return url();
    }

    /** The start URL this instance answers for. */
    public String startUrl() {
        return directory.settings().startUrl;
    }

    /** The region written into cache entries. */
    public String region() {
        return region;
    }

    /** The registry through which role credentials are issued. */
    public CredentialRegistry registry() {
        return registry;
    }

    /**
     * Assigns roles in an account to every login without assignments of its own (logins from the
     * device flow and seeded sessions that were not given any).
     *
     * @return this fake
     */
    public FakeSso account(String accountId, String... roleNames) {
        directory.assignDefault(requireAccount(accountId), List.of(roleNames));
        return this;
    }

    /**
     * Creates a client registration, a login, and an access token with a refresh token, as a finished
     * {@code aws sso login} would, with the configured access token lifetime.
     */
    public Session seedSession() {
        return seedSession(directory.settings().accessTokenTtl);
    }

    /** Like {@link #seedSession()}, with an access token that lives {@code accessTokenTtl}. */
    public Session seedSession(Duration accessTokenTtl) {
        return new Session(directory.seed(Objects.requireNonNull(accessTokenTtl, "accessTokenTtl")));
    }

    /**
     * Seeds a session with values a test chose (for example tokens another tool must present), as a
     * finished {@code aws sso login} would leave it. Unset values are generated as by {@link #seedSession()}.
     *
     * <pre>{@code
     * sso.seedSession(FakeSso.SessionSeed.builder().accessToken("test-access-token")
     *         .clientId("test-client").clientSecret("test-secret").rotateRefreshTokens(false).build());
     * }</pre>
     *
     * @throws IllegalArgumentException if the client id is already registered with another secret, or a
     *     token is already in use
     */
    public Session seedSession(SessionSeed seed) {
        Objects.requireNonNull(seed, "seed");
        SsoDirectory.SeedValues v = new SsoDirectory.SeedValues();
        v.accessToken = seed.accessToken;
        v.accessTokenExpiresAt = seed.accessTokenExpiresAt;
        v.refreshToken = seed.refreshToken;
        v.clientId = seed.clientId;
        v.clientSecret = seed.clientSecret;
        v.registrationExpiresAt = seed.registrationExpiresAt;
        v.rotateRefreshTokens = seed.rotateRefreshTokens;
        return new Session(directory.seed(v));
    }

    /**
     * Switches refresh-token rotation on or off for one registered client (seeded or registered by a
     * client), whatever {@link Builder#rotateRefreshTokens(boolean)} says for the others.
     *
     * @return this fake
     */
    public FakeSso rotateRefreshTokens(String clientId, boolean rotate) {
        directory.rotateRefreshTokens(clientId, rotate);
        return this;
    }

    /**
     * Approves a pending device authorization, as the person would in the browser.
     *
     * @return whether a pending, unexpired authorization with that user code existed
     */
    public boolean approveDevice(String userCode) {
        return directory.decideDevice(userCode, true);
    }

    /** Denies a pending device authorization; the next poll gets {@code access_denied}. */
    public boolean denyDevice(String userCode) {
        return directory.decideDevice(userCode, false);
    }

    /** Whether a refresh token would be accepted now (it was issued, not rotated away, not revoked). */
    public boolean refreshTokenValid(String refreshToken) {
        return directory.refreshTokenValid(refreshToken);
    }

    /** Whether an access token would be accepted by the portal now. */
    public boolean accessTokenValid(String accessToken) {
        return directory.accessTokenValid(accessToken);
    }

    @Override
    protected String operationOf(RecordedRequest r) {
        String op = SsoProtocol.operation(r.method(), r.path());
        return op != null ? op : super.operationOf(r);
    }

    @Override
    protected FakeResponse handle(RecordedRequest r) {
        return protocol.handle(r);
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest r, int status) {
        return protocol.errorResponse(r, status);
    }

    /** 429 {@code TooManyRequestsException} "Rate exceeded", in the portal's or SSO-OIDC's shape. */
    @Override
    protected FakeResponse throttleResponse(RecordedRequest r) {
        return protocol.throttleResponse(r);
    }

    private static String requireAccount(String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
        }
        return accountId;
    }

    /**
     * A session seeded with {@link #seedSession()}: its client registration and first tokens. Holds
     * secrets, so {@link #toString()} shows only expirations. Thread-safe.
     */
    public final class Session {
        private final SsoDirectory.Seeded seeded;

        private Session(SsoDirectory.Seeded seeded) {
            this.seeded = seeded;
        }

        /** The access token (send it as {@code x-amz-sso_bearer_token}). A secret. */
        public String accessToken() {
            return seeded.tokens.accessToken;
        }

        /** When the access token expires, by the fake's clock. */
        public Instant accessTokenExpiresAt() {
            return seeded.tokens.accessTokenExpiresAt;
        }

        /** The first refresh token (it stops working once used, when tokens rotate). A secret. */
        public String refreshToken() {
            return seeded.tokens.refreshToken;
        }

        /** The registered client's id. */
        public String clientId() {
            return seeded.client.clientId;
        }

        /** The registered client's secret. A secret. */
        public String clientSecret() {
            return seeded.client.clientSecret;
        }

        /** When the client registration expires ({@code clientSecretExpiresAt}). */
        public Instant registrationExpiresAt() {
            return seeded.client.expiresAt;
        }

        /**
         * Assigns roles in an account to this session's login only; from then on, the fake's default
         * assignments no longer apply to it.
         *
         * @return this session
         */
        public Session account(String accountId, String... roleNames) {
            directory.assign(seeded.login, requireAccount(accountId), Arrays.asList(roleNames));
            return this;
        }

        /** Revokes the login: its access and refresh tokens stop working at once. */
        public void revoke() {
            directory.revoke(seeded.login);
        }

        /** A token cache entry with this session's start URL, region, tokens and registration. */
        public SsoTokenCacheFiles.Entry cacheEntry() {
            return SsoTokenCacheFiles.entry().startUrl(startUrl()).region(region)
                    .accessToken(accessToken()).expiresAt(accessTokenExpiresAt())
                    .clientId(clientId()).clientSecret(clientSecret())
                    .registrationExpiresAt(registrationExpiresAt()).refreshToken(refreshToken());
        }

        @Override
        public String toString() {
            return "FakeSso.Session(client " + clientId() + ", access token expires " + accessTokenExpiresAt()
                    + ", registration expires " + registrationExpiresAt() + ")";
        }
    }

    /**
     * Chosen values for {@link #seedSession(SessionSeed)}; every value is optional. Holds secrets:
     * {@link #toString()} shows the client id and expirations only. Immutable.
     */
    public static final class SessionSeed {
        private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,8192}");
        private final String accessToken;
        private final Instant accessTokenExpiresAt;
        private final String refreshToken;
        private final String clientId;
        private final String clientSecret;
        private final Instant registrationExpiresAt;
        private final Boolean rotateRefreshTokens;

        private SessionSeed(SessionSeedBuilder b) {
            this.accessToken = b.accessToken;
            this.accessTokenExpiresAt = b.accessTokenExpiresAt;
            this.refreshToken = b.refreshToken;
            this.clientId = b.clientId;
            this.clientSecret = b.clientSecret;
            this.registrationExpiresAt = b.registrationExpiresAt;
            this.rotateRefreshTokens = b.rotateRefreshTokens;
        }

        /** A builder with every value unset (generated). */
        public static SessionSeedBuilder builder() {
            return new SessionSeedBuilder();
        }

        /** The rule tokens, client ids and secrets follow: 1..8192 printable ASCII characters, no spaces. */
        public static boolean validToken(String value) {
            return value != null && TOKEN.matcher(value).matches();
        }

        @Override
        public String toString() {
            return "FakeSso.SessionSeed(client " + clientId + ", access token expires " + accessTokenExpiresAt
                    + ", registration expires " + registrationExpiresAt + ", rotate " + rotateRefreshTokens + ")";
        }
    }

    /** Builder of {@link SessionSeed}. Not thread-safe. */
    public static final class SessionSeedBuilder {
        private String accessToken;
        private Instant accessTokenExpiresAt;
        private String refreshToken;
        private String clientId;
        private String clientSecret;
        private Instant registrationExpiresAt;
        private Boolean rotateRefreshTokens;

        private SessionSeedBuilder() {
        }

        private static String token(String value, String name) {
            if (!SessionSeed.validToken(value)) {
                throw new IllegalArgumentException(name + " must be 1..8192 printable ASCII characters without spaces");
            }
            return value;
        }

        /** The access token; default generated. */
        public SessionSeedBuilder accessToken(String accessToken) {
            this.accessToken = token(accessToken, "accessToken");
            return this;
        }

        /** When the access token expires (may be in the past); default now plus the access token TTL. */
        public SessionSeedBuilder accessTokenExpiresAt(Instant expiresAt) {
            this.accessTokenExpiresAt = Objects.requireNonNull(expiresAt, "accessTokenExpiresAt");
            return this;
        }

        /** The refresh token; default generated. */
        public SessionSeedBuilder refreshToken(String refreshToken) {
            this.refreshToken = token(refreshToken, "refreshToken");
            return this;
        }

        /** The client id; default a new registration. An id already registered is reused. */
        public SessionSeedBuilder clientId(String clientId) {
            this.clientId = token(clientId, "clientId");
            return this;
        }

        /** The client secret (needs {@link #clientId}); default generated. */
        public SessionSeedBuilder clientSecret(String clientSecret) {
            this.clientSecret = token(clientSecret, "clientSecret");
            return this;
        }

        /** When the client registration expires (may be in the past); default now plus the registration TTL. */
        public SessionSeedBuilder registrationExpiresAt(Instant expiresAt) {
            this.registrationExpiresAt = Objects.requireNonNull(expiresAt, "registrationExpiresAt");
            return this;
        }

        /** Whether this session's client gets rotating refresh tokens; default the fake's setting. */
        public SessionSeedBuilder rotateRefreshTokens(boolean rotate) {
            this.rotateRefreshTokens = rotate;
            return this;
        }

        /**
         * The seed.
         *
         * @throws IllegalArgumentException if a client secret is given without a client id
         */
        public SessionSeed build() {
            if (clientSecret != null && clientId == null) {
                throw new IllegalArgumentException("clientSecret needs a clientId");
            }
            return new SessionSeed(this);
        }
    }

    /** Builder of {@link FakeSso}. Not thread-safe. */
    public interface Builder {
        /** The clock; default a clock frozen at the current instant. */
        Builder clock(MutableClock clock);

        /** The registry role credentials are issued through; default a new one for account 123456789012. */
        Builder registry(CredentialRegistry registry);

        /** The port; default 0 (a free one). */
        Builder port(int port);

        /** The start URL the fake answers for; default {@value FakeSso#DEFAULT_START_URL}. */
        Builder startUrl(String startUrl);

        /** The region written into cache entries; default {@code us-east-1}. */
        Builder region(String region);

        /** How long access tokens live; default 1 hour. */
        Builder accessTokenTtl(Duration ttl);

        /** How long client registrations live ({@code clientSecretExpiresAt}); default 90 days. */
        Builder registrationTtl(Duration ttl);

        /** How long a device authorization can be approved and redeemed; default 10 minutes. */
        Builder deviceAuthorizationTtl(Duration ttl);

        /** The polling interval announced by StartDeviceAuthorization; default 1 second. */
        Builder pollInterval(Duration interval);

        /** How long role credentials live; default 1 hour. */
        Builder roleCredentialsTtl(Duration ttl);

        /** Whether the device-code grant returns a refresh token; default true. */
        Builder issueRefreshTokens(boolean issue);

        /** Whether refresh tokens rotate (each is good for one use); default true. */
        Builder rotateRefreshTokens(boolean rotate);

        /** The user name in role session ARNs; default {@code tempcreds-user}. */
        Builder userName(String userName);

        /** Builds the fake; call {@link FakeSso#start()} next. */
        FakeSso build();
    }

    private static final class BuilderImpl implements Builder {
        private MutableClock clock = MutableClock.at(Instant.now());
        private CredentialRegistry registry = CredentialRegistry.create();
        private int port;
        private String region = "us-east-1";
        private final SsoDirectory.Settings settings = new SsoDirectory.Settings();

        BuilderImpl() {
            settings.startUrl = DEFAULT_START_URL;
        }

        @Override
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public Builder registry(CredentialRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        @Override
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        @Override
        public Builder startUrl(String startUrl) {
            settings.startUrl = Objects.requireNonNull(startUrl, "startUrl");
            return this;
        }

        @Override
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        @Override
        public Builder accessTokenTtl(Duration ttl) {
            settings.accessTokenTtl = positive(ttl, "accessTokenTtl");
            return this;
        }

        @Override
        public Builder registrationTtl(Duration ttl) {
            settings.registrationTtl = positive(ttl, "registrationTtl");
            return this;
        }

        @Override
        public Builder deviceAuthorizationTtl(Duration ttl) {
            settings.deviceAuthorizationTtl = positive(ttl, "deviceAuthorizationTtl");
            return this;
        }

        @Override
        public Builder pollInterval(Duration interval) {
            settings.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        @Override
        public Builder roleCredentialsTtl(Duration ttl) {
            settings.roleCredentialsTtl = positive(ttl, "roleCredentialsTtl");
            return this;
        }

        @Override
        public Builder issueRefreshTokens(boolean issue) {
            settings.issueRefreshTokens = issue;
            return this;
        }

        @Override
        public Builder rotateRefreshTokens(boolean rotate) {
            settings.rotateRefreshTokens = rotate;
            return this;
        }

        @Override
        public Builder userName(String userName) {
            settings.userName = Objects.requireNonNull(userName, "userName");
            return this;
        }

        @Override
        public FakeSso build() {
            return new FakeSso(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
