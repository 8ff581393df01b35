package io.github.tempcreds.cognito.internal;

import io.github.tempcreds.cognito.CognitoLogins;
import io.github.tempcreds.cognito.CognitoLoginsSupplier;
import io.github.tempcreds.cognito.IdentityIdStore;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.cognitoidentity.model.GetOpenIdTokenForDeveloperIdentityResponse;
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Loads credentials from a Cognito identity pool: enhanced flow ({@code GetId},
 * {@code GetCredentialsForIdentity}), basic flow ({@code GetId}, {@code GetOpenIdToken}, STS
 * {@code AssumeRoleWithWebIdentity}), developer-authenticated identities
 * ({@code GetOpenIdTokenForDeveloperIdentity}, then either). Internal: no compatibility promise.
 *
 * <p>Concurrency: no state of its own besides the thread-safe store; the engine calls {@link #load()} one
 * at a time per provider.
 */
public final class CognitoLoader implements CredentialsLoader {
    /** Logged at DEBUG when a stored identity id is unknown to Cognito and is forgotten. */
    public static final String FORGOT_IDENTITY = "Cognito identity pool {}: the stored identity for user key {} "
            + "no longer exists; forgetting it and getting a new one";
    /** The {@code Logins} key of Cognito's own OpenID tokens. */
    public static final String OPEN_ID_PROVIDER = "cognito-identity.amazonaws.com";
    private static final Logger LOG = LoggerFactory.getLogger(CognitoLoader.class);

    /** Settings of a loader, set once by the provider's builder. */
    public static final class Config {
        public String poolId;
        public Supplier<CognitoIdentityClient> cognito;
        public Supplier<StsClient> sts;
        public CognitoLoginsSupplier logins;
        public String customRoleArn;
        public String basicFlowRoleArn;
        public String roleSessionName;
        public String developerProvider;
        public String developerUserId;
        public Duration developerTokenDuration;
        public IdentityIdStore store;
    }

    private final Config c;

    /** A loader with these settings (the object is not copied; do not change it afterwards). */
    public CognitoLoader(Config config) {
        this.c = config;
    }

    @Override
    public AwsCredentials load() {
        CognitoLogins logins = currentLogins();
        String userKey = c.developerProvider != null ? UserKeys.developer(c.developerProvider, c.developerUserId)
                : logins.userKey();
        String who = describe(logins);
        Optional<String> stored = c.store.get(c.poolId, userKey);
        try {
            try {
                return attempt(logins, userKey, stored.orElse(null));
            } catch (ResourceNotFoundException e) {
                if (stored.isEmpty()) {
                    throw e;
                }
                LOG.debug(FORGOT_IDENTITY, c.poolId, userKey);
                c.store.remove(c.poolId, userKey);
                return attempt(logins, userKey, null);
            }
        } catch (SdkException e) {
            if (e instanceof CredentialsException) {
                throw e;
            }
            throw CognitoErrors.map(e, c.poolId, who);
        }
    }

    private CognitoLogins currentLogins() {
        CognitoLogins logins;
        try {
            logins = c.logins.logins();
        } catch (CredentialsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CognitoErrors.retrieval("The Cognito logins supplier of identity pool " + c.poolId + " failed: "
                    + e.getClass().getSimpleName() + "; will retry", e);
        }
        if (logins == null) {
            throw CognitoErrors.configuration("The Cognito logins supplier of identity pool " + c.poolId
                    + " returned null; return CognitoLogins.guest() for a guest", null);
        }
        return logins;
    }

    private String describe(CognitoLogins logins) {
        if (c.developerProvider != null) {
            return "developer provider " + c.developerProvider;
        }
        return logins.isGuest() ? "guest" : "login provider(s) " + logins.providers();
    }

    private AwsCredentials attempt(CognitoLogins logins, String userKey, String identityId) {
        String id = identityId;
        if (c.developerProvider != null) {
            Map<String, String> devLogins = new LinkedHashMap<>(logins.asMap());
            devLogins.put(c.developerProvider, c.developerUserId);
            GetOpenIdTokenForDeveloperIdentityResponse r = c.cognito.get().getOpenIdTokenForDeveloperIdentity(b -> b
                    .identityPoolId(c.poolId).identityId(identityId).logins(devLogins)
                    .tokenDuration(c.developerTokenDuration.toSeconds()));
            remember(userKey, identityId, r.identityId());
            if (c.basicFlowRoleArn != null) {
                return assumeRole(r.token());
            }
            return credentials(r.identityId(), Map.of(OPEN_ID_PROVIDER, r.token()));
        }
        if (id == null) {
            id = c.cognito.get().getId(b -> b.identityPoolId(c.poolId).logins(logins.asMap())).identityId();
            remember(userKey, null, id);
        }
        if (c.basicFlowRoleArn != null) {
            String identity = id;
            return assumeRole(c.cognito.get().getOpenIdToken(b -> b.identityId(identity).logins(logins.asMap()))
                    .token());
        }
        return credentials(id, logins.asMap());
    }

    private void remember(String userKey, String old, String fresh) {
        if (fresh != null && !fresh.equals(old)) {
            c.store.put(c.poolId, userKey, fresh);
        }
    }

    private AwsCredentials credentials(String identityId, Map<String, String> logins) {
        Credentials creds = c.cognito.get().getCredentialsForIdentity(b -> b.identityId(identityId).logins(logins)
                .customRoleArn(c.customRoleArn)).credentials();
        if (creds == null || creds.accessKeyId() == null || creds.secretKey() == null || creds.sessionToken() == null
                || creds.expiration() == null) {
            throw CognitoErrors.retrieval("Cognito GetCredentialsForIdentity for pool " + c.poolId
                    + " answered without complete credentials; will retry", null);
        }
        if (creds.expiration().isAfter(LATEST_PLAUSIBLE)) {
            // The SDK turns an epoch-seconds number too large (or too negative) for its millisecond arithmetic
            // into a time hundreds of millions of years ahead: that is a malformed answer, not a long session.
            throw CognitoErrors.retrieval("Cognito GetCredentialsForIdentity for pool " + c.poolId
                    + " answered with an Expiration that cannot be real (after year 9999); will retry", null);
        }
        return session(creds.accessKeyId(), creds.secretKey(), creds.sessionToken(), creds.expiration());
    }

    /** No real credentials expire after this; the SDK makes such times of out-of-range numbers. */
    static final Instant LATEST_PLAUSIBLE = Instant.parse("9999-12-31T23:59:59Z");

    private AwsCredentials assumeRole(String openIdToken) {
        software.amazon.awssdk.services.sts.model.Credentials creds = c.sts.get().assumeRoleWithWebIdentity(b -> b
                .roleArn(c.basicFlowRoleArn).roleSessionName(c.roleSessionName).webIdentityToken(openIdToken))
                .credentials();
        if (creds == null) {
            throw CognitoErrors.retrieval("STS AssumeRoleWithWebIdentity for Cognito pool " + c.poolId
                    + " answered without credentials; will retry", null);
        }
        return session(creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken(), creds.expiration());
    }

    private static AwsCredentials session(String keyId, String secret, String token, Instant expiration) {
        return AwsSessionCredentials.builder().accessKeyId(keyId).secretAccessKey(secret).sessionToken(token)
                .expirationTime(expiration).providerName("CognitoIdentityCredentialsProvider").build();
    }
}
