package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad environment values give typed errors that name the variable and quote the value safely. */
class SsoEnvironmentValuesTest {
    @TempDir
    Path home;

    @Test
    void resolve_endpointVariableNotAUri_configurationErrorNamingIt() {
        String bad = "http://bad host/\r\nX-Injected: 1";
        TempcredsEnvironment env = TempcredsEnvironment.builder().homeDirectory(home)
                .env("AWS_ENDPOINT_URL_SSO", bad).build();
        assertThatThrownBy(() -> {
            try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().ssoSession("s")
                    .startUrl("https://example.awsapps.com/start").ssoRegion("us-east-1").accountId("111122223333")
                    .roleName("ReadOnly").environment(env).build()) {
                p.resolveCredentials();
            }
        }).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_SSO").hasMessageContaining("not a valid URI")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n"));
    }

    @Test
    void resolve_configFileVariableWithNul_configurationErrorNamingIt() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().homeDirectory(home)
                .env("AWS_CONFIG_FILE", "/tmp/a\u0000b").build();
        assertThatThrownBy(() -> {
            try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().profileName("dev")
                    .environment(env).build()) {
                p.resolveCredentials();
            }
        }).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_CONFIG_FILE").hasMessageContaining("'/tmp/a\\u0000b'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
    }

    @Test
    void resolve_unknownProfile_quotedName() throws Exception {
        java.nio.file.Files.createDirectories(home.resolve(".aws"));
        java.nio.file.Files.writeString(home.resolve(".aws/config"), "[default]\nregion = us-east-1\n");
        TempcredsEnvironment env = TempcredsEnvironment.builder().homeDirectory(home).build();
        String name = "dev\r\nX-Injected: 1";
        assertThatThrownBy(() -> {
            try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().profileName(name)
                    .environment(env).build()) {
                p.resolveCredentials();
            }
        }).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("has no profile 'dev\\r\\nX-Injected: 1'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r"));
    }
}
