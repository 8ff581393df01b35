package io.github.tempcreds.sso.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

class SsoClientsTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    /**
     * Closing closes what was built (each is an {@code OwnedClient}, whose close is tested in core; the SDK
     * client closes the HTTP client it built) and the next call builds new clients.
     */
    @Test
    void portalAndOidc_afterClose_builtAgain() {
        SsoClients clients = new SsoClients("us-east-1", NOWHERE, NOWHERE, null, null);
        SsoClient portal = clients.portal();
        SsoOidcClient oidc = clients.oidc();
        assertThat(clients.portal()).isSameAs(portal);
        assertThat(clients.oidc()).isSameAs(oidc);

        clients.close();
        SsoClient portalAgain = clients.portal();
        SsoOidcClient oidcAgain = clients.oidc();
        assertThat(portalAgain).isNotSameAs(portal);
        assertThat(oidcAgain).isNotSameAs(oidc);
        clients.close();
        clients.close();
        assertThat(clients.portal()).isNotSameAs(portalAgain);
        clients.close();
    }

    @Test
    void builtClients_talkThroughTheUrlConnectionClient() {
        SsoClients clients = new SsoClients("us-east-1", NOWHERE, NOWHERE, null, null);
        try {
            // nothing listens on NOWHERE: the refusal comes from HttpURLConnection, through the SDK's client
            assertThatThrownBy(() -> clients.portal().listAccounts(b -> b.accessToken("t")))
                    .hasStackTraceContaining("sun.net.www.protocol.http.HttpURLConnection");
            assertThatThrownBy(() -> clients.oidc().createToken(b -> b.clientId("c")))
                    .hasStackTraceContaining("sun.net.www.protocol.http.HttpURLConnection");
        } finally {
            clients.close();
        }
    }

    @Test
    void close_userClients_neverClosed() {
        try (SsoClient portal = SsoClient.builder().region(Region.US_EAST_1).endpointOverride(NOWHERE)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
             SsoOidcClient oidc = SsoOidcClient.builder().region(Region.US_EAST_1).endpointOverride(NOWHERE)
                     .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            SsoClients clients = new SsoClients("us-east-1", null, null, portal, oidc);
            clients.close();
            assertThat(clients.portal()).isSameAs(portal);
            assertThat(clients.oidc()).isSameAs(oidc);
        }
    }
}
