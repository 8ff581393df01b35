package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.AttributeMap;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

class StsClientsTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private final TempcredsEnvironment env = TempcredsEnvironment.builder()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build();

    @Test
    void client_afterClose_createsNewClientAndClosesTheOld() {
        List<TrackingHttpClient> http = new ArrayList<>();
        StsClients clients = new StsClients(null, "us-east-1", NOWHERE, env, false, () -> new TrackingBuilder(http));
        StsClient first = clients.client(null, null);
        assertThat(clients.client(null, null)).isSameAs(first);
        assertThat(http).hasSize(1);

        clients.close();
        assertThat(clients.createdCount()).isZero();
        assertThat(http.get(0).closed).as("the first STS client's HTTP client").isTrue();

        StsClient second = clients.client(null, null);
        assertThat(second).isNotSameAs(first);
        assertThat(clients.createdCount()).isEqualTo(1);
        assertThat(http).hasSize(2);
        assertThat(http.get(1).closed).isFalse();

        clients.close();
        clients.close();
        assertThat(clients.createdCount()).isZero();
        assertThat(http.get(1).closed).as("the second STS client's HTTP client").isTrue();
    }

    @Test
    void createdClient_talksThroughTheUrlConnectionClient() {
        StsClients clients = new StsClients(null, "us-east-1", NOWHERE, env, false);
        try {
            StsClient client = clients.client(null, null);
            assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.US_EAST_1);
            // nothing listens on NOWHERE: the refusal comes from HttpURLConnection, through the SDK's client
            assertThatThrownBy(() -> client.getCallerIdentity(GetCallerIdentityRequest.builder().build()))
                    .hasStackTraceContaining("sun.net.www.protocol.http.HttpURLConnection");
        } finally {
            clients.close();
        }
    }

    /** Builds UrlConnection clients (as the default) and records them, so the test sees their close. */
    private static final class TrackingBuilder implements SdkHttpClient.Builder<TrackingBuilder> {
        private final List<TrackingHttpClient> built;

        TrackingBuilder(List<TrackingHttpClient> built) {
            this.built = built;
        }

        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap defaults) {
            TrackingHttpClient c = new TrackingHttpClient(UrlConnectionHttpClient.builder().buildWithDefaults(defaults));
            built.add(c);
            return c;
        }
    }

    private static final class TrackingHttpClient implements SdkHttpClient {
        private final SdkHttpClient delegate;
        volatile boolean closed;

        TrackingHttpClient(SdkHttpClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return delegate.prepareRequest(request);
        }

        @Override
        public void close() {
            closed = true;
            delegate.close();
        }
    }

    @Test
    void close_injectedClient_neverClosedAndStillReturned() {
        try (StsClient injected = StsClient.builder().region(Region.US_EAST_1).endpointOverride(NOWHERE).build()) {
            StsClients clients = new StsClients(injected, null, null, env, false);
            clients.close();
            assertThat(clients.client(null, null)).isSameAs(injected);
            clients.close();
            assertThat(clients.client(null, null)).isSameAs(injected);
            assertThat(clients.createdCount()).isZero();
        }
    }

    @Test
    void closeForGood_laterCall_refusedWithTypedError() {
        StsClients clients = new StsClients(null, "us-east-1", NOWHERE, env, false);
        clients.client(null, null);
        clients.closeForGood();
        assertThat(clients.createdCount()).isZero();
        assertThatThrownBy(() -> clients.client(null, null)).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("build a new one");
        assertThat(clients.createdCount()).isZero();
    }
}
