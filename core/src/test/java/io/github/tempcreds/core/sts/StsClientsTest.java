package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

class StsClientsTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private final TempcredsEnvironment env = TempcredsEnvironment.builder()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build();

    @Test
    void client_afterClose_createsNewClientAndClosesTheOld() {
        StsClients clients = new StsClients(null, "us-east-1", NOWHERE, env, false);
        StsClient first = clients.client(null, null);
        assertThat(clients.client(null, null)).isSameAs(first);

        clients.close();
        assertThat(clients.createdCount()).isZero();
        assertThatThrownBy(() -> first.getCallerIdentity(GetCallerIdentityRequest.builder().build()))
                .isInstanceOf(IllegalStateException.class);

        StsClient second = clients.client(null, null);
        assertThat(second).isNotSameAs(first);
        assertThat(clients.createdCount()).isEqualTo(1);

        clients.close();
        clients.close();
        assertThat(clients.createdCount()).isZero();
        assertThatThrownBy(() -> second.getCallerIdentity(GetCallerIdentityRequest.builder().build()))
                .isInstanceOf(IllegalStateException.class);
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
