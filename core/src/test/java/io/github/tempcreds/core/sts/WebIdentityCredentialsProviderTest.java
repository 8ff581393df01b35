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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"x\r\nX-Injected: 1", "x\u0000y", "ok\u2028line"})
    void build_sessionNameWithControlCharacters_messageEscapesThem(String name) {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_ROLE_SESSION_NAME", name).build();

        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_ROLE_SESSION_NAME")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(name)
                        .contains(io.github.tempcreds.core.internal.SafeText.quote(name))
                        .doesNotContainPattern("[\\x00-\\x1f\\u2028]"));
    }

    @Test
    void build_sessionNameOf100000Chars_messageCutTo64() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_ROLE_SESSION_NAME", "a".repeat(100_000))
                .build();

        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a".repeat(65))
                        .contains("(100000 characters)").hasSizeLessThan(300));
    }

    @Test
    void build_roleArnOf100000Chars_messageCutTo64() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_ROLE_ARN", "arn:" + "a".repeat(100_000))
                .build();

        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a".repeat(65))
                        .contains("(100004 characters)"));
    }

    @Test
    void build_tokenFileWithNul_configurationErrorNamingVariable() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().env("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/a\u0000b")
                .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Pod").build();

        assertThatThrownBy(() -> WebIdentityCredentialsProvider.builder().environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE").hasMessageContaining("'/var/a\\u0000b'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
    }
}
