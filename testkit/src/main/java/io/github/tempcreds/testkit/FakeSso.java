package io.github.tempcreds.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tempcreds.testkit.internal.sso.OidcError;
import io.github.tempcreds.testkit.internal.sso.PortalError;
import io.github.tempcreds.testkit.internal.sso.SsoDirectory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    private static final String OIDC_ERROR_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";
    private static final String PORTAL_TYPE_PREFIX = "com.amazonaws.switchboard.portal#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SsoDirectory directory;
    private final CredentialRegistry registry;
    private final String region;

    private FakeSso(BuilderImpl b) {
        super(b.clock, "127.0.0.1", b.port);
        this.registry = b.registry;
        this.region = b.region;
        this.directory = new SsoDirectory(b.clock, b.registry, b.settings);
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
        String op = operation(r.method(), r.path());
        return op != null ? op : super.operationOf(r);
    }

    private static String operation(String method, String path) {
        switch (method + " " + path) {
            case "GET /federation/credentials": return "GetRoleCredentials";
            case "GET /assignment/accounts": return "ListAccounts";
            case "GET /assignment/roles": return "ListAccountRoles";
            case "POST /logout": return "Logout";
            case "POST /client/register": return "RegisterClient";
            case "POST /device_authorization": return "StartDeviceAuthorization";
            case "POST /token": return "CreateToken";
            case "GET /device": return "ApproveDevice";
            case "GET /authorize": return "Authorize";
            default: return null;
        }
    }

    private static boolean isOidc(RecordedRequest r) {
        String p = r.path();
        return p.equals("/client/register") || p.equals("/device_authorization") || p.equals("/token")
                || p.equals("/authorize");
    }

    @Override
    protected FakeResponse handle(RecordedRequest r) {
        String op = operation(r.method(), r.path());
        if (op == null) {
            return portalError(404, "ResourceNotFoundException", "No such operation: " + r.method() + " " + r.path());
        }
        try {
            switch (op) {
                case "GetRoleCredentials": return roleCredentials(r);
                case "ListAccounts": return listAccounts(r);
                case "ListAccountRoles": return listRoles(r);
                case "Logout":
                    directory.logout(bearer(r));
                    return FakeResponse.status(200);
                case "Authorize": return authorize(r);
                case "ApproveDevice":
                    boolean ok = r.queryParam("user_code").map(this::approveDevice).orElse(false);
                    return FakeResponse.of(ok ? 200 : 400, "text/html", "<html><body>" + (ok
                            ? "Request approved. You can close this window." : "Unknown or expired code.")
                            + "</body></html>");
                default: return oidc(op, body(r));
            }
        } catch (PortalError e) {
            return portalError(e.status(), e.type(), e.getMessage());
        } catch (OidcError e) {
            return oidcError(e.status(), e.exceptionName(), e.error(), e.getMessage());
        }
    }

    private FakeResponse authorize(RecordedRequest r) {
        String redirect = r.queryParam("redirect_uri").orElse(null);
        String code = directory.authorize(r.queryParam("client_id").orElse(null), redirect,
                r.queryParam("code_challenge").orElse(null), r.queryParam("code_challenge_method").orElse(null));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + r.queryParam("state")
                .map(s -> "&state=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
        return FakeResponse.status(302).withHeader("Location", location);
    }

    private FakeResponse roleCredentials(RecordedRequest r) {
        IssuedCredentials c = directory.roleCredentials(bearer(r), r.queryParam("account_id").orElse(null),
                r.queryParam("role_name").orElse(null));
        ObjectNode root = JSON.createObjectNode();
        ObjectNode rc = root.putObject("roleCredentials");
        rc.put("accessKeyId", c.accessKeyId());
        rc.put("secretAccessKey", c.secretAccessKey());
        rc.put("sessionToken", c.sessionToken().orElseThrow());
        rc.put("expiration", c.expiration().orElseThrow().toEpochMilli());
        return FakeResponse.json(root.toString());
    }

    private FakeResponse listAccounts(RecordedRequest r) {
        List<String> ids = directory.accounts(bearer(r));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("accountList");
        int[] page = page(r, ids.size());
        for (String id : ids.subList(page[0], page[1])) {
            list.addObject().put("accountId", id).put("accountName", "account-" + id)
                    .put("emailAddress", "aws+" + id + "@example.com");
        }
        nextToken(root, page, ids.size());
        return FakeResponse.json(root.toString());
    }

    private FakeResponse listRoles(RecordedRequest r) {
        String account = r.queryParam("account_id").orElse(null);
        List<String> roles = directory.roles(bearer(r), account);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("roleList");
        int[] page = page(r, roles.size());
        for (String role : roles.subList(page[0], page[1])) {
            list.addObject().put("roleName", role).put("accountId", account);
        }
        nextToken(root, page, roles.size());
        return FakeResponse.json(root.toString());
    }

    private static int[] page(RecordedRequest r, int size) {
        int from;
        int max;
        try {
            from = Integer.parseInt(r.queryParam("next_token").orElse("0"));
            max = Integer.parseInt(r.queryParam("max_result").orElse("100"));
        } catch (NumberFormatException e) {
            throw PortalError.invalidRequest("Invalid next_token or max_result");
        }
        if (from < 0 || from > size || max < 1) {
            throw PortalError.invalidRequest("Invalid next_token or max_result");
        }
        return new int[] {from, Math.min(size, from + max)};
    }

    private static void nextToken(ObjectNode root, int[] page, int size) {
        if (page[1] < size) {
            root.put("nextToken", Integer.toString(page[1]));
        } else {
            root.putNull("nextToken");
        }
    }

    private FakeResponse oidc(String op, JsonNode body) {
        switch (op) {
            case "RegisterClient": {
                SsoDirectory.Client c = directory.registerClient(text(body, "clientName"), text(body, "clientType"));
                ObjectNode out = JSON.createObjectNode()
                        .put("clientId", c.clientId).put("clientSecret", c.clientSecret)
                        .put("clientIdIssuedAt", c.issuedAt.getEpochSecond())
                        .put("clientSecretExpiresAt", c.expiresAt.getEpochSecond());
                return FakeResponse.json(out.toString());
            }
            case "StartDeviceAuthorization": {
                SsoDirectory.Device d = directory.startDeviceAuthorization(text(body, "clientId"),
                        text(body, "clientSecret"), text(body, "startUrl"));
                String verify = url() + "device";
                ObjectNode out = JSON.createObjectNode()
                        .put("deviceCode", d.deviceCode).put("userCode", d.userCode)
                        .put("verificationUri", verify)
                        .put("verificationUriComplete", verify + "?user_code="
                                + URLEncoder.encode(d.userCode, StandardCharsets.UTF_8))
                        .put("expiresIn", Duration.between(clock().instant(), d.expiresAt).toSeconds())
                        .put("interval", d.interval().toSeconds());
                return FakeResponse.json(out.toString());
            }
            default:
                return createToken(body);
        }
    }

    private FakeResponse createToken(JsonNode body) {
        String grant = text(body, "grantType");
        String clientId = text(body, "clientId");
        String clientSecret = text(body, "clientSecret");
        SsoDirectory.Tokens t;
        if (SsoDirectory.DEVICE_CODE_GRANT.equals(grant)) {
            t = directory.createTokenFromDevice(clientId, clientSecret, text(body, "deviceCode"));
        } else if ("refresh_token".equals(grant)) {
            t = directory.createTokenFromRefresh(clientId, clientSecret, text(body, "refreshToken"));
        } else if ("authorization_code".equals(grant)) {
            t = directory.createTokenFromCode(clientId, clientSecret, text(body, "code"), text(body, "redirectUri"),
                    text(body, "codeVerifier"));
        } else if (grant == null) {
            return oidcError(400, "InvalidRequestException", "invalid_request", "grantType is required");
        } else {
            return oidcError(400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                    "Unsupported grant type: " + grant);
        }
        ObjectNode out = JSON.createObjectNode().put("accessToken", t.accessToken).put("tokenType", "Bearer")
                .put("expiresIn", t.expiresInSeconds);
        if (t.refreshToken != null) {
            out.put("refreshToken", t.refreshToken);
        }
        return FakeResponse.json(out.toString());
    }

    private static String bearer(RecordedRequest r) {
        return r.header("x-amz-sso_bearer_token").orElse(null);
    }

    private static JsonNode body(RecordedRequest r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw OidcError.invalidRequest("The request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw OidcError.invalidRequest("The request body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String requireAccount(String accountId) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, was " + accountId);
        }
        return accountId;
    }

    private static FakeResponse portalError(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("message", message).put("__type", PORTAL_TYPE_PREFIX + type);
        return FakeResponse.of(status, "application/json", body.toString()).withHeader("x-amzn-ErrorType", type);
    }

    private static FakeResponse oidcError(int status, String exception, String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        if (error != null) {
            body.put("error", error);
        }
        body.put("error_description", description);
        return FakeResponse.of(status, "application/json", body.toString())
                .withHeader("x-amzn-ErrorType", exception + OIDC_ERROR_SUFFIX);
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest r, int status) {
        if (isOidc(r)) {
            switch (status) {
                case 400: return oidcError(400, "InvalidRequestException", "invalid_request", "Invalid request");
                case 401: return oidcError(401, "InvalidClientException", "invalid_client", "Invalid client");
                case 403: return oidcError(403, "AccessDeniedException", "access_denied", "Access denied");
                default:
                    return oidcError(status, status >= 500 ? "InternalServerException" : "InvalidRequestException",
                            status >= 500 ? "server_error" : "invalid_request", "HTTP " + status);
            }
        }
        switch (status) {
            case 400: return portalError(400, "InvalidRequestException", "Invalid request");
            case 401: return portalError(401, "UnauthorizedException", "Session token not found or invalid");
            case 403: return portalError(403, "ForbiddenException", "No access");
            case 404: return portalError(404, "ResourceNotFoundException", "Not found");
            case 429: return throttleResponse(r);
            default:
                return portalError(status, status >= 500 ? "InternalServerException" : "InvalidRequestException",
                        "HTTP " + status);
        }
    }

    /** 429 {@code TooManyRequestsException} "Rate exceeded", in the portal's or SSO-OIDC's shape. */
    @Override
    protected FakeResponse throttleResponse(RecordedRequest r) {
        if (isOidc(r)) {
            return oidcError(429, "TooManyRequestsException", null, "Rate exceeded");
        }
        return portalError(429, "TooManyRequestsException", "Rate exceeded");
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
