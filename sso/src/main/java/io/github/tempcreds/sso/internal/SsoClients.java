package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.CreatedClients;
import io.github.tempcreds.core.internal.OwnedClient;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.ServiceEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * The SSO portal and SSO-OIDC clients of one provider: the user's, or built on first use (anonymous
 * credentials, the SSO region, an endpoint override if configured, the HTTP client of
 * {@link CreatedClients}) and closed with the provider.
 *
 * <p>Life cycle and concurrency: each client is an {@link OwnedClient}: {@link #close()} closes the
 * clients built here and forgets them, the next call builds them again (a provider shared by SDK clients
 * survives one of them closing it), and a client built by a load racing a close is closed by the next
 * close.
 */
public final class SsoClients implements AutoCloseable {
    private final OwnedClient<SsoClient> portal;
    private final OwnedClient<SsoOidcClient> oidc;

    public SsoClients(String region, URI portalEndpoint, URI oidcEndpoint, SsoClient userPortal,
                      SsoOidcClient userOidc) {
        this(region, portalEndpoint, oidcEndpoint, userPortal, userOidc, null);
    }

    /**
     * As above; the clients built here read for at most {@code loadTimeout} (a provider's load timeout),
     * or the SDK's default when it is null (a device login, which is not a load).
     */
    public SsoClients(String region, URI portalEndpoint, URI oidcEndpoint, SsoClient userPortal,
                      SsoOidcClient userOidc, Duration loadTimeout) {
        this.portal = userPortal != null ? OwnedClient.injected(userPortal) : OwnedClient.owned(() -> {
            var b = SsoClient.builder().region(Region.of(region)).credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClientBuilder(CreatedClients.httpClient(loadTimeout));
            if (portalEndpoint != null) {
                b.endpointOverride(portalEndpoint);
            }
            return b.build();
        });
        this.oidc = userOidc != null ? OwnedClient.injected(userOidc) : OwnedClient.owned(() -> {
            var b = SsoOidcClient.builder().region(Region.of(region))
                    .credentialsProvider(AnonymousCredentialsProvider.create())
                    .httpClientBuilder(CreatedClients.httpClient(loadTimeout));
            if (oidcEndpoint != null) {
                b.endpointOverride(oidcEndpoint);
            }
            return b.build();
        });
    }

    /** The portal client. */
    public SsoClient portal() {
        return portal.get();
    }

    /** The SSO-OIDC client. */
    public SsoOidcClient oidc() {
        return oidc.get();
    }

    /** Closes the clients built here, never the user's; the next call builds them again. Idempotent. */
    @Override
    public void close() {
        portal.close();
        oidc.close();
    }

    /**
     * The endpoint override for a service from the environment, as the SDKs read it:
     * {@code aws.endpointUrlSso}/{@code AWS_ENDPOINT_URL_SSO} (or {@code …SsoOidc}/{@code …SSO_OIDC}),
     * then {@code aws.endpointUrl}/{@code AWS_ENDPOINT_URL}; none when
     * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true.
     */
    public static Optional<URI> endpointFromEnvironment(TempcredsEnvironment env, boolean oidc) {
        Optional<ServiceEndpoints.Parsed> v = oidc
                ? ServiceEndpoints.configuredUri(env, "aws.endpointUrlSsoOidc", "AWS_ENDPOINT_URL_SSO_OIDC", "sso")
                : ServiceEndpoints.configuredUri(env, "aws.endpointUrlSso", "AWS_ENDPOINT_URL_SSO", "sso");
        return v.map(ServiceEndpoints.Parsed::uri);
    }

    /**
     * Refuses a plain-HTTP endpoint that is not loopback or link-local unless the user opted in: SSO
     * tokens and role credentials would cross the network in clear text.
     *
     * @throws CredentialsConfigurationException when refused
     */
    public static URI checkEndpoint(URI endpoint, boolean allowInsecure, String setting) {
        if (endpoint == null || allowInsecure) {
            return endpoint;
        }
        if (ServiceEndpoints.secureOrLocal(endpoint)) {
            return endpoint;
        }
        throw CredentialsConfigurationException.newBuilder().source("sso").message("The " + setting + " " + endpoint
                + " is not HTTPS and not a loopback or link-local address; SSO tokens and credentials would be "
                + "sent in clear text. Use https, or set allowInsecureEndpoint(true) if this is intended.").build();
    }
}
