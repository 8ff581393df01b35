package io.github.tempcreds.testkit;

import io.github.tempcreds.testkit.internal.sts.StsAuthenticator;
import io.github.tempcreds.testkit.internal.sts.StsCaller;
import io.github.tempcreds.testkit.internal.sts.StsError;
import io.github.tempcreds.testkit.internal.sts.StsParams;
import io.github.tempcreds.testkit.internal.sts.StsService;
import io.github.tempcreds.testkit.internal.sts.StsXml;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake AWS Security Token Service that real AWS clients accept: the awsQuery protocol (API version
 * {@code 2011-06-15}, form-encoded {@code POST /} or a query-string {@code GET}, XML answers) with
 * {@code AssumeRole}, {@code AssumeRoleWithWebIdentity}, {@code GetSessionToken} and
 * {@code GetCallerIdentity}.
 *
 * <pre>{@code
 * CredentialRegistry registry = CredentialRegistry.create();
 * registry.seedUserKey("AKIATESTUSER00001", "testsecret", "alice");
 * try (FakeSts sts = FakeSts.builder().clock(clock).registry(registry)
 *         .role(RoleSpec.of("arn:aws:iam::123456789012:role/demo"))
 *         .build().start()) {
 *     StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create("AKIATESTUSER00001", "testsecret")))
 *             .build();
 *     client.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/demo").roleSessionName("s"));
 * }
 * }</pre>
 *
 * <p>Strict where STS is strict:
 * <ul>
 *   <li>Signed operations are verified with SigV4 against the keys of the {@link CredentialRegistry} (those
 *       seeded, and those any fake sharing the registry issued): unknown key or session token
 *       {@code InvalidClientTokenId}; wrong signature or {@code X-Amz-Date} more than 15 minutes off the fake
 *       clock {@code SignatureDoesNotMatch}; a session past its expiration by the fake clock
 *       {@code ExpiredToken}. Presigned {@code GET}s are verified too. {@link Builder#verifySignatures}
 *       turns this off.</li>
 *   <li>Parameters are validated as the STS model says, with STS's {@code ValidationError} texts; role
 *       trust, external id, MFA (each code works once), session duration limits (the role's maximum, and
 *       one hour for role chaining: assuming a role with role-session credentials), session policy syntax
 *       and packed size, session tags and transitive tag keys, source identity.</li>
 *   <li>{@code AssumeRoleWithWebIdentity} is unsigned; its token must come from a trusted
 *       {@link OidcIssuer} ({@link #trustIssuer}) and the role must trust that issuer and audience.</li>
 * </ul>
 * Errors are {@code ErrorResponse} documents with STS's codes and statuses; injected faults
 * ({@link Fault#status(int)}, {@link Fault#throttle()}, {@link Fault#malformedBody()}) answer in the same
 * shape. Every response has {@code x-amzn-RequestId} and {@code Date}. See {@code docs/testkit-sts.md}.
 *
 * <p>Concurrency: requests are served concurrently; roles, issuers and disabled regions may be changed at
 * any time from any thread.
 */
public final class FakeSts extends AbstractFake<FakeSts> {
    /** The only API version STS has. */
    public static final String API_VERSION = "2011-06-15";
    /** The operations this fake answers. */
    public static final Set<String> OPERATIONS =
            Set.of("AssumeRole", "AssumeRoleWithWebIdentity", "GetSessionToken", "GetCallerIdentity");

    private final CredentialRegistry registry;
    private final boolean verifySignatures;
    private final StsService service;
    private final StsAuthenticator authenticator;
    private final Set<String> disabledRegions = ConcurrentHashMap.newKeySet();

    private FakeSts(BuilderImpl b) {
        super(b.clock, "127.0.0.1", b.port);
        this.registry = b.registry;
        this.verifySignatures = b.verifySignatures;
        this.service = new StsService(registry, b.clock);
        this.authenticator = new StsAuthenticator(registry, b.clock);
        b.roles.forEach(service::role);
        b.issuers.forEach(service::trustIssuer);
    }

    /** A builder with the defaults: a clock at the current time, a fresh registry, a free port, signatures verified. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The registry whose keys this fake accepts and where it registers what it issues. */
    public CredentialRegistry registry() {
        return registry;
    }

    /** Whether signatures are verified. */
    public boolean verifySignatures() {
        return verifySignatures;
    }

    /** Defines (or replaces, by ARN) a role. */
    public FakeSts role(RoleSpec role) {
        service.role(Objects.requireNonNull(role, "role"));
        return this;
    }

    /** Removes a role: assuming it is then {@code AccessDenied}. */
    public FakeSts removeRole(String roleArn) {
        service.removeRole(Objects.requireNonNull(roleArn, "roleArn"));
        return this;
    }

    /**
     * Trusts an external issuer's tokens for {@code AssumeRoleWithWebIdentity} by its public keys, as
     * an IAM OIDC provider does (see {@link OidcIssuer#fromJwks(String, String)}).
     *
     * @param issuerUrl the {@code iss} of its tokens
     * @param jwksJson its JSON Web Key Set
     * @return this fake
     * @throws IllegalArgumentException if the JWKS is not a set of usable RSA keys
     */
    public FakeSts trustIssuer(String issuerUrl, String jwksJson) {
        return trustIssuer(OidcIssuer.fromJwks(issuerUrl, jwksJson));
    }

    /** Trusts an issuer's tokens for {@code AssumeRoleWithWebIdentity}. */
    public FakeSts trustIssuer(OidcIssuer issuer) {
        service.trustIssuer(Objects.requireNonNull(issuer, "issuer"));
        return this;
    }

    /**
     * Answers signed requests scoped to {@code region} with {@code RegionDisabledException} (403), as STS
     * does in a region the account has not activated.
     */
    public FakeSts disableRegion(String region) {
        disabledRegions.add(Objects.requireNonNull(region, "region"));
        return this;
    }

    /** Undoes {@link #disableRegion(String)}. */
    public FakeSts enableRegion(String region) {
        disabledRegions.remove(region);
        return this;
    }

    /**
     * A fault that answers with an STS {@code ErrorResponse} of this status, code and message, e.g.
     * {@code errorFault(400, "IDPCommunicationError", "…")}; narrow it with {@link Fault#onOperation} and
     * {@link Fault#times}.
     */
    public static Fault errorFault(int status, String code, String message) {
        StsError e = new StsError(Objects.requireNonNull(code, "code"), status, Objects.requireNonNull(message,
                "message"));
        return Fault.body(status, "text/xml", StsXml.error(e.type(), code, message, UUID.randomUUID().toString()));
    }

    @Override
    protected String operationOf(RecordedRequest request) {
        return StsParams.of(request).get("Action").orElse(request.method() + " " + request.path());
    }

    @Override
    protected FakeResponse handle(RecordedRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            StsParams params = StsParams.of(request);
            String action = params.get("Action").orElse("");
            if (!OPERATIONS.contains(action)) {
                throw new StsError("InvalidAction", 400, "Could not find operation " + action + " for version "
                        + params.get("Version").orElse("NO_VERSION_SPECIFIED"));
            }
            String version = params.get("Version").orElseThrow(() -> new StsError("MissingParameter", 400,
                    "The request must contain the parameter Version"));
            if (!API_VERSION.equals(version)) {
                throw new StsError("InvalidAction", 400, "Could not find operation " + action + " for version "
                        + version);
            }
            return success(action, dispatch(action, request, params), requestId);
        } catch (StsError e) {
            return error(e, requestId);
        }
    }

    private String dispatch(String action, RecordedRequest request, StsParams params) {
        if (action.equals("AssumeRoleWithWebIdentity")) {
            return service.assumeRoleWithWebIdentity(params);
        }
        StsCaller caller = verifySignatures ? authenticator.authenticate(request) : authenticator.identify(request);
        if (disabledRegions.contains(caller.region())) {
            throw new StsError("RegionDisabledException", 403, "STS is not activated in this region for account:"
                    + caller.accountId() + ". Your account administrator can activate STS in this region using the "
                    + "IAM Console.");
        }
        switch (action) {
            case "AssumeRole":
                return service.assumeRole(caller, params);
            case "GetSessionToken":
                return service.getSessionToken(caller, params);
            default:
                return service.getCallerIdentity(caller);
        }
    }

    private static FakeResponse success(String action, String result, String requestId) {
        return FakeResponse.xml(StsXml.success(action, result, requestId)).withHeader("x-amzn-RequestId", requestId);
    }

    private static FakeResponse error(StsError e, String requestId) {
        return FakeResponse.of(e.status(), "text/xml", StsXml.error(e.type(), e.code(), e.getMessage(), requestId))
                .withHeader("x-amzn-RequestId", requestId);
    }

    /**
     * STS's error for an injected status: 400 {@code InvalidParameterValue}, 403 {@code AccessDenied},
     * 429 and other 4xx {@code Throttling}/{@code InvalidRequest}, 500 {@code InternalFailure}, 503 and other
     * 5xx {@code ServiceUnavailable}; {@code Type} is {@code Receiver} for 5xx.
     */
    @Override
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        String code;
        String message;
        switch (status) {
            case 400:
                code = "InvalidParameterValue";
                message = "Injected fault: the request was invalid.";
                break;
            case 403:
                code = "AccessDenied";
                message = "Injected fault: access denied.";
                break;
            case 429:
                code = "Throttling";
                message = "Rate exceeded";
                break;
            case 500:
                code = "InternalFailure";
                message = "The request processing has failed because of an unknown error, exception or failure.";
                break;
            default:
                code = status >= 500 ? "ServiceUnavailable" : "InvalidRequest";
                message = status >= 500 ? "Service is unable to handle request." : "Injected fault: HTTP " + status;
        }
        return error(new StsError(code, status, message), UUID.randomUUID().toString());
    }

    /** STS's throttling answer: 400 {@code Throttling} "Rate exceeded". */
    @Override
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return error(new StsError("Throttling", 400, "Rate exceeded"), UUID.randomUUID().toString());
    }

    /** A 200 XML document cut off in the middle of the result. */
    @Override
    protected FakeResponse malformedResponse(RecordedRequest request) {
        String action = operationOf(request).replaceAll("[^A-Za-z]", "");
        return FakeResponse.xml("<" + action + "Response xmlns=\"" + StsXml.NAMESPACE + "\"><" + action
                + "Result><Credentials><AccessKeyId>ASIAFAKE");
    }

    @Override
    public String toString() {
        return super.toString() + (verifySignatures ? "" : "[signatures not verified]");
    }

    /** Builds a {@link FakeSts}. Not thread-safe. */
    public interface Builder {
        /** The clock for issued expirations and validation. Default: {@link MutableClock#systemUtc()}. */
        Builder clock(MutableClock clock);

        /** The registry of accepted and issued keys. Default: {@link CredentialRegistry#create()}. */
        Builder registry(CredentialRegistry registry);

        /** The port, or 0 for a free one. Default 0. */
        Builder port(int port);

        /** Whether to verify SigV4 signatures, session tokens and expirations. Default {@code true}. */
        Builder verifySignatures(boolean verify);

        /** Defines a role (see {@link FakeSts#role(RoleSpec)}). May be called repeatedly. */
        Builder role(RoleSpec role);

        /** Trusts an issuer (see {@link FakeSts#trustIssuer(OidcIssuer)}). May be called repeatedly. */
        Builder trustIssuer(OidcIssuer issuer);

        /** Builds the fake; it does not start it. */
        FakeSts build();
    }

    private static final class BuilderImpl implements Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private int port;
        private boolean verifySignatures = true;
        private final List<RoleSpec> roles = new ArrayList<>();
        private final List<OidcIssuer> issuers = new ArrayList<>();

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
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        @Override
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        @Override
        public Builder role(RoleSpec role) {
            roles.add(Objects.requireNonNull(role, "role"));
            return this;
        }

        @Override
        public Builder trustIssuer(OidcIssuer issuer) {
            issuers.add(Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        @Override
        public FakeSts build() {
            if (clock == null) {
                clock = MutableClock.systemUtc();
            }
            if (registry == null) {
                registry = CredentialRegistry.create();
            }
            return new FakeSts(this);
        }
    }
}
