package io.github.tempcreds.testkit.internal.cognito;

import io.github.tempcreds.testkit.FakeCognitoIdentity.PoolSpec;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.OidcIssuer.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Verifies the {@code Logins} map of a request against a pool's identity providers, with Cognito's
 * error texts. Internal: no compatibility promise.
 */
final class Logins {
    static final String UNSUPPORTED_PROVIDER = "Token is not from a supported provider of this identity pool.";
    static final String ISSUER_MISMATCH = "Invalid login token. Issuer doesn't match providerName";
    static final String BAD_SIGNATURE = "Invalid login token. Couldn't verify signed token.";

    /** One verified login: the provider key, the subject and the verified token. */
    static final class Login {
        final String provider;
        final String subject;
        final VerifiedToken token;

        Login(String provider, String subject, VerifiedToken token) {
            this.provider = provider;
            this.subject = subject;
            this.token = token;
        }

        /** The key an identity is linked by. */
        String key() {
            return provider + "|" + subject;
        }
    }

    private Logins() {
    }

    /**
     * Verifies every login.
     *
     * @param developerIssuer the fake's own OpenID issuer, for {@code cognito-identity.amazonaws.com}
     * @throws CognitoError {@code NotAuthorizedException} for an unknown provider or an invalid token
     */
    static List<Login> verify(PoolSpec pool, Map<String, String> logins, OidcIssuer developerIssuer,
                              String developerProviderKey, Instant now) {
        if (logins.size() > 10) {
            throw CognitoError.of("ValidationException", "1 validation error detected: Value at 'logins' failed "
                    + "to satisfy constraint: Member must have length less than or equal to 10");
        }
        List<Login> out = new ArrayList<>();
        for (Map.Entry<String, String> e : logins.entrySet()) {
            String provider = e.getKey();
            OidcIssuer issuer = provider.equals(developerProviderKey) ? developerIssuer
                    : pool.identityProviders().get(provider);
            if (issuer == null) {
                throw CognitoError.notAuthorized(UNSUPPORTED_PROVIDER);
            }
            VerifiedToken token = verifyToken(issuer, e.getValue(), now);
            if (issuer == developerIssuer && !token.audiences().contains(pool.id())) {
                throw CognitoError.notAuthorized("Invalid login token. Incorrect token audience.");
            }
            out.add(new Login(provider, token.subject(), token));
        }
        return out;
    }

    private static VerifiedToken verifyToken(OidcIssuer issuer, String jwt, Instant now) {
        String iss = unverifiedIssuer(jwt);
        if (iss == null) {
            throw CognitoError.notAuthorized(BAD_SIGNATURE);
        }
        if (!iss.equals(issuer.issuer())) {
            throw CognitoError.notAuthorized(ISSUER_MISMATCH);
        }
        VerifiedToken token = issuer.verify(jwt, now)
                .orElseThrow(() -> CognitoError.notAuthorized(BAD_SIGNATURE));
        if (token.expired(now)) {
            throw CognitoError.notAuthorized("Invalid login token. Token expired: " + now.getEpochSecond() + " >= "
                    + token.expiresAt().getEpochSecond());
        }
        return token;
    }

    /** The {@code iss} of a JWT read without verifying it, or null when it is not a JWT. */
    private static String unverifiedIssuer(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            Object iss = CognitoJson.parse(payload).get("iss");
            return iss instanceof String ? (String) iss : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
