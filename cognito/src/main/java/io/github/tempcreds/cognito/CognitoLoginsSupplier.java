package io.github.tempcreds.cognito;

/**
 * Supplies the current {@link CognitoLogins}; asked again on every refresh, so identity-provider tokens
 * (a user pool ID token, a Google ID token, ...) can themselves be refreshed between Cognito calls.
 *
 * <p>Thread safety: called from the refresh thread, one call at a time per provider; must be safe to call
 * from different threads over time.
 *
 * <p>Errors: a {@link io.github.tempcreds.core.CredentialsException} thrown here is passed on as is (a
 * {@link io.github.tempcreds.core.CredentialsConfigurationException} when a person must sign in again);
 * any other runtime exception becomes a retryable {@link io.github.tempcreds.core.CredentialsRetrievalException}.
 */
@FunctionalInterface
public interface CognitoLoginsSupplier {
    /**
     * The logins to use now.
     *
     * @return the logins, {@link CognitoLogins#guest()} for none; never {@code null}
     */
    CognitoLogins logins();
}
