package io.github.tempcreds.imds.internal;

import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.internal.RefreshTimeAdvisor;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Loads the instance role's credentials from IMDS. Internal: no compatibility promise.
 *
 * <p>Steady state is one GET: the token and the role name are cached. The extended path
 * ({@code security-credentials-extended}, with {@code AccountId}) is tried first; a 404 there switches to
 * the legacy path for good once the legacy path is seen to work; any other error on the extended path is
 * an error, not a reason to fall back. A 404 on the role's credentials rediscovers the role (at most
 * {@value #MAX_DISCOVERIES} times per load).
 *
 * <p>Refresh timing ({@link RefreshTimeAdvisor}): IMDS makes a new set available at least
 * {@link #ROTATED_BEFORE_EXPIRY} before the current one expires, and until it does it answers with the
 * set already held. When a refresh gets that same set (same access key and expiration) before that point,
 * the next refresh is moved to it ({@code expiration - 5 min}) instead of asking again after a fraction of
 * the remaining life. The engine uses this only to postpone its refresh, never past the mandatory point,
 * and it changes nothing about when the set becomes unusable. Past that point (IMDS late to rotate), the
 * policy's windows apply.
 *
 * <p>Concurrency: the engine calls {@link #load()} from one thread at a time; the cached role name and the
 * path choice are volatile so that a later load on another thread sees them.
 */
public final class ImdsCredentialsLoader implements CredentialsLoader, RefreshTimeAdvisor {
    /** The legacy credentials path. */
    public static final String LEGACY = "/latest/meta-data/iam/security-credentials";
    /** The extended credentials path. */
    public static final String EXTENDED = "/latest/meta-data/iam/security-credentials-extended";
    /** IMDS issues a new set at least this long before the current one expires. */
    public static final Duration ROTATED_BEFORE_EXPIRY = Duration.ofMinutes(5);
    static final int MAX_DISCOVERIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ImdsCredentialsLoader.class);

    private final ImdsContext context;
    private volatile String role;
    private volatile boolean legacyOnly;

    /** Creates a loader over a context. */
    public ImdsCredentialsLoader(ImdsContext context) {
        this.context = context;
    }

    @Override
    public AwsSessionCredentials load() {
        ImdsSettings settings = context.settings();
        if (settings.disabled()) {
            throw CredentialsNotFoundException.newBuilder().source(ImdsErrors.SOURCE)
                    .message(String.format(ImdsErrors.DISABLED_SETTING, settings.disabledSource())).build();
        }
        ImdsClient client = context.client();
        try {
            return loadWith(client);
        } catch (ImdsCallException e) {
            throw ImdsErrors.map(e, client.endpoint(), context.readTimeout(), context.requestTimeout(),
                    context.tokenTtl(), context::containerHints);
        }
    }

    private AwsSessionCredentials loadWith(ImdsClient client) {
        String name = role;
        for (int discoveries = 0; ; ) {
            if (name == null) {
                name = discoverRole(client);
                discoveries++;
            }
            boolean extended = !legacyOnly;
            String path = (extended ? EXTENDED : LEGACY) + "/" + name;
            ImdsResponse r = client.get(path);
            if (r.status() == 200) {
                role = name;
                AwsSessionCredentials c = ImdsCredentialsDocument.parse(r.body(), "GET " + path);
                checkNotExpired(c, path);
                return c;
            }
            if (r.status() != 404) {
                throw ImdsErrors.forStatus(client.endpoint(), path, r, context.tokenTtl());
            }
            LOG.debug("IMDS answered 404 for {}; rediscovering the role", path);
            role = null;
            if (discoveries >= MAX_DISCOVERIES) {
                throw ImdsErrors.retrieval("IMDS at " + client.endpoint() + " lists the role '" + name
                        + "' but answers 404 for " + path + " (tried " + discoveries + " times); the instance"
                        + " profile is probably being changed. It will be tried again later.", null);
            }
            String previous = name;
            name = discoverRole(client);
            discoveries++;
            if (extended && name.equals(previous)) {
                // Listed on the extended path but its credentials are not: use the legacy path.
                legacyOnly = true;
            }
        }
    }

    /** Finds the role name: extended listing first (unless switched to legacy), then legacy. */
    private String discoverRole(ImdsClient client) {
        if (!legacyOnly) {
            ImdsResponse r = client.get(EXTENDED + "/");
            if (r.status() == 200) {
                return roleName(r, client, EXTENDED + "/");
            }
            if (r.status() != 404) {
                throw ImdsErrors.forStatus(client.endpoint(), EXTENDED + "/", r, context.tokenTtl());
            }
        }
        ImdsResponse r = client.get(LEGACY + "/");
        if (r.status() == 404) {
            throw ImdsErrors.notFound(String.format(ImdsErrors.NO_ROLE, client.endpoint(), "GET " + LEGACY + "/"), null);
        }
        if (r.status() != 200) {
            throw ImdsErrors.forStatus(client.endpoint(), LEGACY + "/", r, context.tokenTtl());
        }
        if (!legacyOnly) {
            LOG.debug("IMDS has no security-credentials-extended path; using the legacy path from now on");
            legacyOnly = true;
        }
        return roleName(r, client, LEGACY + "/");
    }

    private static String roleName(ImdsResponse r, ImdsClient client, String path) {
        for (String line : r.body().split("\n")) {
            String name = line.trim();
            if (!name.isEmpty()) {
                return name;
            }
        }
        throw ImdsErrors.retrieval("IMDS at " + client.endpoint() + " answered GET " + path
                + " with an empty role listing; expected the instance role's name.", null);
    }

    private void checkNotExpired(AwsSessionCredentials c, String path) {
        Instant now = context.environment().clock().instant();
        Instant expiration = c.expirationTime().orElseThrow();
        if (!expiration.isAfter(now)) {
            throw CredentialsRetrievalException.newBuilder().source(ImdsErrors.SOURCE)
                    .expiredAt(expiration)
                    .message("IMDS answered GET " + path + " with credentials that expired at " + expiration
                            + " (now " + now + "): IMDS is degraded and serving stale credentials. They are not"
                            + " used; it will be tried again later.").build();
        }
    }

    /**
     * After a refresh that returned the set already held: when IMDS has promised a new one
     * ({@code expiration - }{@link #ROTATED_BEFORE_EXPIRY}), if that is still ahead; otherwise {@code null}
     * (the refresh policy decides).
     */
    @Override
    public Instant nextRefresh(AwsCredentials loaded, AwsCredentials held, Instant now) {
        if (held == null || !sameSet(loaded, held)) {
            return null;
        }
        Instant expiration = loaded.expirationTime().orElse(null);
        if (expiration == null) {
            return null;
        }
        Instant rotated = expiration.minus(ROTATED_BEFORE_EXPIRY);
        return rotated.isAfter(now) ? rotated : null;
    }

    private static boolean sameSet(AwsCredentials a, AwsCredentials b) {
        return a.accessKeyId().equals(b.accessKeyId()) && Objects.equals(a.expirationTime(), b.expirationTime());
    }

    /** Whether the legacy path is in use (the extended path answered 404). */
    public boolean legacyOnly() {
        return legacyOnly;
    }

    /** The cached role name, or {@code null}. */
    public String cachedRole() {
        return role;
    }

    @Override
    public String toString() {
        return "ImdsCredentialsLoader(role=" + role + ", path=" + (legacyOnly ? "legacy" : "extended") + ")";
    }
}
