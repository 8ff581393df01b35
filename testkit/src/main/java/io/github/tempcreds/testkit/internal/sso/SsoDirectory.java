package io.github.tempcreds.testkit.internal.sso;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.IssuedCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of a fake IAM Identity Center instance: client registrations, device authorizations,
 * logins (one per person signing in), access tokens and refresh tokens, and account/role assignments.
 * Internal: no compatibility promise.
 *
 * <p>Concurrency: every public method is {@code synchronized} on this object; the state is small and
 * calls are short, so one monitor keeps the invariants (a refresh token is used at most once, a device
 * code yields at most one token) obvious. No callbacks or I/O happen under the monitor.
 */
public final class SsoDirectory {
    /** OAuth grant type of the device flow. */
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** Settings that the fake's builder fixes. */
    public static final class Settings {
        public Duration accessTokenTtl = Duration.ofHours(1);
        public Duration registrationTtl = Duration.ofDays(90);
        public Duration deviceAuthorizationTtl = Duration.ofMinutes(10);
        public Duration pollInterval = Duration.ofSeconds(1);
        public Duration roleCredentialsTtl = Duration.ofHours(1);
        public boolean issueRefreshTokens = true;
        public boolean rotateRefreshTokens = true;
        public String startUrl;
        public String userName = "tempcreds-user";
    }

    /** A client registration. */
    public static final class Client {
        public final String clientId;
        public final String clientSecret;
        public final String clientName;
        public final Instant issuedAt;
        public final Instant expiresAt;

        Client(String clientId, String clientSecret, String clientName, Instant issuedAt, Instant expiresAt) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            this.clientName = clientName;
            this.issuedAt = issuedAt;
            this.expiresAt = expiresAt;
        }
    }

    /** A person's sign-in: every token refreshed from it shares its assignments. */
    public static final class Login {
        final String userName;
        final Map<String, Set<String>> assignments = new LinkedHashMap<>();
        boolean revoked;

        Login(String userName) {
            this.userName = userName;
        }
    }

    /** Tokens issued by one CreateToken call (or seeded). */
    public static final class Tokens {
        public final String accessToken;
        public final Instant accessTokenExpiresAt;
        public final String refreshToken;
        public final long expiresInSeconds;

        Tokens(String accessToken, Instant accessTokenExpiresAt, String refreshToken, long expiresInSeconds) {
            this.accessToken = accessToken;
            this.accessTokenExpiresAt = accessTokenExpiresAt;
            this.refreshToken = refreshToken;
            this.expiresInSeconds = expiresInSeconds;
        }
    }

    /** What {@link #seed(Duration)} created. */
    public static final class Seeded {
        public final Client client;
        public final Login login;
        public final Tokens tokens;

        Seeded(Client client, Login login, Tokens tokens) {
            this.client = client;
            this.login = login;
            this.tokens = tokens;
        }
    }

    /** A started device authorization. */
    public static final class Device {
        public final String deviceCode;
        public final String userCode;
        public final String clientId;
        public final Instant expiresAt;
        Duration interval;
        Instant lastPoll;
        String state = "pending";

        Device(String deviceCode, String userCode, String clientId, Instant expiresAt, Duration interval) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.clientId = clientId;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }

        /** The polling interval the client was told. */
        public Duration interval() {
            return interval;
        }
    }

    private static final class AuthorizationCode {
        final String clientId;
        final String redirectUri;
        final String challenge;
        final Instant expiresAt;
        boolean used;

        AuthorizationCode(String clientId, String redirectUri, String challenge, Instant expiresAt) {
            this.clientId = clientId;
            this.redirectUri = redirectUri;
            this.challenge = challenge;
            this.expiresAt = expiresAt;
        }
    }

    private static final class AccessToken {
        final Login login;
        final Instant expiresAt;
        boolean revoked;

        AccessToken(Login login, Instant expiresAt) {
            this.login = login;
            this.expiresAt = expiresAt;
        }
    }

    private static final class RefreshToken {
        final Login login;
        final String clientId;

        RefreshToken(Login login, String clientId) {
            this.login = login;
            this.clientId = clientId;
        }
    }

    private final Clock clock;
    private final CredentialRegistry registry;
    private final Settings settings;
    private final Map<String, Set<String>> defaultAssignments = new LinkedHashMap<>();
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Device> devicesByCode = new HashMap<>();
    private final Map<String, Device> devicesByUserCode = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Map<String, AuthorizationCode> codes = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final Map<String, Boolean> rotationByClient = new HashMap<>();

    public SsoDirectory(Clock clock, CredentialRegistry registry, Settings settings) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The current time by the fake's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Assigns roles in an account to every login that has no assignments of its own. */
    public synchronized void assignDefault(String accountId, List<String> roles) {
        defaultAssignments.computeIfAbsent(accountId, k -> new LinkedHashSet<>()).addAll(roles);
    }

    /** Assigns roles in an account to one login (seeded sessions). */
    public synchronized void assign(Login login, String accountId, List<String> roles) {
        login.assignments.computeIfAbsent(accountId, k -> new LinkedHashSet<>()).addAll(roles);
    }

    /** Revokes a login: its access and refresh tokens stop working. */
    public synchronized void revoke(Login login) {
        login.revoked = true;
    }

    // ---------------------------------------------------------------- OIDC

    /** RegisterClient. */
    public synchronized Client registerClient(String clientName, String clientType) {
        if (clientName == null || clientName.isEmpty()) {
            throw OidcError.invalidRequest("clientName is required");
        }
        if (!"public".equals(clientType)) {
            throw OidcError.invalidRequest("Invalid client type: " + clientType);
        }
        Instant now = clock.instant();
        // Client ids are base64url, like the real ones: they travel in query strings (PKCE /authorize).
        String clientId = registry.randomToken("FakeClientId", 22).replace('+', '-').replace('/', '_');
        Client c = new Client(clientId, registry.randomToken("FakeClientSecret", 60),
                clientName, now, now.plus(settings.registrationTtl));
        clients.put(c.clientId, c);
        return c;
    }

    /** StartDeviceAuthorization. */
    public synchronized Device startDeviceAuthorization(String clientId, String clientSecret, String startUrl) {
        Client c = authenticate(clientId, clientSecret);
        if (startUrl == null || !startUrl.equals(settings.startUrl)) {
            throw OidcError.invalidRequest("Invalid start URL");
        }
        String userCode = userCode();
        Device d = new Device(registry.randomToken("FakeDeviceCode", 40), userCode, c.clientId,
                clock.instant().plus(settings.deviceAuthorizationTtl), settings.pollInterval);
        devicesByCode.put(d.deviceCode, d);
        devicesByUserCode.put(userCode, d);
        return d;
    }

    private String userCode() {
        String raw = registry.randomToken("", 8).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", "X");
        return raw.substring(0, 4) + "-" + raw.substring(4, 8);
    }

    /** Approves (or denies) a device authorization by its user code. */
    public synchronized boolean decideDevice(String userCode, boolean approve) {
        Device d = devicesByUserCode.get(userCode);
        if (d == null || !"pending".equals(d.state) || !clock.instant().isBefore(d.expiresAt)) {
            return false;
        }
        d.state = approve ? "approved" : "denied";
        return true;
    }

    /** The device authorizations started so far, oldest first. */
    public synchronized List<Device> devices() {
        return new ArrayList<>(devicesByUserCode.values());
    }

    /** CreateToken with the device_code grant. */
    public synchronized Tokens createTokenFromDevice(String clientId, String clientSecret, String deviceCode) {
        Client c = authenticate(clientId, clientSecret);
        Device d = deviceCode == null ? null : devicesByCode.get(deviceCode);
        if (d == null || !d.clientId.equals(c.clientId) || "used".equals(d.state)) {
            throw OidcError.invalidGrant("Invalid device code provided");
        }
        Instant now = clock.instant();
        if (!now.isBefore(d.expiresAt)) {
            throw new OidcError(400, "ExpiredTokenException", "expired_token", "Device code has expired");
        }
        if ("denied".equals(d.state)) {
            throw new OidcError(400, "AccessDeniedException", "access_denied", "Authorization was denied");
        }
        if ("pending".equals(d.state)) {
            Instant last = d.lastPoll;
            d.lastPoll = now;
            if (last != null && now.isBefore(last.plus(d.interval))) {
                d.interval = d.interval.plusSeconds(5);
                throw new OidcError(400, "SlowDownException", "slow_down", "Client is polling too quickly");
            }
            throw new OidcError(400, "AuthorizationPendingException", "authorization_pending",
                    "Authorization is still pending");
        }
        d.state = "used";
        return issue(new Login(settings.userName), c.clientId, settings.issueRefreshTokens);
    }

    /**
     * The unmodeled {@code GET /authorize} of the PKCE flow, approved at once (as if the person had
     * signed in): an authorization code bound to the client, redirect URI and S256 challenge.
     */
    public synchronized String authorize(String clientId, String redirectUri, String challenge, String method) {
        Client c = clientId == null ? null : clients.get(clientId);
        if (c == null || !clock.instant().isBefore(c.expiresAt)) {
            throw OidcError.invalidClient("Invalid client provided");
        }
        if (redirectUri == null || challenge == null || !"S256".equals(method)) {
            throw OidcError.invalidRequest("redirect_uri, code_challenge and code_challenge_method=S256 are required");
        }
        String code = registry.randomToken("FakeAuthCode", 40);
        codes.put(code, new AuthorizationCode(c.clientId, redirectUri, challenge,
                clock.instant().plus(settings.deviceAuthorizationTtl)));
        return code;
    }

    /** CreateToken with the authorization_code grant: checks the PKCE verifier against the challenge. */
    public synchronized Tokens createTokenFromCode(String clientId, String clientSecret, String code,
                                                   String redirectUri, String codeVerifier) {
        Client c = authenticate(clientId, clientSecret);
        AuthorizationCode a = code == null ? null : codes.get(code);
        if (a == null || a.used || !a.clientId.equals(c.clientId) || !clock.instant().isBefore(a.expiresAt)
                || !Objects.equals(a.redirectUri, redirectUri) || codeVerifier == null
                || !a.challenge.equals(s256(codeVerifier))) {
            throw OidcError.invalidGrant("Invalid authorization code provided");
        }
        a.used = true;
        return issue(new Login(settings.userName), c.clientId, settings.issueRefreshTokens);
    }

    private static String s256(String verifier) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CreateToken with the refresh_token grant. */
    public synchronized Tokens createTokenFromRefresh(String clientId, String clientSecret, String refreshToken) {
        Client c = authenticate(clientId, clientSecret);
        RefreshToken r = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (r == null || r.login.revoked || !r.clientId.equals(c.clientId)) {
            throw OidcError.invalidGrant("Invalid refresh token provided");
        }
        if (rotationByClient.getOrDefault(c.clientId, settings.rotateRefreshTokens)) {
            refreshTokens.remove(refreshToken);
            return issue(r.login, c.clientId, true);
        }
        Tokens t = issue(r.login, c.clientId, false);
        return new Tokens(t.accessToken, t.accessTokenExpiresAt, refreshToken, t.expiresInSeconds);
    }

    private Client authenticate(String clientId, String clientSecret) {
        Client c = clientId == null ? null : clients.get(clientId);
        if (c == null || !c.clientSecret.equals(clientSecret)) {
            throw OidcError.invalidClient("Invalid client provided");
        }
        if (!clock.instant().isBefore(c.expiresAt)) {
            throw OidcError.invalidClient("Client secret has expired");
        }
        return c;
    }

    private Tokens issue(Login login, String clientId, boolean withRefreshToken) {
        Instant expiresAt = clock.instant().plus(settings.accessTokenTtl);
        String access = registry.randomToken("FakeAccessToken", 80);
        accessTokens.put(access, new AccessToken(login, expiresAt));
        String refresh = null;
        if (withRefreshToken) {
            refresh = registry.randomToken("FakeRefreshToken", 80);
            refreshTokens.put(refresh, new RefreshToken(login, clientId));
        }
        return new Tokens(access, expiresAt, refresh, settings.accessTokenTtl.toSeconds());
    }

    /** A registered client, a login and its first tokens, as if a person had logged in. */
    public synchronized Seeded seed(Duration accessTokenTtl) {
        Client c = registerClient("tempcreds-seeded", "public");
        Login login = new Login(settings.userName);
        Instant expiresAt = clock.instant().plus(accessTokenTtl);
        String access = registry.randomToken("FakeAccessToken", 80);
        accessTokens.put(access, new AccessToken(login, expiresAt));
        String refresh = registry.randomToken("FakeRefreshToken", 80);
        refreshTokens.put(refresh, new RefreshToken(login, c.clientId));
        return new Seeded(c, login, new Tokens(access, expiresAt, refresh, accessTokenTtl.toSeconds()));
    }

    /** Values a test chose for a seeded session; {@code null} fields are generated. */
    public static final class SeedValues {
        public String accessToken;
        public Instant accessTokenExpiresAt;
        public String refreshToken;
        public String clientId;
        public String clientSecret;
        public Instant registrationExpiresAt;
        public Boolean rotateRefreshTokens;
    }

    /**
     * A session with chosen values. A client id that is already registered is reused if the secret
     * matches; tokens must not be in use already.
     *
     * @throws IllegalArgumentException if a value clashes with an existing registration or token
     */
    public synchronized Seeded seed(SeedValues v) {
        Instant now = clock.instant();
        Client c;
        if (v.clientId == null) {
            if (v.clientSecret != null) {
                throw new IllegalArgumentException("clientSecret needs a clientId");
            }
            Client generated = registerClient("tempcreds-seeded", "public");
            c = v.registrationExpiresAt == null ? generated : new Client(generated.clientId, generated.clientSecret,
                    generated.clientName, now, v.registrationExpiresAt);
        } else {
            Client existing = clients.get(v.clientId);
            if (existing != null) {
                if (v.clientSecret != null && !existing.clientSecret.equals(v.clientSecret)) {
                    throw new IllegalArgumentException("client " + v.clientId
                            + " is already registered with another secret");
                }
                c = v.registrationExpiresAt == null ? existing : new Client(existing.clientId, existing.clientSecret,
                        existing.clientName, existing.issuedAt, v.registrationExpiresAt);
            } else {
                String secret = v.clientSecret != null ? v.clientSecret : registry.randomToken("FakeClientSecret", 60);
                c = new Client(v.clientId, secret, "tempcreds-seeded", now,
                        v.registrationExpiresAt != null ? v.registrationExpiresAt : now.plus(settings.registrationTtl));
            }
        }
        if (v.accessToken != null && accessTokens.containsKey(v.accessToken)) {
            throw new IllegalArgumentException("the access token is already in use by another session");
        }
        if (v.refreshToken != null && refreshTokens.containsKey(v.refreshToken)) {
            throw new IllegalArgumentException("the refresh token is already in use by another session");
        }
        clients.put(c.clientId, c);
        if (v.rotateRefreshTokens != null) {
            rotationByClient.put(c.clientId, v.rotateRefreshTokens);
        }
        Login login = new Login(settings.userName);
        Instant expiresAt = v.accessTokenExpiresAt != null ? v.accessTokenExpiresAt : now.plus(settings.accessTokenTtl);
        String access = v.accessToken != null ? v.accessToken : registry.randomToken("FakeAccessToken", 80);
        accessTokens.put(access, new AccessToken(login, expiresAt));
        String refresh = v.refreshToken != null ? v.refreshToken : registry.randomToken("FakeRefreshToken", 80);
        refreshTokens.put(refresh, new RefreshToken(login, c.clientId));
        long ttl = Math.max(0, Duration.between(now, expiresAt).toSeconds());
        return new Seeded(c, login, new Tokens(access, expiresAt, refresh, ttl));
    }

    /** Whether refresh tokens issued to this client rotate; overrides the fake's setting for it. */
    public synchronized void rotateRefreshTokens(String clientId, boolean rotate) {
        rotationByClient.put(Objects.requireNonNull(clientId, "clientId"), rotate);
    }

    /** Whether a refresh token would be accepted now. */
    public synchronized boolean refreshTokenValid(String refreshToken) {
        RefreshToken r = refreshTokens.get(refreshToken);
        return r != null && !r.login.revoked;
    }

    /** Whether an access token would be accepted now. */
    public synchronized boolean accessTokenValid(String accessToken) {
        try {
            login(accessToken);
            return true;
        } catch (PortalError e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- portal

    private Login login(String accessToken) {
        AccessToken t = accessToken == null ? null : accessTokens.get(accessToken);
        if (t == null || t.revoked || t.login.revoked || !clock.instant().isBefore(t.expiresAt)) {
            throw PortalError.unauthorized();
        }
        return t.login;
    }

    private Map<String, Set<String>> assignments(Login login) {
        return login.assignments.isEmpty() ? defaultAssignments : login.assignments;
    }

    /** GetRoleCredentials. */
    public synchronized IssuedCredentials roleCredentials(String accessToken, String accountId, String roleName) {
        Login login = login(accessToken);
        if (accountId == null || accountId.isEmpty() || roleName == null || roleName.isEmpty()) {
            throw PortalError.invalidRequest("role_name and account_id are required");
        }
        Set<String> roles = assignments(login).get(accountId);
        if (roles == null || !roles.contains(roleName)) {
            throw new PortalError(403, "ForbiddenException", "No access");
        }
        String reserved = "AWSReservedSSO_" + roleName + "_" + Integer.toHexString((accountId + roleName).hashCode());
        String arn = "arn:aws:sts::" + accountId + ":assumed-role/" + reserved + "/" + login.userName;
        String roleArn = "arn:aws:iam::" + accountId + ":role/aws-reserved/sso.amazonaws.com/" + reserved;
        return registry.issueSession(IssuedCredentials.Kind.ROLE_SESSION, arn,
                registry.roleId(roleArn) + ":" + login.userName,
                clock.instant().plus(settings.roleCredentialsTtl), "sso");
    }

    /** ListAccounts: the account ids assigned to the token's login. */
    public synchronized List<String> accounts(String accessToken) {
        return new ArrayList<>(assignments(login(accessToken)).keySet());
    }

    /** ListAccountRoles: the roles in one account. */
    public synchronized List<String> roles(String accessToken, String accountId) {
        Login login = login(accessToken);
        if (accountId == null || accountId.isEmpty()) {
            throw PortalError.invalidRequest("account_id is required");
        }
        Set<String> roles = assignments(login).get(accountId);
        return roles == null ? List.of() : new ArrayList<>(roles);
    }

    /** Logout: the access token stops working. */
    public synchronized void logout(String accessToken) {
        AccessToken t = accessToken == null ? null : accessTokens.get(accessToken);
        if (t == null || t.revoked || !clock.instant().isBefore(t.expiresAt)) {
            throw PortalError.unauthorized();
        }
        t.revoked = true;
    }
}
