package io.github.tempcreds.testkit.internal.cognito;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeCognitoIdentity.PoolSpec;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state and operations of a fake Cognito Identity service: pools, identities, linked logins.
 * Internal: no compatibility promise.
 *
 * <p>Concurrency: identities and login links are guarded by {@code this} (one lock keeps identity linking
 * consistent). Token verification, role resolution, credential issuance and token signing run outside the
 * lock (they read only immutable pool specs and thread-safe objects), so concurrent requests verify their
 * JWTs in parallel. Pools and the access-key index are concurrent maps; ids come from {@code random} under
 * its own monitor.
 */
public final class CognitoService {
    /** The {@code Logins} key of tokens this service itself issues. */
    public static final String OWN_PROVIDER = "cognito-identity.amazonaws.com";
    /** Role session name of enhanced-flow credentials, as Cognito names it. */
    public static final String SESSION_NAME = "CognitoIdentityCredentials";
    private static final Duration OPEN_ID_TOKEN_TTL = Duration.ofMinutes(10);

    private static final class Identity {
        final String id;
        final PoolSpec pool;
        final Set<String> loginKeys = new java.util.LinkedHashSet<>();

        Identity(String id, PoolSpec pool) {
            this.id = id;
            this.pool = pool;
        }
    }

    private final String region;
    private final Clock clock;
    private final CredentialRegistry registry;
    private final OidcIssuer openIdIssuer;
    private final Duration credentialLifetime;
    private final Random random;
    private final Map<String, PoolSpec> pools = new ConcurrentHashMap<>();
    private final Map<String, Identity> identities = new LinkedHashMap<>();
    private final Map<String, String> identityByLogin = new LinkedHashMap<>();
    private final Map<String, String> identityByAccessKey = new ConcurrentHashMap<>();

    /** Creates the service. */
    public CognitoService(String region, Clock clock, CredentialRegistry registry, OidcIssuer openIdIssuer,
                          Duration credentialLifetime, Random random) {
        this.region = region;
        this.clock = clock;
        this.registry = registry;
        this.openIdIssuer = openIdIssuer;
        this.credentialLifetime = credentialLifetime;
        this.random = random;
    }

    /** A new id {@code <region>:<uuid>} for a pool or an identity. */
    public String newId() {
        UUID u;
        synchronized (random) {
            u = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                    (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        }
        return region + ":" + u;
    }

    /** Adds a pool. */
    public void addPool(PoolSpec pool) {
        if (pools.putIfAbsent(pool.id(), pool) != null) {
            throw new IllegalArgumentException("a pool with id " + pool.id() + " already exists");
        }
    }

    /** Deletes an identity; later calls for it get {@code ResourceNotFoundException}. */
    public synchronized boolean deleteIdentity(String identityId) {
        Identity gone = identities.remove(identityId);
        if (gone == null) {
            return false;
        }
        for (String key : gone.loginKeys) {
            identityByLogin.remove(gone.pool.id() + "#" + key);
        }
        return true;
    }

    /** The identity ids of a pool. */
    public synchronized List<String> identities(String poolId) {
        List<String> out = new ArrayList<>();
        identities.values().stream().filter(i -> i.pool.id().equals(poolId)).forEach(i -> out.add(i.id));
        return out;
    }

    /** The identity that credentials with this access key id were issued to. */
    public Optional<String> identityOf(String accessKeyId) {
        return Optional.ofNullable(identityByAccessKey.get(accessKeyId));
    }

    /** {@code GetId}. */
    public Map<String, Object> getId(Map<String, Object> req) {
        PoolSpec pool = pool(Requests.poolId(req));
        Map<String, String> logins = Requests.logins(req);
        if (logins.isEmpty()) {
            requireGuestsAllowed(pool);
            synchronized (this) {
                return Map.of("IdentityId", create(pool).id);
            }
        }
        List<Logins.Login> verified = verify(pool, logins);
        synchronized (this) {
            return Map.of("IdentityId", identityForLogins(pool, verified, null).id);
        }
    }

    /** {@code GetCredentialsForIdentity}. */
    public Map<String, Object> getCredentialsForIdentity(Map<String, Object> req) {
        String identityId = Requests.identityId(req);
        String customRole = Requests.optionalString(req, "CustomRoleArn");
        Map<String, String> raw = Requests.logins(req);
        PoolSpec pool = poolOfIdentity(identityId);
        List<Logins.Login> logins = raw.isEmpty() ? List.of() : verify(pool, raw);
        Identity identity = authorize(identityId, logins);
        String roleArn;
        if (logins.isEmpty()) {
            if (customRole != null) {
                throw CognitoError.notAuthorized("A custom role ARN requires an authenticated identity.");
            }
            roleArn = RoleResolver.unauthenticatedRole(identity.pool);
        } else {
            Logins.Login first = logins.get(0);
            roleArn = first.provider.equals(OWN_PROVIDER) && customRole == null
                    ? RoleResolver.authenticatedRole(identity.pool)
                    : RoleResolver.resolve(identity.pool, first, customRole);
        }
        Instant now = clock.instant();
        IssuedCredentials c = registry.issueRoleSession(roleArn, SESSION_NAME, now.plus(credentialLifetime),
                "cognito");
        identityByAccessKey.put(c.accessKeyId(), identity.id);
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("AccessKeyId", c.accessKeyId());
        creds.put("Expiration", (double) c.expiration().orElseThrow().getEpochSecond());
        creds.put("SecretKey", c.secretAccessKey());
        creds.put("SessionToken", c.sessionToken().orElseThrow());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Credentials", creds);
        out.put("IdentityId", identity.id);
        return out;
    }

    /** {@code GetOpenIdToken}. */
    public Map<String, Object> getOpenIdToken(Map<String, Object> req) {
        String identityId = Requests.identityId(req);
        Map<String, String> raw = Requests.logins(req);
        PoolSpec pool = poolOfIdentity(identityId);
        if (!pool.allowClassicFlow()) {
            throw CognitoError.invalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.");
        }
        List<Logins.Login> logins = raw.isEmpty() ? List.of() : verify(pool, raw);
        Identity identity = authorize(identityId, logins);
        List<String> amr = new ArrayList<>();
        if (logins.isEmpty()) {
            amr.add("unauthenticated");
        } else {
            amr.add("authenticated");
            for (Logins.Login l : logins) {
                amr.add(l.provider);
                amr.add(l.provider + ":" + identity.pool.id() + ":" + l.subject);
            }
        }
        String token = openIdIssuer.mint(identity.id, identity.pool.id(), clock.instant(), OPEN_ID_TOKEN_TTL,
                Map.of("amr", amr));
        return Map.of("IdentityId", identity.id, "Token", token);
    }

    /** {@code GetOpenIdTokenForDeveloperIdentity}: a signed call; the signature is verified first. */
    public Map<String, Object> getOpenIdTokenForDeveloperIdentity(RecordedRequest request, Map<String, Object> req) {
        CognitoAuth.verify(request, registry, clock.instant());
        PoolSpec pool = pool(Requests.poolId(req));
        Map<String, String> logins = new LinkedHashMap<>(Requests.logins(req));
        String developer = pool.developerProviderName();
        String userId = developer == null ? null : logins.remove(developer);
        if (userId == null) {
            throw CognitoError.invalidParameter("The Logins map must contain the developer provider name of "
                    + "this identity pool.");
        }
        long ttl = Requests.optionalLong(req, "TokenDuration", 900);
        if (ttl < 1 || ttl > 86400) {
            throw CognitoError.invalidParameter("TokenDuration must be between 1 and 86400 seconds.");
        }
        List<Logins.Login> verified = new ArrayList<>(verify(pool, logins));
        verified.add(0, new Logins.Login(developer, userId, null));
        String requestedId = Requests.optionalString(req, "IdentityId");
        Identity identity;
        synchronized (this) {
            identity = identityForLogins(pool, verified, requestedId);
        }
        List<String> amr = List.of("authenticated", developer, developer + ":" + pool.id() + ":" + userId);
        String token = openIdIssuer.mint(identity.id, pool.id(), clock.instant(), Duration.ofSeconds(ttl),
                Map.of("amr", amr));
        return Map.of("IdentityId", identity.id, "Token", token);
    }

    private PoolSpec pool(String poolId) {
        PoolSpec pool = pools.get(poolId);
        if (pool == null) {
            throw CognitoError.notFound("IdentityPool '" + poolId + "' not found.");
        }
        return pool;
    }

    private synchronized PoolSpec poolOfIdentity(String identityId) {
        return identity(identityId).pool;
    }

    private Identity identity(String identityId) {
        Identity identity = identities.get(identityId);
        if (identity == null) {
            throw CognitoError.notFound("Identity '" + identityId + "' not found.");
        }
        return identity;
    }

    private Identity create(PoolSpec pool) {
        Identity identity = new Identity(newId(), pool);
        identities.put(identity.id, identity);
        return identity;
    }

    private List<Logins.Login> verify(PoolSpec pool, Map<String, String> logins) {
        return Logins.verify(pool, logins, openIdIssuer, OWN_PROVIDER, clock.instant());
    }

    private static void requireGuestsAllowed(PoolSpec pool) {
        if (!pool.allowUnauthenticated()) {
            throw CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.");
        }
    }

    /** The identity of verified logins: an existing one linked to any of them, else a new one. */
    private Identity identityForLogins(PoolSpec pool, List<Logins.Login> logins, String requestedId) {
        Identity found = requestedId == null ? null : identity(requestedId);
        for (Logins.Login l : logins) {
            Identity linked = l.provider.equals(OWN_PROVIDER) ? identity(l.subject)
                    : identities.get(identityByLogin.get(pool.id() + "#" + l.key()));
            if (linked != null && found != null && linked != found) {
                throw CognitoError.of("ResourceConflictException", "The logins are linked to another identity.");
            }
            found = linked != null ? linked : found;
        }
        Identity identity = found != null ? found : create(pool);
        link(identity, logins);
        return identity;
    }

    private void link(Identity identity, List<Logins.Login> logins) {
        for (Logins.Login l : logins) {
            if (!l.provider.equals(OWN_PROVIDER)) {
                identity.loginKeys.add(l.key());
                identityByLogin.put(identity.pool.id() + "#" + l.key(), identity.id);
            }
        }
    }

    /**
     * Checks that verified logins may act as the identity (linking them to a guest identity, as Cognito
     * does); no logins means guest access. Returns the identity.
     */
    private synchronized Identity authorize(String identityId, List<Logins.Login> logins) {
        Identity identity = identity(identityId);
        if (logins.isEmpty()) {
            if (!identity.loginKeys.isEmpty()) {
                throw CognitoError.notAuthorized("Access to Identity '" + identity.id + "' is forbidden.");
            }
            requireGuestsAllowed(identity.pool);
            return identity;
        }
        boolean matches = false;
        for (Logins.Login l : logins) {
            String linked = l.provider.equals(OWN_PROVIDER) ? l.subject
                    : identityByLogin.get(identity.pool.id() + "#" + l.key());
            if (linked != null && !linked.equals(identity.id)) {
                throw CognitoError.notAuthorized("Logins don't match. Please include at least one valid login "
                        + "for this identity or identity pool.");
            }
            matches |= linked != null;
        }
        if (!matches && !identity.loginKeys.isEmpty()) {
            throw CognitoError.notAuthorized("Logins don't match. Please include at least one valid login for "
                    + "this identity or identity pool.");
        }
        link(identity, logins);
        return identity;
    }
}
