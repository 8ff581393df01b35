package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class RoleChainCredentialsProviderTest {
    private static final String ROLE_A = "arn:aws:iam::123456789012:role/A";
    private static final String ROLE_B = "arn:aws:iam::123456789012:role/B";
    private final TempcredsEnvironment env = TempcredsEnvironment.builder()
            .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
            .homeDirectory(Path.of("/nonexistent-home")).build();
    private final StaticCredentialsProvider user =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATESTUSER0000001", "testsecret"));

    @Test
    void build_withoutSource_configurationError() {
        assertThatThrownBy(() -> RoleChainCredentialsProvider.builder().addHop(ROLE_A).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("source");
    }

    @Test
    void build_withoutHops_configurationError() {
        assertThatThrownBy(() -> RoleChainCredentialsProvider.builder().source(user).build())
                .hasMessageContaining("at least one hop");
    }

    @Test
    void build_plainHttpToRemoteHost_refusedUnlessAllowed() {
        assertThatThrownBy(() -> RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A).environment(env)
                .endpoint(URI.create("http://sts.example.com")).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("allowInsecureEndpoint");
        RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A).environment(env)
                .endpoint(URI.create("http://sts.example.com")).allowInsecureEndpoint(true).build().close();
        RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A).environment(env)
                .endpoint(URI.create("http://127.0.0.1:9")).build().close();
    }

    @Test
    void build_insecureEndpointFromEnvironment_refused() {
        TempcredsEnvironment withEndpoint = TempcredsEnvironment.builder().clock(env.clock())
                .env("AWS_ENDPOINT_URL_STS", "http://10.1.2.3:8080").build();
        assertThatThrownBy(() -> RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A)
                .environment(withEndpoint).build()).hasMessageContaining("http://10.1.2.3:8080");
    }

    @Test
    void build_strictAndChainedSourceAskingTwoHours_refusedAtBuild() {
        WebIdentityCredentialsProvider web = WebIdentityCredentialsProvider.builder().environment(env)
                .roleArn(ROLE_A).webIdentityToken(() -> "token").build();
        assertThatThrownBy(() -> RoleChainCredentialsProvider.builder().source(web).strictDurations(true)
                .environment(env).addHop(RoleHop.builder().roleArn(ROLE_B).duration(Duration.ofHours(2)).build())
                .build()).isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining(ROLE_B);
        web.close();
    }

    @Test
    void build_defaultSessionName_stableFromEnvironmentClock() {
        try (RoleChainCredentialsProvider p = RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A)
                .environment(env).build()) {
            assertThat(p.defaultRoleSessionName()).isEqualTo("tempcreds-" + Instant.parse("2026-01-01T00:00:00Z")
                    .toEpochMilli());
            assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.NOT_LOADED);
            assertThat(p.hops()).extracting(RoleHop::roleArn).containsExactly(ROLE_A);
        }
    }

    @Test
    void toBuilder_buildsEquivalentProvider() {
        try (RoleChainCredentialsProvider p = RoleChainCredentialsProvider.builder().source(user).addHop(ROLE_A)
                .addHop(ROLE_B).environment(env).sourceName("tenant-x").build();
             RoleChainCredentialsProvider q = p.toBuilder().build()) {
            assertThat(q.hops()).isEqualTo(p.hops());
            assertThat(q.sourceName()).isEqualTo("tenant-x");
            assertThat(q.toString()).contains(ROLE_A + " -> " + ROLE_B).doesNotContain("testsecret");
        }
    }
}
