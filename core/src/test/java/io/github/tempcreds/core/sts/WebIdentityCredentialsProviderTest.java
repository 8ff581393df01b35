package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WebIdentityCredentialsProviderTest {
    @Test
    void build_fromEnvironment_readsRoleFileAndSessionName() {
        TempcredsEnvironment env = TempcredsEnvironment.builder()
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/eks/token")
                .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Pod")
                .env("AWS_ROLE_SESSION_NAME", "pod-7").build();
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(env).build()) {
            assertThat(p.isConfigured()).isTrue();
            assertThat(p.roleArn()).contains("arn:aws:iam::123456789012:role/Pod");
            assertThat(p.webIdentityTokenFile()).contains(Path.of("/var/run/secrets/eks/token"));
            assertThat(p.roleSessionName()).isEqualTo("pod-7");
        }
    }

    @Test
    void build_builderOverridesEnvironment() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Env")
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", "/env/token").build();
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(env)
                .roleArn("arn:aws:iam::123456789012:role/Builder").webIdentityToken(() -> "jwt").build()) {
            assertThat(p.roleArn()).contains("arn:aws:iam::123456789012:role/Builder");
            assertThat(p.webIdentityTokenFile()).isEmpty();
            assertThat(p.toString()).contains("supplier").doesNotContain("jwt");
        }
    }

    @Test
    void build_badSessionNameInEnvironment_namesVariable() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_ROLE_SESSION_NAME", "has space").build();
        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("AWS_ROLE_SESSION_NAME");
    }

    @Test
    void build_fileAndSupplier_refused() {
        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().webIdentityTokenFile(Path.of("/t"))
                .webIdentityToken(() -> "x").build()).hasMessageContaining("not both");
    }
}
