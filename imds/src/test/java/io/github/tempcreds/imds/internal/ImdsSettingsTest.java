package io.github.tempcreds.imds.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsEndpointMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImdsSettingsTest {
    @TempDir
    Path home;

    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().homeDirectory(home);
    }

    private void config(String text) throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), text);
    }

    @Test
    void resolve_nothingSet_ipv4Default() {
        ImdsSettings s = ImdsSettings.resolve(null, null, null, false, env().build());
        assertThat(s.endpoint()).isEqualTo(URI.create("http://169.254.169.254"));
        assertThat(s.mode()).isEqualTo(ImdsEndpointMode.IPV4);
        assertThat(s.disabled()).isFalse();
    }

    @Test
    void resolve_ipv6ModeFromEachSource_selectsIpv6EndpointWithoutNetwork() throws IOException {
        URI v6 = URI.create("http://[fd00:ec2::254]");
        assertThat(ImdsSettings.resolve(null, ImdsEndpointMode.IPV6, null, false, env().build()).endpoint()).isEqualTo(v6);
        assertThat(ImdsSettings.resolve(null, null, null, false,
                env().env(ImdsSettings.MODE_ENV, "IPv6").build()).endpoint()).isEqualTo(v6);
        assertThat(ImdsSettings.resolve(null, null, null, false,
                env().property(ImdsSettings.MODE_PROPERTY, "ipv6").build()).endpoint()).isEqualTo(v6);
        config("[default]\nec2_metadata_service_endpoint_mode = IPv6\n");
        ImdsSettings fromProfile = ImdsSettings.resolve(null, null, null, false, env().build());
        assertThat(fromProfile.endpoint()).isEqualTo(v6);
        assertThat(fromProfile.endpointSource()).isEqualTo("endpoint mode IPV6");
    }

    @Test
    void resolve_precedence_builderOverPropertyOverEnvOverProfile() throws IOException {
        config("[profile p]\nec2_metadata_service_endpoint = http://127.0.0.4:1\n");
        TempcredsEnvironment all = env().property(ImdsSettings.ENDPOINT_PROPERTY, "http://127.0.0.2:1")
                .env(ImdsSettings.ENDPOINT_ENV, "http://127.0.0.3:1").env("AWS_PROFILE", "p").build();
        assertThat(ImdsSettings.resolve(URI.create("http://127.0.0.1:1"), null, null, false, all).endpoint())
                .hasHost("127.0.0.1");
        ImdsSettings prop = ImdsSettings.resolve(null, null, null, false, all);
        assertThat(prop.endpoint()).hasHost("127.0.0.2");
        assertThat(prop.endpointSource()).contains(ImdsSettings.ENDPOINT_PROPERTY);
        TempcredsEnvironment envOnly = env().env(ImdsSettings.ENDPOINT_ENV, "http://127.0.0.3:1")
                .env("AWS_PROFILE", "p").build();
        assertThat(ImdsSettings.resolve(null, null, null, false, envOnly).endpoint()).hasHost("127.0.0.3");
        TempcredsEnvironment profileOnly = env().env("AWS_PROFILE", "p").build();
        ImdsSettings p = ImdsSettings.resolve(null, null, null, false, profileOnly);
        assertThat(p.endpoint()).hasHost("127.0.0.4");
        assertThat(p.endpointSource()).contains(ImdsSettings.ENDPOINT_PROFILE_KEY);
        // the builder's profile name wins over AWS_PROFILE
        assertThat(ImdsSettings.resolve(null, null, "default", false, profileOnly).endpoint())
                .hasHost("169.254.169.254");
    }

    @Test
    void resolve_endpointBeatsMode() {
        TempcredsEnvironment e = env().env(ImdsSettings.ENDPOINT_ENV, "http://127.0.0.1:9")
                .env(ImdsSettings.MODE_ENV, "IPv6").build();
        assertThat(ImdsSettings.resolve(null, null, null, false, e).endpoint()).hasHost("127.0.0.1");
    }

    @Test
    void resolve_awsConfigFileVariable_isHonoured() throws IOException {
        Path other = home.resolve("elsewhere.ini");
        Files.writeString(other, "[default]\nec2_metadata_service_endpoint = http://[::1]:8080\n");
        ImdsSettings s = ImdsSettings.resolve(null, null, null, false,
                env().env("AWS_CONFIG_FILE", other.toString()).build());
        assertThat(s.endpoint()).isEqualTo(URI.create("http://[::1]:8080"));
    }

    @Test
    void resolve_badMode_configurationErrorNamingTheSource() {
        assertThatThrownBy(() -> ImdsSettings.resolve(null, null, null, false,
                env().env(ImdsSettings.MODE_ENV, "IPv5").build()))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("'IPv5'").hasMessageContaining(ImdsSettings.MODE_ENV)
                .hasMessageContaining("IPv4 or IPv6");
    }

    @Test
    void resolve_insecureEndpointFromEnvironment_refusedUnlessAllowed() {
        TempcredsEnvironment e = env().env(ImdsSettings.ENDPOINT_ENV, "http://imds.example.com").build();
        assertThatThrownBy(() -> ImdsSettings.resolve(null, null, null, false, e))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("plain HTTP").hasMessageContaining(ImdsSettings.ENDPOINT_ENV)
                .hasMessageContaining("allowInsecureEndpoint(true)");
        assertThat(ImdsSettings.resolve(null, null, null, true, e).endpoint()).hasHost("imds.example.com");
        assertThat(ImdsSettings.resolve(null, null, null, false,
                env().env(ImdsSettings.ENDPOINT_ENV, "https://imds.example.com").build()).endpoint())
                .hasHost("imds.example.com");
    }

    @Test
    void isLocal_loopbackLinkLocalAndImdsIpv6_only() {
        assertThat(ImdsSettings.isLocal("127.0.0.1")).isTrue();
        assertThat(ImdsSettings.isLocal("localhost")).isTrue();
        assertThat(ImdsSettings.isLocal("[::1]")).isTrue();
        assertThat(ImdsSettings.isLocal("169.254.169.254")).isTrue();
        assertThat(ImdsSettings.isLocal("[fe80::1]")).isTrue();
        assertThat(ImdsSettings.isLocal("[fd00:ec2::254]")).isTrue();
        assertThat(ImdsSettings.isLocal("10.0.0.1")).isFalse();
        assertThat(ImdsSettings.isLocal("[fd00:ec2::253]")).isFalse();
        assertThat(ImdsSettings.isLocal("169.254.169.254.nip.io")).isFalse();
    }

    @Test
    void resolve_notAUrl_configurationError() {
        assertThatThrownBy(() -> ImdsSettings.resolve(null, null, null, false,
                env().property(ImdsSettings.ENDPOINT_PROPERTY, "169.254.169.254").build()))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("is not a URL");
    }

    static final String HUGE = "a".repeat(100_000);
    static final String CONTROL = "http://127.0.0.1:1/\r\nX-Injected: 1\u0000\u2028end";

    private static String rejection(TempcredsEnvironment env) {
        try {
            ImdsSettings.resolve(null, null, null, false, env);
        } catch (CredentialsConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a CredentialsConfigurationException");
    }

    private static void assertOneShortLine(String message) {
        assertOneShortLine(message, 300);
    }

    private static void assertOneShortLine(String message, int max) {
        assertThat(message.length()).as(message).isLessThanOrEqualTo(max);
        assertThat(message.chars()).as(message)
                .noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    @Test
    void resolve_hugeEndpointFromEnvironment_messageTruncatedWithLength() {
        String m = rejection(env().env(ImdsSettings.ENDPOINT_ENV, HUGE).build());
        assertOneShortLine(m);
        assertThat(m).contains("'" + "a".repeat(64) + "'\u2026 (100000 characters)", ImdsSettings.ENDPOINT_ENV,
                "is not a URL").doesNotContain("a".repeat(65));
    }

    @Test
    void resolve_endpointWithControlCharacters_messageEscapesThem() {
        String m = rejection(env().env(ImdsSettings.ENDPOINT_ENV, CONTROL).build());
        assertOneShortLine(m);
        assertThat(m).contains("'http://127.0.0.1:1/\\r\\nX-Injected: 1\\u0000\\u2028end'",
                ImdsSettings.ENDPOINT_ENV);
        String p = rejection(env().property(ImdsSettings.ENDPOINT_PROPERTY, "ftp://x/\t" + HUGE).build());
        assertOneShortLine(p);
        assertThat(p).contains("'ftp://x/\\taaa", "\u2026 (100009 characters)", "is not a URL");
        String scheme = rejection(env().property(ImdsSettings.ENDPOINT_PROPERTY, "ftp://x/" + HUGE).build());
        assertOneShortLine(scheme);
        assertThat(scheme).contains("'ftp://x/aaa", "\u2026 (100008 characters)", "not an http or https URL");
    }

    @Test
    void resolve_hostileEndpointAndModeFromProfile_messagesEscapedAndTruncated() throws IOException {
        config("[default]\nec2_metadata_service_endpoint = " + HUGE + "\n");
        String m = rejection(env().build());
        assertOneShortLine(m);
        assertThat(m).contains(ImdsSettings.ENDPOINT_PROFILE_KEY, "(100000 characters)");
        config("[default]\nec2_metadata_service_endpoint_mode = IPv4\u0000\u001b[31m" + HUGE + "\n");
        String mode = rejection(env().build());
        assertOneShortLine(mode);
        assertThat(mode).contains("'IPv4\\u0000\\u001b[31m", "neither IPv4 nor IPv6");
    }

    @Test
    void resolve_insecureRemoteEndpointFromEnvironment_quotedAndTruncated() {
        String m = rejection(env().env(ImdsSettings.ENDPOINT_ENV, "http://10.1.2.3/" + HUGE).build());
        assertOneShortLine(m, 450); // the refusal explains itself at length; the value adds at most ~85
        assertThat(m).contains("Refusing the IMDS endpoint 'http://10.1.2.3/aaa", "(100016 characters)",
                "allowInsecureEndpoint(true)");
    }

    @Test
    void resolve_disabled_fromPropertyOverEnvironment() {
        assertThat(ImdsSettings.resolve(null, null, null, false,
                env().env(ImdsSettings.DISABLED_ENV, "TRUE").build()).disabled()).isTrue();
        ImdsSettings s = ImdsSettings.resolve(null, null, null, false,
                env().env(ImdsSettings.DISABLED_ENV, "true").property(ImdsSettings.DISABLED_PROPERTY, "false").build());
        assertThat(s.disabled()).isFalse();
    }

    @Test
    void containerHints_filesUnderRootAndVariables() throws IOException {
        assertThat(ContainerHints.find(home, env().build())).isEmpty();
        Files.createFile(home.resolve(".dockerenv"));
        Files.createDirectories(home.resolve("proc/1"));
        Files.writeString(home.resolve("proc/1/cgroup"), "0::/kubepods/besteffort/pod1234\n");
        TempcredsEnvironment e = env().env("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/x")
                .env("KUBERNETES_SERVICE_HOST", "10.0.0.1").build();
        assertThat(ContainerHints.find(home, e)).containsExactly("/.dockerenv exists", "/proc/1/cgroup names kubepods",
                "ECS_CONTAINER_METADATA_URI_V4 is set (ECS)", "KUBERNETES_SERVICE_HOST is set (Kubernetes)");
    }
}
