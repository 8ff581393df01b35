package io.github.tempcreds.cognito;

import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Cognito credentials for many end users at once, for a server that acts on behalf of its users: one
 * {@link CognitoIdentityCredentialsProvider} per user, each refreshed ahead on its own, in a bounded cache
 * that evicts idle users (the engine's {@link KeyedCredentialsProviders}, backed by Caffeine).
 *
 * <pre>{@code
 * CognitoCredentialsCache cache = CognitoCredentialsCache.builder()
 *         .provider(CognitoIdentityCredentialsProvider.builder().identityPoolId(poolId))
 *         .loginsForUser(userId -> CognitoLogins.of(USER_POOL_PROVIDER, sessions.idTokenOf(userId)))
 *         .maximumSize(50_000).expireAfterAccess(Duration.ofMinutes(30))
 *         .build();
 * S3Client s3ForUser = S3Client.builder().credentialsProvider(cache.credentialsProvider(userId)).build();
 * }</pre>
 *
 * <p>All users share the template's settings, one Cognito client (and STS client for the basic flow), and
 * one {@link IdentityIdStore}, so a user evicted while idle gets the same identity back. Each user's
 * logins come from {@link Builder#loginsForUser}, asked on every refresh of that user, or for
 * developer-authenticated identities the user key is the developer user id
 * ({@link Builder#developerProviderName}). A user's provider is keyed by the user key alone: one user's
 * credentials are never handed to another.
 *
 * <p>Thread-safe. {@link #close()} closes every user's provider and the clients the cache created, for
 * good: the cache is not given to SDK clients, its handles are. Closing a handle (an SDK client closing
 * it) closes only that user's current provider; the handle keeps working. After the cache is closed,
 * its handles fail.
 */
public final class CognitoCredentialsCache implements SdkAutoCloseable {
    private final KeyedCredentialsProviders<String> providers;
    private final String poolId;
    private final CognitoIdentityClient ownedCognito;
    private final StsClient ownedSts;

    private CognitoCredentialsCache(BuilderImpl b) {
        CognitoIdentityCredentialsProvider.BuilderImpl template =
                ((CognitoIdentityCredentialsProvider.BuilderImpl) b.template).copy();
        if (b.developerProviderName != null) {
            template.developerIdentity(b.developerProviderName, "validation");
        }
        CognitoIdentityCredentialsProvider.BuilderImpl shared = template.validated();
        this.poolId = shared.identityPoolId;
        this.ownedCognito = shared.cognitoClient == null ? shared.defaultCognitoClient() : null;
        if (ownedCognito != null) {
            shared.cognitoClient(ownedCognito);
        }
        this.ownedSts = shared.basicFlowRoleArn != null && shared.stsClient == null ? shared.defaultStsClient() : null;
        if (ownedSts != null) {
            shared.stsClient(ownedSts);
        }
        Function<String, CognitoLogins> logins = b.loginsForUser;
        String developer = b.developerProviderName;
        KeyedCredentialsProviders.Builder<String> kb = KeyedCredentialsProviders.builder((String user) -> {
            CognitoIdentityCredentialsProvider.Builder p = shared.copy();
            if (developer != null) {
                p.developerIdentity(developer, user);
            } else {
                p.logins(() -> logins.apply(user));
            }
            return p.build();
        });
        this.providers = kb.maximumSize(b.maximumSize).expireAfterAccess(b.expireAfterAccess)
                .environment(shared.environment()).build();
    }

    /** A builder; {@link Builder#provider} and one of {@link Builder#loginsForUser} or
     * {@link Builder#developerProviderName} are required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The credentials provider of one user: a stable handle, valid after the user's entry is evicted (the
     * next call creates a new provider, which finds the user's identity id in the shared store).
     *
     * @param userKey the user's key, e.g. the application's user id; it appears in logs and health, so it
     *     must not be a secret
     * @throws IllegalStateException after {@link #close()}
     */
    public RefreshableCredentialsProvider credentialsProvider(String userKey) {
        return providers.get(Objects.requireNonNull(userKey, "userKey"));
    }

    /** The current credentials of one user; same as {@code credentialsProvider(userKey).resolveCredentials()}. */
    public AwsCredentials resolveCredentials(String userKey) {
        return credentialsProvider(userKey).resolveCredentials();
    }

    /** Removes and closes one user's provider (e.g. on sign-out). */
    public void invalidate(String userKey) {
        providers.invalidate(Objects.requireNonNull(userKey, "userKey"));
    }

    /** The approximate number of users with a cached provider. */
    public long estimatedSize() {
        return providers.estimatedSize();
    }

    /** Closes every user's provider and the clients this cache created. Idempotent. */
    @Override
    public void close() {
        providers.close();
        if (ownedCognito != null) {
            ownedCognito.close();
        }
        if (ownedSts != null) {
            ownedSts.close();
        }
    }

    @Override
    public String toString() {
        return "CognitoCredentialsCache(pool " + poolId + ", " + providers.estimatedSize() + " users)";
    }

    /** Builder of {@link CognitoCredentialsCache}. Not thread-safe. */
    public interface Builder {
        /**
         * The settings every user shares: pool, flow, custom role, clients, store, refresh policy,
         * environment. Required. Its logins and developer identity are replaced per user. When it has no
         * Cognito client, the cache creates one for all users; when it has no store, one in-memory store is
         * shared by all users.
         */
        Builder provider(CognitoIdentityCredentialsProvider.Builder template);

        /** The logins of a user, asked on every refresh of that user. */
        Builder loginsForUser(Function<String, CognitoLogins> logins);

        /**
         * Developer-authenticated identities instead of logins: each user key is a developer user id of this
         * developer provider. The template must be able to sign ({@code developerCredentialsProvider} or a
         * signed client).
         */
        Builder developerProviderName(String developerProviderName);

        /** Most users kept; default {@value KeyedCredentialsProviders#DEFAULT_MAXIMUM_SIZE}. */
        Builder maximumSize(long maximumSize);

        /** How long an idle user's provider is kept; default one hour. */
        Builder expireAfterAccess(Duration expireAfterAccess);

        /**
         * Builds the cache. No I/O; creates the shared clients it needs.
         *
         * @throws IllegalStateException naming the setting when the template is missing or invalid, or
         *     neither or both of loginsForUser and developerProviderName are set
         */
        CognitoCredentialsCache build();
    }

    private static final class BuilderImpl implements Builder {
        private CognitoIdentityCredentialsProvider.Builder template;
        private Function<String, CognitoLogins> loginsForUser;
        private String developerProviderName;
        private long maximumSize = KeyedCredentialsProviders.DEFAULT_MAXIMUM_SIZE;
        private Duration expireAfterAccess = KeyedCredentialsProviders.DEFAULT_EXPIRE_AFTER_ACCESS;

        @Override
        public Builder provider(CognitoIdentityCredentialsProvider.Builder template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        @Override
        public Builder loginsForUser(Function<String, CognitoLogins> logins) {
            this.loginsForUser = Objects.requireNonNull(logins, "logins");
            return this;
        }

        @Override
        public Builder developerProviderName(String developerProviderName) {
            this.developerProviderName = Objects.requireNonNull(developerProviderName, "developerProviderName");
            return this;
        }

        @Override
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw new IllegalArgumentException("maximumSize must be positive, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        @Override
        public Builder expireAfterAccess(Duration expireAfterAccess) {
            if (expireAfterAccess == null || expireAfterAccess.isNegative() || expireAfterAccess.isZero()) {
                throw new IllegalArgumentException("expireAfterAccess must be positive, was " + expireAfterAccess);
            }
            this.expireAfterAccess = expireAfterAccess;
            return this;
        }

        @Override
        public CognitoCredentialsCache build() {
            if (template == null) {
                throw new IllegalStateException("provider (the shared CognitoIdentityCredentialsProvider.Builder) "
                        + "is required");
            }
            if ((loginsForUser == null) == (developerProviderName == null)) {
                throw new IllegalStateException("set exactly one of loginsForUser and developerProviderName");
            }
            return new CognitoCredentialsCache(this);
        }
    }
}
