package io.github.tempcreds.testkit;

import io.github.tempcreds.testkit.internal.imds.ImdsPages;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A fake EC2 Instance Metadata Service that speaks IMDSv2 only ({@code HttpTokens=required}), as the AWS
 * SDKs and the AWS CLI expect it.
 *
 * <ul>
 *   <li>{@code PUT /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds: 1..21600} issues a
 *       token that expires by the fake clock and echoes the TTL header; a missing or bad TTL gets 400, a
 *       PUT carrying {@code X-Forwarded-For} gets 403, a version-specific token path
 *       ({@code /2021-03-23/api/token}) gets 403.</li>
 *   <li>Every GET needs a valid token: missing, unknown or expired tokens get 401 (so IMDSv1 never
 *       works).</li>
 *   <li>{@code iam/security-credentials[/]} lists the role (with or without the trailing slash);
 *       {@code iam/security-credentials/ROLE} answers the credentials document as real IMDS
 *       pretty-prints it, with keys issued through the {@link CredentialRegistry} as an assumed-role
 *       session of the instance role; {@code iam/security-credentials-extended/...} is the same with
 *       {@code AccountId} (404 when {@linkplain Builder#extendedPath(boolean) switched off});
 *       {@code iam/info} describes the instance profile.</li>
 *   <li>Credentials rotate: a new set is issued once the current one is within
 *       {@linkplain Builder#rotateBefore(Duration) rotateBefore} (default 15 minutes) of its expiration,
 *       and each set lives {@linkplain Builder#credentialsLifetime(Duration) credentialsLifetime}
 *       (default 6 hours).</li>
 *   <li>Knobs: {@link #disabled(boolean)} (403 everywhere, as {@code HttpEndpoint=disabled}),
 *       {@link #renameRole(String)}, {@link #detachRole()}, {@link #extendedPath(boolean)},
 *       {@link #credentialsError(String, String)} (the error-in-200 variant),
 *       {@link #serveExpiredCredentials(boolean)} (the static-stability fault) and
 *       {@link #hopLimitExceeded(boolean)}: the token PUT is accepted on the socket but never answered,
 *       as when the instance's {@code HttpPutResponseHopLimit} is too small for a container.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FakeImds imds = FakeImds.builder().clock(clock).build().start()) {
 *     InstanceProfileCredentialsProvider.builder().endpoint(imds.url()) ...
 * }
 * }</pre>
 *
 * <p>Concurrency: requests are answered concurrently. Knobs are volatile fields read once per request.
 * Issued tokens live in a concurrent map. The current credentials are guarded by {@code this}
 * ({@link #currentCredentials()} and the credential paths rotate under that lock, so two concurrent
 * requests never issue two sets). Requests waiting in hop-limit mode wait on {@code hopRelease},
 * released by {@code hopLimitExceeded(false)} and {@link #close()}.
 */
public final class FakeImds extends AbstractFake<FakeImds> {
    /** The token path. */
    public static final String TOKEN_PATH = "/latest/api/token";
    /** The TTL request and response header. */
    public static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    /** The token header of metadata requests. */
    public static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    /** The legacy credentials path prefix. */
    public static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials";
    /** The extended credentials path prefix (with {@code AccountId}). */
    public static final String EXTENDED_CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials-extended";
    /** The instance profile information path. */
    public static final String INFO_PATH = "/latest/meta-data/iam/info";

    private static final Pattern VERSIONED_TOKEN = Pattern.compile("/[^/]+/api/token/?");
    private static final int MAX_TTL = 21600;

    private final CredentialRegistry registry;
    private final String instanceId;
    private final Duration lifetime;
    private final Duration rotateBefore;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger credentialsIssued = new AtomicInteger();
    private final AtomicReference<CountDownLatch> hopRelease = new AtomicReference<>(new CountDownLatch(1));
    private volatile String roleName;
    private volatile boolean extendedPath;
    private volatile boolean disabled;
    private volatile boolean hopLimitExceeded;
    private volatile boolean serveExpired;
    private volatile String[] credentialsError;
    private volatile boolean closed;
    private IssuedCredentials current; // guarded by this
    private IssuedCredentials expired; // guarded by this
    private Instant currentIssuedAt; // guarded by this

    private FakeImds(Builder b) {
        super(b.clock, b.bindAddress, b.port);
        this.registry = b.registry != null ? b.registry
                : CredentialRegistry.create(b.accountId != null ? b.accountId : CredentialRegistry.DEFAULT_ACCOUNT_ID,
                        new Random());
        if (b.accountId != null && !b.accountId.equals(registry.accountId())) {
            throw new IllegalArgumentException("accountId " + b.accountId + " differs from the registry's account "
                    + registry.accountId() + "; set one of them");
        }
        this.roleName = b.roleName;
        this.instanceId = b.instanceId;
        this.extendedPath = b.extendedPath;
        this.lifetime = b.lifetime;
        this.rotateBefore = b.rotateBefore;
        if (rotateBefore.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException("rotateBefore (" + rotateBefore
                    + ") must be shorter than credentialsLifetime (" + lifetime + ")");
        }
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- knobs

    /** Answers 403 to everything, as IMDS does with {@code HttpEndpoint=disabled}. */
    public FakeImds disabled(boolean disabled) {
        this.disabled = disabled;
        return this;
    }

    /**
     * Renames the instance role (as a new instance profile would): the listing names the new role, the
     * old role's path answers 404, and new credentials are issued for the new role.
     */
    public FakeImds renameRole(String newRoleName) {
        requireRoleName(newRoleName);
        synchronized (this) {
            this.roleName = newRoleName;
            this.current = null;
            this.expired = null;
        }
        return this;
    }

    /** Detaches the role: the role listing, the credentials paths and {@code iam/info} answer 404. */
    public FakeImds detachRole() {
        synchronized (this) {
            this.roleName = null;
            this.current = null;
            this.expired = null;
        }
        return this;
    }

    /** Switches the {@code security-credentials-extended} path on (with {@code AccountId}) or off (404). */
    public FakeImds extendedPath(boolean enabled) {
        this.extendedPath = enabled;
        return this;
    }

    /**
     * Makes the credentials paths answer 200 with {@code {"Code": code, "Message": message}} and no keys, as
     * IMDS does when, for example, EC2 is not a trusted entity of the role. {@code null} turns it off.
     */
    public FakeImds credentialsError(String code, String message) {
        this.credentialsError = code == null ? null : new String[] {code, Objects.requireNonNull(message, "message")};
        return this;
    }

    /** Serves credentials whose {@code Expiration} is already past (the static-stability fault). */
    public FakeImds serveExpiredCredentials(boolean on) {
        this.serveExpired = on;
        return this;
    }

    /**
     * Hop-limit mode: the token PUT is accepted on the socket and recorded in the journal, but never
     * answered until the mode is switched off or the fake closes, as when the PUT response's IP TTL
     * ({@code HttpPutResponseHopLimit}) runs out in a container network.
     */
    public FakeImds hopLimitExceeded(boolean on) {
        this.hopLimitExceeded = on;
        if (!on) {
            hopRelease.getAndSet(new CountDownLatch(1)).countDown();
        }
        return this;
    }

    /** Makes every token issued so far invalid (the next GET with one gets 401). */
    public FakeImds invalidateTokens() {
        tokens.clear();
        return this;
    }

    // ---------------------------------------------------------------- accessors

    /** How many tokens were issued. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    /** How many credential sets were issued. */
    public int credentialsIssued() {
        return credentialsIssued.get();
    }

    /** The role name, or empty when detached. */
    public Optional<String> roleName() {
        return Optional.ofNullable(roleName);
    }

    /** The instance role's ARN, or empty when detached. */
    public Optional<String> roleArn() {
        String role = roleName;
        return role == null ? Optional.empty() : Optional.of(roleArn(role));
    }

    /** The registry the credentials are issued through. */
    public CredentialRegistry registry() {
        return registry;
    }

    /** The account id ({@code AccountId} of the extended path). */
    public String accountId() {
        return registry.accountId();
    }

    /**
     * The credentials a credentials request would return now (issued or rotated if due).
     *
     * @throws IllegalStateException when no role is attached
     */
    public synchronized IssuedCredentials currentCredentials() {
        String role = roleName;
        if (role == null) {
            throw new IllegalStateException("no role is attached to the fake instance");
        }
        return credentialsFor(role);
    }

    // ---------------------------------------------------------------- protocol

    @Override
    protected String operationOf(RecordedRequest request) {
        String path = normalize(request.path());
        if (request.method().equals("PUT") && path.equals(TOKEN_PATH)) {
            return "GetToken";
        }
        if (path.equals(CREDENTIALS_PATH) || path.equals(CREDENTIALS_PATH + "/")) {
            return "ListRoles";
        }
        if (path.startsWith(CREDENTIALS_PATH + "/")) {
            return "GetCredentials";
        }
        if (path.equals(EXTENDED_CREDENTIALS_PATH) || path.equals(EXTENDED_CREDENTIALS_PATH + "/")) {
            return "ListRolesExtended";
        }
        if (path.startsWith(EXTENDED_CREDENTIALS_PATH + "/")) {
            return "GetCredentialsExtended";
        }
        if (path.equals(INFO_PATH)) {
            return "IamInfo";
        }
        return request.method() + " " + request.path();
    }

    @Override
    protected FakeResponse handle(RecordedRequest request) {
        if (disabled) {
            return ImdsPages.error(403);
        }
        String path = normalize(request.path());
        String method = request.method();
        if (method.equals("PUT")) {
            if (path.equals(TOKEN_PATH)) {
                return issueToken(request);
            }
            return ImdsPages.error(VERSIONED_TOKEN.matcher(path).matches() ? 403 : 405);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return ImdsPages.error(405);
        }
        if (!validToken(request)) {
            return ImdsPages.error(401);
        }
        return metadata(path);
    }

    private FakeResponse issueToken(RecordedRequest request) {
        if (request.header("X-Forwarded-For").isPresent()) {
            return ImdsPages.error(403);
        }
        int ttl;
        try {
            ttl = Integer.parseInt(request.header(TTL_HEADER).orElse("").trim());
        } catch (NumberFormatException e) {
            return ImdsPages.error(400);
        }
        if (ttl < 1 || ttl > MAX_TTL) {
            return ImdsPages.error(400);
        }
        if (hopLimitExceeded) {
            awaitHopRelease();
            if (closed) {
                return ImdsPages.error(503);
            }
        }
        String token = registry.randomToken("FakeImdsToken", 44) + "==";
        tokens.put(token, clock().instant().plusSeconds(ttl));
        tokensIssued.incrementAndGet();
        return ImdsPages.ok(token, clock().instant()).withHeader(TTL_HEADER, Integer.toString(ttl));
    }

    private boolean validToken(RecordedRequest request) {
        Optional<String> token = request.header(TOKEN_HEADER);
        if (token.isEmpty()) {
            return false;
        }
        Instant expiry = tokens.get(token.get());
        return expiry != null && clock().instant().isBefore(expiry);
    }

    private FakeResponse metadata(String path) {
        String role = roleName;
        boolean extended = path.startsWith(EXTENDED_CREDENTIALS_PATH);
        String base = extended ? EXTENDED_CREDENTIALS_PATH : CREDENTIALS_PATH;
        if (extended && !extendedPath) {
            return ImdsPages.error(404);
        }
        if (path.equals(INFO_PATH)) {
            if (role == null) {
                return ImdsPages.error(404);
            }
            String profileArn = "arn:aws:iam::" + accountId() + ":instance-profile/" + role;
            return ImdsPages.ok(ImdsPages.infoJson(profileArn, "AIPAFAKE" + registry.roleId(profileArn).substring(8),
                    clock().instant()), clock().instant());
        }
        if (path.equals(base) || path.equals(base + "/")) {
            return role == null ? ImdsPages.error(404) : ImdsPages.ok(role, clock().instant());
        }
        if (path.startsWith(base + "/")) {
            String asked = path.substring(base.length() + 1);
            if (asked.endsWith("/")) {
                asked = asked.substring(0, asked.length() - 1);
            }
            return credentialsDocument(asked, extended);
        }
        return ImdsPages.error(404);
    }

    private synchronized FakeResponse credentialsDocument(String askedRole, boolean extended) {
        String role = roleName;
        if (role == null || !role.equals(askedRole)) {
            return ImdsPages.error(404);
        }
        String[] error = credentialsError;
        if (error != null) {
            return ImdsPages.ok(ImdsPages.errorJson(error[0], error[1], clock().instant()), clock().instant());
        }
        IssuedCredentials c;
        Instant lastUpdated;
        if (serveExpired) {
            if (expired == null) {
                expired = issue(role, clock().instant().minus(Duration.ofMinutes(5)));
            }
            c = expired;
            lastUpdated = expired.expiration().orElseThrow().minus(lifetime);
        } else {
            c = credentialsFor(role);
            lastUpdated = currentIssuedAt;
        }
        return ImdsPages.ok(ImdsPages.credentialsJson(c, lastUpdated, extended ? accountId() : null), lastUpdated);
    }

    /** Issues or rotates; caller holds the lock. */
    private IssuedCredentials credentialsFor(String role) {
        Instant now = clock().instant();
        if (current == null || !now.isBefore(current.expiration().orElseThrow().minus(rotateBefore))) {
            current = issue(role, now.plus(lifetime));
            currentIssuedAt = now;
        }
        return current;
    }

    private IssuedCredentials issue(String role, Instant expiration) {
        credentialsIssued.incrementAndGet();
        return registry.issueRoleSession(roleArn(role), instanceId, expiration, "imds");
    }

    private String roleArn(String role) {
        return "arn:aws:iam::" + accountId() + ":role/" + role;
    }

    private void awaitHopRelease() {
        CountDownLatch latch = hopRelease.get();
        try {
            while (hopLimitExceeded && !closed) {
                if (latch.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String normalize(String path) {
        String p = path;
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return p;
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        return ImdsPages.error(status);
    }

    @Override
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return ImdsPages.error(429);
    }

    @Override
    public void close() {
        closed = true;
        hopRelease.get().countDown();
        super.close();
    }

    private static void requireRoleName(String name) {
        Objects.requireNonNull(name, "roleName");
        if (!name.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalArgumentException("roleName must be 1..64 of [A-Za-z0-9_+=,.@-], was '" + name + "'");
        }
    }

    /**
     * Builder of {@link FakeImds}. Not thread-safe.
     */
    public static final class Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private String accountId;
        private String bindAddress = "127.0.0.1";
        private int port;
        private String roleName = "demo-role";
        private String instanceId = "i-0123456789abcdef0";
        private boolean extendedPath = true;
        private Duration lifetime = Duration.ofHours(6);
        private Duration rotateBefore = Duration.ofMinutes(15);

        private Builder() {
        }

        /** The clock for token TTLs and credential expirations; default a ticking {@link MutableClock#systemUtc()}. */
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The registry credentials are issued through; default a new one for {@code accountId}. */
        public Builder registry(CredentialRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The account id; default the registry's ({@value CredentialRegistry#DEFAULT_ACCOUNT_ID}). */
        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /** The loopback address to bind, {@code 127.0.0.1} (default) or {@code ::1}. */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        /** The port; default 0, a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The instance role name; default {@code demo-role}. */
        public Builder roleName(String roleName) {
            requireRoleName(roleName);
            this.roleName = roleName;
            return this;
        }

        /** The instance id, used as the role session name; default {@code i-0123456789abcdef0}. */
        public Builder instanceId(String instanceId) {
            this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
            return this;
        }

        /** Whether {@code security-credentials-extended} is served (else 404); default {@code true}. */
        public Builder extendedPath(boolean extendedPath) {
            this.extendedPath = extendedPath;
            return this;
        }

        /** How long each credential set lives; default 6 hours, as real IMDS. */
        public Builder credentialsLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "credentialsLifetime");
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("credentialsLifetime must be at least 1 minute, was " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /**
         * How long before expiry a new credential set replaces the current one; default 15 minutes (real
         * IMDS rotates at least 5 minutes ahead; 15 keeps SDKs' 15-minute stale checks quiet).
         */
        public Builder rotateBefore(Duration rotateBefore) {
            Objects.requireNonNull(rotateBefore, "rotateBefore");
            if (rotateBefore.isNegative()) {
                throw new IllegalArgumentException("rotateBefore must not be negative, was " + rotateBefore);
            }
            this.rotateBefore = rotateBefore;
            return this;
        }

        /**
         * Builds the fake (not started).
         *
         * @throws IllegalArgumentException when {@code rotateBefore} is not shorter than the lifetime, or
         *         {@code accountId} and the registry's account differ
         */
        public FakeImds build() {
            if (clock == null) {
                clock = MutableClock.systemUtc();
            }
            return new FakeImds(this);
        }
    }
}
