package io.github.tempcreds.testkit;

import io.github.tempcreds.testkit.internal.cognito.CognitoError;
import io.github.tempcreds.testkit.internal.cognito.CognitoJson;
import io.github.tempcreds.testkit.internal.cognito.CognitoService;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Amazon Cognito Identity (identity pools) endpoint, awsJson1.1, that the real SDK clients accept:
 * {@code GetId}, {@code GetCredentialsForIdentity}, {@code GetOpenIdToken} and
 * {@code GetOpenIdTokenForDeveloperIdentity}.
 *
 * <pre>{@code
 * OidcIssuer userPool = OidcIssuer.create("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test");
 * try (FakeCognitoIdentity cognito = FakeCognitoIdentity.builder().clock(clock).build().start()) {
 *     String poolId = cognito.pool(FakeCognitoIdentity.PoolSpec.builder()
 *             .authenticatedRoleArn("arn:aws:iam::123456789012:role/Auth")
 *             .unauthenticatedRoleArn("arn:aws:iam::123456789012:role/Guest")
 *             .allowUnauthenticated(true)
 *             .identityProvider(userPool)
 *             .build());
 *     // point CognitoIdentityClient at cognito.uri()
 * }
 * }</pre>
 *
 * <p>Like the service: identities are stable per pool, provider and token subject; a guest gets a new
 * identity per {@code GetId} without logins; login tokens are verified against the provider's
 * {@link OidcIssuer} (signature, issuer, expiry) with Cognito's error texts; the role of an authenticated
 * identity follows the pool's {@link CognitoRoleMapping} for the login's provider; a custom role ARN is
 * honoured only when the token's {@code cognito:roles} claim lists it. Credentials are issued through the
 * {@link CredentialRegistry} as role sessions ({@code CognitoIdentityCredentials}), one hour by default, with
 * {@code Expiration} in epoch seconds and the secret in {@code SecretKey}. OpenID tokens are RS512 JWTs from
 * {@link #openIdIssuer()} (issuer {@value #OPEN_ID_ISSUER}, audience the pool id, subject the identity id,
 * ten minutes), which the fake STS accepts when it trusts that issuer. Errors carry {@code __type} in the
 * body and the {@code x-amzn-ErrorType} and {@code x-amzn-ErrorMessage} headers.
 *
 * <p>{@code GetOpenIdTokenForDeveloperIdentity} is a signed call: the fake verifies the SigV4 signature
 * (service {@code cognito-identity}) against the keys of the {@link CredentialRegistry} (unknown key
 * {@code UnrecognizedClientException}, wrong signature or clock skew over 15 minutes
 * {@code InvalidSignatureException}, a session token that does not match or is missing {@code UnrecognizedClientException}, expired session {@code ExpiredTokenException}, no signature
 * {@code MissingAuthenticationTokenException}).
 *
 * <p>Thread-safe.
 */
public final class FakeCognitoIdentity extends AbstractFake<FakeCognitoIdentity> {
    /** The issuer of the OpenID tokens this fake issues. */
    public static final String OPEN_ID_ISSUER = "https://cognito-identity.amazonaws.com";
    /** The {@code Logins} key for this fake's own OpenID tokens (developer-authenticated identities). */
    public static final String OPEN_ID_PROVIDER = CognitoService.OWN_PROVIDER;
    private static final String TARGET_PREFIX = "AWSCognitoIdentityService.";
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    /** One signing key per region for every fake in this JVM, as Cognito signs for all pools of a region. */
    private static final Map<String, OidcIssuer> OPEN_ID_ISSUERS = new ConcurrentHashMap<>();

    private final String region;
    private final CredentialRegistry registry;
    private final OidcIssuer openIdIssuer;
    private final CognitoService service;

    private FakeCognitoIdentity(BuilderImpl b) {
        super(b.clock, b.bindAddress, b.port);
        this.region = b.region;
        this.registry = b.registry;
        this.openIdIssuer = OPEN_ID_ISSUERS.computeIfAbsent(b.region,
                r -> OidcIssuer.create(OPEN_ID_ISSUER, "RS512", r + "1"));
        this.service = new CognitoService(b.region, b.clock, b.registry, openIdIssuer, b.credentialLifetime,
                b.random);
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The region of pool and identity ids, e.g. {@code us-east-1}. */
    public String region() {
        return region;
    }

    /** The registry credentials are issued through. */
    public CredentialRegistry registry() {
        return registry;
    }

    /**
     * The issuer of this fake's OpenID tokens (RS512, key id {@code <region>1}); a fake STS trusts it for the
     * basic flow. Every fake of a region in this JVM shares it, as Cognito signs for all pools of a region
     * with the same keys.
     */
    public OidcIssuer openIdIssuer() {
        return openIdIssuer;
    }

    /**
     * Adds an identity pool.
     *
     * @return its id, {@code <region>:<uuid>}
     * @throws IllegalArgumentException if a pool with the spec's id already exists
     */
    public String pool(PoolSpec spec) {
        Objects.requireNonNull(spec, "spec");
        PoolSpec withId = spec.id() != null ? spec : spec.withId(service.newId());
        service.addPool(withId);
        return withId.id();
    }

    /**
     * Deletes an identity, as {@code DeleteIdentities} does: later calls naming it get
     * {@code ResourceNotFoundException}, and its logins get a new identity from {@code GetId}.
     *
     * @return whether the identity existed
     */
    public boolean deleteIdentity(String identityId) {
        return service.deleteIdentity(identityId);
    }

    /** The identity ids of a pool, oldest first. */
    public List<String> identities(String poolId) {
        return service.identities(poolId);
    }

    /** The identity that credentials with this access key id were issued to, if this fake issued them. */
    public Optional<String> identityOf(String accessKeyId) {
        return service.identityOf(accessKeyId);
    }

    @Override
    protected String operationOf(RecordedRequest request) {
        String target = request.header("X-Amz-Target").orElse("");
        return target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length())
                : super.operationOf(request);
    }

    @Override
    protected FakeResponse handle(RecordedRequest request) {
        try {
            if (!request.method().equals("POST") || !request.header("X-Amz-Target").isPresent()) {
                throw CognitoError.of("UnknownOperationException", null);
            }
            Map<String, Object> body;
            try {
                body = CognitoJson.parse(request.bodyText());
            } catch (IllegalArgumentException e) {
                throw CognitoError.of("SerializationException", "Start of structure or map found where not expected.");
            }
            return ok(dispatch(request, body));
        } catch (CognitoError e) {
            return error(e.type(), e.getMessage(), e.status());
        }
    }

    private Map<String, Object> dispatch(RecordedRequest request, Map<String, Object> body) {
        switch (request.operation()) {
            case "GetId":
                return service.getId(body);
            case "GetCredentialsForIdentity":
                return service.getCredentialsForIdentity(body);
            case "GetOpenIdToken":
                return service.getOpenIdToken(body);
            case "GetOpenIdTokenForDeveloperIdentity":
                return service.getOpenIdTokenForDeveloperIdentity(request, body);
            default:
                throw CognitoError.of("UnknownOperationException", null);
        }
    }

    private static FakeResponse ok(Map<String, Object> answer) {
        return FakeResponse.of(200, JSON_TYPE, CognitoJson.write(answer))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
    }

    /**
     * An error answer as Cognito sends it.
     *
     * @param type the {@code __type}, e.g. {@code NotAuthorizedException}
     * @param message the message, or null
     * @param status the HTTP status
     */
    public static FakeResponse error(String type, String message, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", type);
        if (message != null) {
            body.put("message", message);
        }
        FakeResponse r = FakeResponse.of(status, JSON_TYPE, CognitoJson.write(body))
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withHeader("x-amzn-ErrorType", type + ":");
        return message == null ? r : r.withHeader("x-amzn-ErrorMessage", message);
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        if (status >= 500) {
            return error("InternalErrorException", "An internal error occurred.", status);
        }
        switch (status) {
            case 403:
                return error("NotAuthorizedException", "Access denied (injected fault).", status);
            case 404:
                return error("ResourceNotFoundException", "Resource not found (injected fault).", status);
            case 429:
                return error("TooManyRequestsException", "Rate exceeded", status);
            default:
                return error("InvalidParameterException", "Invalid parameter (injected fault).", status);
        }
    }

    @Override
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return error("TooManyRequestsException", "Rate exceeded", 400);
    }

    @Override
    protected FakeResponse malformedResponse(RecordedRequest request) {
        return FakeResponse.of(200, JSON_TYPE, "{\"IdentityId\": \"us-east-1:0000\", \"Credentials\": {");
    }

    /** Builder of a {@link FakeCognitoIdentity}. */
    public interface Builder {
        /** The clock for expirations and token checks. Default: a clock frozen at the current instant. */
        Builder clock(MutableClock clock);

        /** The registry credentials are issued through. Default: a new registry. */
        Builder registry(CredentialRegistry registry);

        /** The region in pool and identity ids. Default {@code us-east-1}. */
        Builder region(String region);

        /** Lifetime of issued credentials. Default one hour, as Cognito issues them. */
        Builder credentialLifetime(Duration lifetime);

        /** Randomness for pool and identity ids (seed it for repeatable ids). Default unseeded. */
        Builder random(Random random);

        /** Loopback address to bind. Default {@code 127.0.0.1}. */
        Builder bindAddress(String bindAddress);

        /** Port to bind. Default 0, a free port. */
        Builder port(int port);

        /** Builds the fake (not started). */
        FakeCognitoIdentity build();
    }

    private static final class BuilderImpl implements Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private String region = "us-east-1";
        private Duration credentialLifetime = Duration.ofHours(1);
        private Random random = new Random();
        private String bindAddress = "127.0.0.1";
        private int port;

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
        public Builder region(String region) {
            if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("region must look like us-east-1, was " + region);
            }
            this.region = region;
            return this;
        }

        @Override
        public Builder credentialLifetime(Duration lifetime) {
            if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("credentialLifetime must be at least 1 second, was " + lifetime);
            }
            this.credentialLifetime = lifetime;
            return this;
        }

        @Override
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        @Override
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
            return this;
        }

        @Override
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        @Override
        public FakeCognitoIdentity build() {
            if (clock == null) {
                clock = MutableClock.at(Instant.now());
            }
            if (registry == null) {
                registry = CredentialRegistry.create();
            }
            return new FakeCognitoIdentity(this);
        }
    }

    /**
     * An identity pool: roles, guest access, identity providers, developer provider, role mappings.
     * Immutable; build with {@link #builder()}.
     */
    public static final class PoolSpec {
        private final String id;
        private final String authenticatedRoleArn;
        private final String unauthenticatedRoleArn;
        private final boolean allowUnauthenticated;
        private final boolean allowClassicFlow;
        private final String developerProviderName;
        private final Map<String, OidcIssuer> identityProviders;
        private final Map<String, CognitoRoleMapping> roleMappings;
        private final PoolSpecBuilder builder;

        private PoolSpec(PoolSpecBuilder b, String id) {
            this.id = id;
            this.authenticatedRoleArn = b.authenticatedRoleArn;
            this.unauthenticatedRoleArn = b.unauthenticatedRoleArn;
            this.allowUnauthenticated = b.allowUnauthenticated;
            this.allowClassicFlow = b.allowClassicFlow;
            this.developerProviderName = b.developerProviderName;
            this.identityProviders = Collections.unmodifiableMap(new LinkedHashMap<>(b.identityProviders));
            this.roleMappings = Collections.unmodifiableMap(new LinkedHashMap<>(b.roleMappings));
            this.builder = b;
        }

        /** A builder. */
        public static PoolSpecBuilder builder() {
            return new PoolSpecBuilder();
        }

        PoolSpec withId(String newId) {
            return new PoolSpec(builder, newId);
        }

        /** The pool id, or null when the fake assigns one. */
        public String id() {
            return id;
        }

        /** The role of authenticated identities without a mapping, or null. */
        public String authenticatedRoleArn() {
            return authenticatedRoleArn;
        }

        /** The role of guests, or null. */
        public String unauthenticatedRoleArn() {
            return unauthenticatedRoleArn;
        }

        /** Whether guests (no logins) may get an identity and credentials. */
        public boolean allowUnauthenticated() {
            return allowUnauthenticated;
        }

        /** Whether {@code GetOpenIdToken} (the basic flow) is enabled. */
        public boolean allowClassicFlow() {
            return allowClassicFlow;
        }

        /** The developer provider name, or null. */
        public String developerProviderName() {
            return developerProviderName;
        }

        /** The identity providers by {@code Logins} key. */
        public Map<String, OidcIssuer> identityProviders() {
            return identityProviders;
        }

        /** The role mappings by {@code Logins} key. */
        public Map<String, CognitoRoleMapping> roleMappings() {
            return roleMappings;
        }

        @Override
        public String toString() {
            return "PoolSpec(" + (id == null ? "new" : id) + ", providers " + identityProviders.keySet()
                    + ", guests " + allowUnauthenticated + ")";
        }
    }

    /** Builder of a {@link PoolSpec}. */
    public static final class PoolSpecBuilder {
        private String id;
        private String authenticatedRoleArn;
        private String unauthenticatedRoleArn;
        private boolean allowUnauthenticated;
        private boolean allowClassicFlow;
        private String developerProviderName;
        private final Map<String, OidcIssuer> identityProviders = new LinkedHashMap<>();
        private final Map<String, CognitoRoleMapping> roleMappings = new LinkedHashMap<>();

        private PoolSpecBuilder() {
        }

        /** The pool id ({@code <region>:<uuid>}). Default: a new random id. */
        public PoolSpecBuilder id(String id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** The role of authenticated identities. Default none (then they get an invalid-configuration error). */
        public PoolSpecBuilder authenticatedRoleArn(String roleArn) {
            this.authenticatedRoleArn = roleArn;
            return this;
        }

        /** The role of guests. Default none. */
        public PoolSpecBuilder unauthenticatedRoleArn(String roleArn) {
            this.unauthenticatedRoleArn = roleArn;
            return this;
        }

        /** Whether guests are allowed. Default false, as for a new pool. */
        public PoolSpecBuilder allowUnauthenticated(boolean allow) {
            this.allowUnauthenticated = allow;
            return this;
        }

        /** Whether the basic (classic) flow is enabled. Default false, as for a new pool. */
        public PoolSpecBuilder allowClassicFlow(boolean allow) {
            this.allowClassicFlow = allow;
            return this;
        }

        /** The developer provider name for {@code GetOpenIdTokenForDeveloperIdentity}. Default none. */
        public PoolSpecBuilder developerProviderName(String name) {
            this.developerProviderName = name;
            return this;
        }

        /**
         * An identity provider whose {@code Logins} key is the issuer URL without {@code https://}, e.g.
         * {@code cognito-idp.us-east-1.amazonaws.com/us-east-1_abc} or {@code accounts.example.test}.
         */
        public PoolSpecBuilder identityProvider(OidcIssuer issuer) {
            return identityProvider(providerName(issuer), issuer);
        }

        /** An identity provider under an explicit {@code Logins} key. */
        public PoolSpecBuilder identityProvider(String providerName, OidcIssuer issuer) {
            identityProviders.put(Objects.requireNonNull(providerName, "providerName"),
                    Objects.requireNonNull(issuer, "issuer"));
            return this;
        }

        /** The role mapping for one provider's logins. Default none: the authenticated role. */
        public PoolSpecBuilder roleMapping(String providerName, CognitoRoleMapping mapping) {
            roleMappings.put(Objects.requireNonNull(providerName, "providerName"),
                    Objects.requireNonNull(mapping, "mapping"));
            return this;
        }

        /**
         * Builds the spec.
         *
         * @throws IllegalStateException if a role mapping names a provider the pool does not have
         */
        public PoolSpec build() {
            for (String p : roleMappings.keySet()) {
                if (!identityProviders.containsKey(p)) {
                    throw new IllegalStateException("roleMapping names provider " + p + " which is not an "
                            + "identityProvider of the pool");
                }
            }
            PoolSpecBuilder copy = new PoolSpecBuilder();
            copy.authenticatedRoleArn = authenticatedRoleArn;
            copy.unauthenticatedRoleArn = unauthenticatedRoleArn;
            copy.allowUnauthenticated = allowUnauthenticated;
            copy.allowClassicFlow = allowClassicFlow;
            copy.developerProviderName = developerProviderName;
            copy.identityProviders.putAll(identityProviders);
            copy.roleMappings.putAll(roleMappings);
            return new PoolSpec(copy, id);
        }
    }

    /** The {@code Logins} key of an issuer: its URL without the scheme. */
    public static String providerName(OidcIssuer issuer) {
        URI uri = URI.create(issuer.issuer());
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + (path.equals("/") ? "" : path);
    }
}
