package io.github.tempcreds.cognito;

import io.github.tempcreds.cognito.internal.UserKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code Logins} of a Cognito identity pool request: identity-provider name to token, such as
 * {@code cognito-idp.us-east-1.amazonaws.com/us-east-1_abc} to a user pool ID token. No logins means a
 * guest (unauthenticated) identity.
 *
 * <p>Holds secrets (the tokens), so it is not a record: {@link #toString()} shows the provider names only,
 * and {@link #userKey()} is a non-secret key for the user (provider and the token's {@code sub} claim,
 * read without verifying the token; a hash for tokens that are not JWTs).
 *
 * <p>Immutable and thread-safe.
 */
public final class CognitoLogins {
    private static final CognitoLogins NONE = new CognitoLogins(Map.of());

    private final Map<String, String> tokens;

    private CognitoLogins(Map<String, String> tokens) {
        this.tokens = tokens;
    }

    /** No logins: a guest identity. */
    public static CognitoLogins guest() {
        return NONE;
    }

    /**
     * One login.
     *
     * @param providerName the {@code Logins} key, e.g. {@code accounts.google.com}
     * @param token the provider's token (an OpenID Connect ID token, an OAuth access token, ...)
     * @throws IllegalArgumentException if either is empty or the provider name is over 128 characters
     */
    public static CognitoLogins of(String providerName, String token) {
        return of(Map.of(Objects.requireNonNull(providerName, "providerName"), Objects.requireNonNull(token, "token")));
    }

    /**
     * Several logins (at most 10, as Cognito allows).
     *
     * @throws IllegalArgumentException if there are more than 10, or a name or token is empty
     */
    public static CognitoLogins of(Map<String, String> logins) {
        Objects.requireNonNull(logins, "logins");
        if (logins.size() > 10) {
            throw new IllegalArgumentException("Cognito accepts at most 10 logins, got " + logins.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        logins.forEach((provider, token) -> {
            if (provider == null || provider.isEmpty() || provider.length() > 128) {
                throw new IllegalArgumentException("a login provider name must have 1 to 128 characters");
            }
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException("the token of login provider " + provider + " is empty");
            }
            copy.put(provider, token);
        });
        return copy.isEmpty() ? NONE : new CognitoLogins(Collections.unmodifiableMap(copy));
    }

    /** Whether there are no logins (a guest). */
    public boolean isGuest() {
        return tokens.isEmpty();
    }

    /** The provider names, in order. */
    public Set<String> providers() {
        return tokens.keySet();
    }

    /** The logins as a map for the Cognito request. Contains secrets: never log it. */
    public Map<String, String> asMap() {
        return tokens;
    }

    /**
     * A non-secret key of the user these logins stand for, stable across token refreshes of one user:
     * {@code guest} for no logins, else each provider with the token's {@code sub} claim (read, not
     * verified), or a SHA-256 prefix of the token when it is not a JWT.
     */
    public String userKey() {
        return UserKeys.of(tokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CognitoLogins && ((CognitoLogins) o).tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return isGuest() ? "CognitoLogins(guest)" : "CognitoLogins(" + tokens.keySet() + ")";
    }
}
