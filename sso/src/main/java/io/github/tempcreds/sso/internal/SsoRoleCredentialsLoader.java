package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.ClientFailures;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;

/**
 * Loads role credentials from the SSO portal's {@code GetRoleCredentials} with a token from the
 * {@link SsoTokenManager}. The refresh engine caches them.
 *
 * <p>Concurrency: stateless apart from its collaborators, which are thread-safe.
 */
public final class SsoRoleCredentialsLoader implements CredentialsLoader {
    /** The provider name set on the credentials it returns. */
    public static final String PROVIDER_NAME = "SsoSessionCredentialsProvider";

    private final SsoSettings settings;
    private final SsoTokenManager tokens;
    private final Supplier<SsoClient> portal;

    public SsoRoleCredentialsLoader(SsoSettings settings, SsoTokenManager tokens, Supplier<SsoClient> portal) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.portal = Objects.requireNonNull(portal, "portal");
    }

    @Override
    public AwsCredentials load() {
        String token = tokens.accessToken();
        RoleCredentials c;
        SsoClient client = portal.get();
        try {
            c = client.getRoleCredentials(b -> b.accessToken(token).accountId(settings.accountId())
                    .roleName(settings.roleName())).roleCredentials();
        } catch (UnauthorizedException e) {
            throw CredentialsConfigurationException.newBuilder().source("sso").cause(e).message(String.format(
                    SsoMessages.PORTAL_UNAUTHORIZED, settings.label(), settings.loginCommand())).build();
        } catch (SsoException e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (status == 403 || status == 404) {
                throw CredentialsConfigurationException.newBuilder().source("sso").cause(e).message(String.format(
                        SsoMessages.PORTAL_FORBIDDEN, settings.roleName(), settings.accountId(),
                        code == null ? "" : code)).build();
            }
            throw failed((code == null ? "" : code + ", ") + "HTTP " + status, e);
        } catch (SdkServiceException e) {
            throw failed("HTTP " + e.statusCode(), e);
        } catch (SdkClientException e) {
            throw clientFailed(client, e);
        }
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw CredentialsRetrievalException.newBuilder().source("sso").message(String.format(
                    SsoMessages.PORTAL_MALFORMED, settings.roleName(), settings.accountId())).build();
        }
        return AwsSessionCredentials.builder().accessKeyId(c.accessKeyId()).secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken()).expirationTime(Instant.ofEpochMilli(c.expiration()))
                .accountId(settings.accountId()).providerName(PROVIDER_NAME).build();
    }

    /** No usable answer: a timeout is a timeout error, anything else a retrieval error saying what happened. */
    private CredentialsException clientFailed(SsoClient client, SdkClientException e) {
        SsoClientFailure f = SsoClientFailure.of(e, "the SSO portal", "GetRoleCredentials",
                SsoClientFailure.endpoint(client, "https://portal.sso." + settings.region() + ".amazonaws.com"));
        String message = String.format(SsoMessages.PORTAL_CLIENT_FAILED, settings.roleName(), settings.accountId(),
                f.text());
        if (f.kind() == SsoClientFailure.Kind.TIMEOUT) {
            return CredentialsTimeoutException.newBuilder().source("sso").cause(e).message(message).build();
        }
        return CredentialsRetrievalException.newBuilder().source("sso").cause(ClientFailures.safeCause(e))
                .message(message).build();
    }

    private CredentialsRetrievalException failed(String what, Exception cause) {
        return CredentialsRetrievalException.newBuilder().source("sso").cause(cause).message(String.format(
                SsoMessages.PORTAL_FAILED, what, settings.roleName(), settings.accountId())).build();
    }
}
