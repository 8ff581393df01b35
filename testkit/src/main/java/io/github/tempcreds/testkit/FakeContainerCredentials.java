package io.github.tempcreds.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake container credentials endpoint, as the ECS agent (task roles) or the EKS Pod Identity agent
 * serves it, so that the AWS SDKs, the AWS CLI v2 and tempcreds' container provider can be pointed at it.
 *
 * <ul>
 *   <li>{@link Mode#ECS}: {@code GET /v2/credentials/<id>} (and {@code /v1/credentials?id=<id>}) answers
 *       {@code RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration} as JSON; an unknown id gets 400
 *       {@code {"code":"InvalidIdInRequest",...}}, no id 400 {@code NoIdInRequest}, as the ECS agent. No
 *       {@code Authorization} is needed.</li>
 *   <li>{@link Mode#POD_IDENTITY}: {@code GET /v1/credentials} needs {@code Authorization: <token>}, the
 *       token the fake wrote to its {@linkplain #tokenFile() token file} (mode 0600 where the file system
 *       supports it). As the Pod Identity agent: a missing or empty token gets 400 {@code Service account
 *       token cannot be empty}, one that is not a JWT 400 {@code ... cannot be parsed}, any other token 403
 *       (all {@code text/plain}). The answer is {@code AccessKeyId, SecretAccessKey, Token, AccountId,
 *       Expiration}. {@link #rotateToken()} writes a new token (atomically) and, stricter than the real
 *       agent, makes the old one invalid, so a client that cached the token fails visibly.</li>
 *   <li>Credentials are issued through the {@link CredentialRegistry} as a session of the role, so the fake
 *       STS accepts them; they rotate by the fake clock ({@linkplain Builder#rotateBefore(Duration)
 *       rotateBefore} ahead of their {@linkplain Builder#credentialsLifetime(Duration) lifetime}).</li>
 *   <li>Knobs: {@link #serveExpiredCredentials(boolean)}, {@link #credentialsUninitialized(boolean)} (503
 *       {@code CredentialsUninitialized}, as the ECS agent before the task role is ready); faults through
 *       {@link #inject(Fault)} as every fake.</li>
 * </ul>
 *
 * <p>Point a client at it with {@link #environmentVariables()}: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} (loopback
 * over http is allowed by every SDK and the CLI) and, in Pod Identity mode,
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}.
 *
 * <p>Concurrency: requests are answered concurrently; the current credentials and the token are guarded by
 * {@code this}.
 */
public final class FakeContainerCredentials extends AbstractFake<FakeContainerCredentials> {
    /** The Pod Identity agent's credentials path. */
    public static final String POD_IDENTITY_PATH = "/v1/credentials";
    /** The ECS agent's v2 credentials path prefix. */
    public static final String ECS_V2_PREFIX = "/v2/credentials/";
    /** The ECS agent's v1 credentials path (with {@code ?id=}). */
    public static final String ECS_V1_PATH = "/v1/credentials";
    /** The token file's name. */
    public static final String TOKEN_FILE_NAME = "eks-pod-identity-token";

    /** Which agent the fake plays. */
    public enum Mode {
        /** The ECS agent: relative URI, no token. */
        ECS,
        /** The EKS Pod Identity agent: full URI and a token file. */
        POD_IDENTITY
    }

    private static final DateTimeFormatter ZULU = DateTimeFormatter.ISO_INSTANT;

    private final Mode mode;
    private final CredentialRegistry registry;
    private final String roleName;
    private final String credentialsId;
    private final Duration lifetime;
    private final Duration rotateBefore;
    private final Path configuredTokenFile;
    private final AtomicInteger credentialsIssued = new AtomicInteger();
    private final AtomicInteger tokensWritten = new AtomicInteger();
    private volatile boolean serveExpired;
    private volatile boolean uninitialized;
    private IssuedCredentials current; // guarded by this
    private IssuedCredentials expired; // guarded by this
    private String token; // guarded by this
    private Path tokenFile; // guarded by this
    private Path ownedDirectory; // guarded by this

    private FakeContainerCredentials(Builder b) {
        super(b.clock, b.bindAddress, b.port);
        this.mode = b.mode;
        this.registry = b.registry != null ? b.registry
                : CredentialRegistry.create(b.accountId != null ? b.accountId : CredentialRegistry.DEFAULT_ACCOUNT_ID,
                        new Random());
        if (b.accountId != null && !b.accountId.equals(registry.accountId())) {
            throw new IllegalArgumentException("accountId " + b.accountId + " differs from the registry's account "
                    + registry.accountId() + "; set one of them");
        }
        this.roleName = b.roleName;
        this.credentialsId = b.credentialsId;
        this.lifetime = b.lifetime;
        this.rotateBefore = b.rotateBefore;
        this.configuredTokenFile = b.tokenFile;
        if (rotateBefore.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException("rotateBefore (" + rotateBefore
                    + ") must be shorter than credentialsLifetime (" + lifetime + ")");
        }
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server and, in Pod Identity mode, writes the token file. */
    @Override
    public synchronized FakeContainerCredentials start() {
        super.start();
        if (mode == Mode.POD_IDENTITY) {
            try {
                if (configuredTokenFile != null) {
                    tokenFile = configuredTokenFile.toAbsolutePath();
                } else {
                    ownedDirectory = Files.createTempDirectory("tempcreds-pod-identity");
                    tokenFile = ownedDirectory.resolve(TOKEN_FILE_NAME);
                }
                writeToken();
            } catch (IOException | RuntimeException e) {
                super.close();
                throw e instanceof RuntimeException ? (RuntimeException) e
                        : new UncheckedIOException("cannot write the token file", (IOException) e);
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- knobs

    /**
     * Pod Identity mode: writes a new token to the token file (atomically) and makes the old one invalid.
     *
     * @return the new token
     * @throws IllegalStateException in ECS mode or before {@link #start()}
     */
    public synchronized String rotateToken() {
        if (mode != Mode.POD_IDENTITY || tokenFile == null) {
            throw new IllegalStateException("rotateToken() needs Pod Identity mode and a started fake");
        }
        try {
            writeToken();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token file " + tokenFile, e);
        }
        return token;
    }

    /** Serves credentials whose {@code Expiration} is already past. */
    public FakeContainerCredentials serveExpiredCredentials(boolean on) {
        this.serveExpired = on;
        return this;
    }

    /** Answers 503 {@code CredentialsUninitialized} (ECS) / 500 (Pod Identity), as an agent not ready yet. */
    public FakeContainerCredentials credentialsUninitialized(boolean on) {
        this.uninitialized = on;
        return this;
    }

    // ---------------------------------------------------------------- accessors

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** The path clients GET: {@code /v1/credentials} (Pod Identity) or {@code /v2/credentials/<id>} (ECS). */
    public String credentialsPath() {
        return mode == Mode.POD_IDENTITY ? POD_IDENTITY_PATH : ECS_V2_PREFIX + credentialsId;
    }

    /** The full credentials URI, such as {@code http://127.0.0.1:PORT/v1/credentials}. */
    public String credentialsUrl() {
        String base = url();
        return base.substring(0, base.length() - 1) + credentialsPath();
    }

    /** The token file (Pod Identity mode, once started), else empty. */
    public synchronized Optional<Path> tokenFile() {
        return Optional.ofNullable(tokenFile);
    }

    /** The token the fake accepts now (Pod Identity mode, once started), else empty. A secret of the fake. */
    public synchronized Optional<String> currentToken() {
        return Optional.ofNullable(token);
    }

    /** How many token files were written. */
    public int tokensWritten() {
        return tokensWritten.get();
    }

    /** How many credential sets were issued. */
    public int credentialsIssued() {
        return credentialsIssued.get();
    }

    /** The registry the credentials are issued through. */
    public CredentialRegistry registry() {
        return registry;
    }

    /** The account id. */
    public String accountId() {
        return registry.accountId();
    }

    /** The role's ARN. */
    public String roleArn() {
        return "arn:aws:iam::" + accountId() + ":role/" + roleName;
    }

    /**
     * The variables that point an SDK or the CLI at this fake: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and,
     * in Pod Identity mode, {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE}.
     */
    public synchronized Map<String, String> environmentVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentialsUrl());
        if (tokenFile != null) {
            out.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile.toString());
        }
        return out;
    }

    /** The credentials a request would return now (issued or rotated if due). */
    public synchronized IssuedCredentials currentCredentials() {
        Instant now = clock().instant();
        if (current == null || !now.isBefore(current.expiration().orElseThrow().minus(rotateBefore))) {
            current = issue(now.plus(lifetime));
        }
        return current;
    }

    // ---------------------------------------------------------------- protocol

    @Override
    protected String operationOf(RecordedRequest request) {
        String path = request.path();
        if (path.equals(POD_IDENTITY_PATH) || path.startsWith(ECS_V2_PREFIX)) {
            return "GetCredentials";
        }
        return request.method() + " " + path;
    }

    @Override
    protected FakeResponse handle(RecordedRequest request) {
        if (!request.method().equals("GET")) {
            return mode == Mode.ECS ? ecsError(405, "InvalidRequest", "Method not allowed")
                    : FakeResponse.of(405, "text/plain", "405 method not allowed\n");
        }
        return mode == Mode.ECS ? ecs(request) : podIdentity(request);
    }

    private FakeResponse ecs(RecordedRequest request) {
        String path = request.path();
        String id;
        if (path.startsWith(ECS_V2_PREFIX)) {
            id = path.substring(ECS_V2_PREFIX.length());
        } else if (path.equals(ECS_V1_PATH)) {
            id = request.queryParam("id").orElse("");
        } else {
            return FakeResponse.of(404, "text/plain", "404 page not found\n");
        }
        if (id.isEmpty()) {
            return ecsError(400, "NoIdInRequest", "CredentialsV2Request: No ID in the request");
        }
        if (!id.equals(credentialsId)) {
            return ecsError(400, "InvalidIdInRequest", "CredentialsV2Request: Credentials not found");
        }
        if (uninitialized) {
            return ecsError(503, "CredentialsUninitialized", "CredentialsV2Request: Credentials uninitialized for ID");
        }
        IssuedCredentials c = credentials();
        return FakeResponse.json("{\"RoleArn\":\"" + roleArn() + "\",\"AccessKeyId\":\"" + c.accessKeyId()
                + "\",\"SecretAccessKey\":\"" + c.secretAccessKey() + "\",\"Token\":\"" + c.sessionToken().orElse("")
                + "\",\"Expiration\":\"" + ZULU.format(c.expiration().orElseThrow().truncatedTo(ChronoUnit.SECONDS))
                + "\"}");
    }

    private FakeResponse podIdentity(RecordedRequest request) {
        if (!request.path().equals(POD_IDENTITY_PATH)) {
            return FakeResponse.of(404, "text/plain", "404 page not found\n");
        }
        String presented = request.header("Authorization").orElse("");
        if (presented.isEmpty()) {
            return FakeResponse.of(400, "text/plain", "Service account token cannot be empty\n");
        }
        if (presented.split("\\.", -1).length != 3) {
            return FakeResponse.of(400, "text/plain", "Service account token cannot be parsed: token contains an"
                    + " invalid number of segments\n");
        }
        String expected;
        synchronized (this) {
            expected = token;
        }
        if (!presented.equals(expected)) {
            return FakeResponse.of(403, "text/plain", "[fake-" + Integer.toHexString(presented.hashCode())
                    + "]: (AccessDeniedException): Failed to validate the service account token, fault: client\n");
        }
        if (uninitialized) {
            return FakeResponse.of(500, "text/plain", "[fake]: (InternalServerException): upstream unavailable,"
                    + " fault: server\n");
        }
        IssuedCredentials c = credentials();
        return FakeResponse.json("{\"AccessKeyId\":\"" + c.accessKeyId() + "\",\"SecretAccessKey\":\""
                + c.secretAccessKey() + "\",\"Token\":\"" + c.sessionToken().orElse("") + "\",\"AccountId\":\""
                + accountId() + "\",\"Expiration\":\"" + ZULU.format(c.expiration().orElseThrow()) + "\"}");
    }

    private synchronized IssuedCredentials credentials() {
        if (serveExpired) {
            if (expired == null) {
                expired = issue(clock().instant().minus(Duration.ofMinutes(5)));
            }
            return expired;
        }
        return currentCredentials();
    }

    private IssuedCredentials issue(Instant expiration) {
        credentialsIssued.incrementAndGet();
        String session = mode == Mode.ECS ? credentialsId : "eks-fake-pod-" + tokensWritten.get();
        return registry.issueRoleSession(roleArn(), session, expiration, mode == Mode.ECS ? "ecs" : "eks-pod-identity");
    }

    /** Writes a fresh JWT-shaped token atomically; caller holds the lock. */
    private void writeToken() throws IOException {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"fake\"}".getBytes(StandardCharsets.UTF_8));
        long now = clock().instant().getEpochSecond();
        String claims = b64.encodeToString(("{\"aud\":[\"pods.eks.amazonaws.com\"],\"iat\":" + now + ",\"exp\":"
                + (now + 86400) + ",\"sub\":\"system:serviceaccount:default:fake\"}").getBytes(StandardCharsets.UTF_8));
        String fresh = header + "." + claims + "." + registry.randomToken("sig", 43).replace('+', '-')
                .replace('/', '_').replace("=", "");
        Path dir = tokenFile.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".token", ".tmp");
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(tmp, fresh, StandardCharsets.UTF_8);
        Files.move(tmp, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        token = fresh;
        tokensWritten.incrementAndGet();
    }

    private static FakeResponse ecsError(int status, String code, String message) {
        return FakeResponse.json("{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"HTTPErrorCode\":"
                + status + "}").withStatus(status);
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        return mode == Mode.ECS ? ecsError(status, status >= 500 ? "InternalServerError" : "InvalidRequest",
                "HTTP " + status) : FakeResponse.of(status, "text/plain", "[fake]: (Error): HTTP " + status
                + ", fault: " + (status >= 500 ? "server" : "client") + "\n");
    }

    @Override
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return FakeResponse.of(429, "text/plain", mode == Mode.ECS ? "You have reached maximum request limit.\n"
                : "Too Many Requests\n");
    }

    /** Stops the server and deletes the token file the fake created. Idempotent. */
    @Override
    public synchronized void close() {
        super.close();
        if (ownedDirectory != null) {
            try {
                Files.deleteIfExists(ownedDirectory.resolve(TOKEN_FILE_NAME));
                Files.deleteIfExists(ownedDirectory);
            } catch (IOException e) {
                // a leftover temporary file; nothing to do
            }
            ownedDirectory = null;
        }
    }

    @Override
    public String toString() {
        return super.toString() + "[" + mode + "]";
    }

    /** Builder of {@link FakeContainerCredentials}. Not thread-safe. */
    public static final class Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private String accountId;
        private String bindAddress = "127.0.0.1";
        private int port;
        private Mode mode = Mode.ECS;
        private String roleName = "demo-task-role";
        private String credentialsId = "0f8a6c1e-5b3d-4c2a-9e7f-1a2b3c4d5e6f";
        private Duration lifetime = Duration.ofHours(6);
        private Duration rotateBefore = Duration.ofMinutes(15);
        private Path tokenFile;

        private Builder() {
        }

        /** The clock for credential expirations; default a ticking {@link MutableClock#systemUtc()}. */
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

        /** Which agent to play; default {@link Mode#ECS}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** The task or pod role's name; default {@code demo-task-role}. */
        public Builder roleName(String roleName) {
            Objects.requireNonNull(roleName, "roleName");
            if (!roleName.matches("[\\w+=,.@-]{1,64}")) {
                throw new IllegalArgumentException("roleName must be 1..64 of [A-Za-z0-9_+=,.@-], was '" + roleName + "'");
            }
            this.roleName = roleName;
            return this;
        }

        /** ECS mode: the credentials id in the relative URI; default a fixed UUID. */
        public Builder credentialsId(String credentialsId) {
            Objects.requireNonNull(credentialsId, "credentialsId");
            if (!credentialsId.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IllegalArgumentException("credentialsId must be 1..64 of [A-Za-z0-9-], was '"
                        + credentialsId + "'");
            }
            this.credentialsId = credentialsId;
            return this;
        }

        /** Pod Identity mode: where the token file is written; default a new temporary directory. */
        public Builder tokenFile(Path tokenFile) {
            this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
            return this;
        }

        /** How long each credential set lives; default 6 hours. */
        public Builder credentialsLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "credentialsLifetime");
            if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("credentialsLifetime must be at least 1 minute, was " + lifetime);
            }
            this.lifetime = lifetime;
            return this;
        }

        /** How long before expiry a new credential set replaces the current one; default 15 minutes. */
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
        public FakeContainerCredentials build() {
            if (clock == null) {
                clock = MutableClock.systemUtc();
            }
            return new FakeContainerCredentials(this);
        }
    }
}
