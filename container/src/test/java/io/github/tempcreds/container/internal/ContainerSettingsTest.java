package io.github.tempcreds.container.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The host rules and the precedence of the settings. */
class ContainerSettingsTest {
    /** A resolver with fixed answers for names; IP literals parse as themselves (no DNS). */
    private static final ContainerSettings.Resolver RESOLVER = host -> {
        Map<String, String[]> names = Map.of(
                "localhost", new String[] {"127.0.0.1", "::1"},
                "sidecar.local", new String[] {"127.0.0.1"},
                "mixed.example", new String[] {"127.0.0.1", "10.0.0.8"},
                "evil.example", new String[] {"203.0.113.9"},
                "pod-identity.internal", new String[] {"169.254.170.23", "fd00:ec2::23"});
        String[] a = names.get(host);
        if (a == null) {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = InetAddress.getByName(a[i]);
        }
        return out;
    };

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "http://169.254.170.2/v2/credentials/x, true",
            "http://169.254.170.23/v1/credentials, true",
            "http://[fd00:ec2::23]/v1/credentials, true",
            "http://[fd00:ec2:0:0:0:0:0:23]/v1/credentials, true",
            "http://127.0.0.1:8080/creds, true",
            "http://127.5.6.7/creds, true",
            "http://[::1]:9911/creds, true",
            "http://localhost:1234/creds, true",
            "http://sidecar.local/creds, true",
            "http://pod-identity.internal/v1/credentials, true",
            "https://credentials.example.com/creds, true",
            "https://203.0.113.9/creds, true",
            "http://169.254.169.254/latest, false",
            "http://169.254.170.3/creds, false",
            "http://10.0.0.8/creds, false",
            "http://[fd00:ec2::24]/creds, false",
            "http://[fd00:ec2::254]/creds, false",
            "http://evil.example/creds, false",
            "http://mixed.example/creds, false",
            "http://unresolvable.example/creds, false",
            "ftp://127.0.0.1/creds, false",
            "http://user:pw@127.0.0.1/creds, false",
    })
    void checkUri_table(String uri, boolean allowed) {
        if (allowed) {
            assertThatCode(() -> ContainerSettings.checkUri(URI.create(uri), "test", RESOLVER)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> ContainerSettings.checkUri(URI.create(uri), "test", RESOLVER))
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("169.254.170.23", "remove it"));
        }
    }

    @Test
    void checkUri_nameResolvingToOtherAddress_messageSaysWhatItResolvesToAndWhatIsAllowed() {
        assertThatThrownBy(() -> ContainerSettings.checkUri(URI.create("http://mixed.example/creds"), "X", RESOLVER))
                .hasMessageContaining("10.0.0.8")
                .hasMessageContaining("loopback")
                .hasMessageContaining("[fd00:ec2::23]")
                .hasMessageContaining("https");
    }

    @Test
    void resolve_relativeUriOnEcsEndpointByDefault() {
        TempcredsEnvironment env = TempcredsEnvironment.builder()
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc").build();
        ContainerSettings.Target t = new ContainerSettings(null, null, null, null, null).resolve(env, RESOLVER);
        assertThat(t.uri()).hasToString("http://169.254.170.2/v2/credentials/abc");
    }

    @Test
    void resolve_systemPropertyWinsOverVariable_builderWinsOverBoth() {
        TempcredsEnvironment env = TempcredsEnvironment.builder()
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/env")
                .property("aws.containerCredentialsFullUri", "http://127.0.0.1:1/prop").build();
        assertThat(new ContainerSettings(null, null, null, null, null).resolve(env, RESOLVER).uri())
                .hasToString("http://127.0.0.1:1/prop");
        assertThat(new ContainerSettings(null, URI.create("http://127.0.0.1:1/builder"), null, null, null)
                .resolve(env, RESOLVER).uri()).hasToString("http://127.0.0.1:1/builder");
    }

    @Test
    void target_toStringHidesToken() {
        TempcredsEnvironment env = TempcredsEnvironment.builder()
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/x")
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", "SuperSecretToken").build();
        ContainerSettings s = new ContainerSettings(null, null, null, null, "BuilderSecret");
        assertThat(s.resolve(env, RESOLVER).toString()).doesNotContain("SuperSecretToken").doesNotContain("BuilderSecret");
        assertThat(s.toString()).doesNotContain("BuilderSecret");
    }
}
