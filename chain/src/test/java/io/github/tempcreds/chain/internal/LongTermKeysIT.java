package io.github.tempcreds.chain.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SEC02-BP02: long-term keys in each place are refused, and allowed with the opt-in with exactly one WARN. */
class LongTermKeysIT {
    private static final String AKIA = "AKIATESTLONGTERM0001";

    @TempDir
    Path home;
    final MutableClock clock = MutableClock.systemUtc();

    private TempcredsEnvironment.Builder base() {
        return TempcredsEnvironment.builder().clock(clock).homeDirectory(home).env("AWS_EC2_METADATA_DISABLED", "true");
    }

    private List<TempcredsEnvironment> places() throws Exception {
        Path creds = home.resolve(".aws/credentials");
        Files.createDirectories(creds.getParent());
        Files.writeString(creds, "[default]\naws_access_key_id = " + AKIA + "\naws_secret_access_key = testsecret\n");
        TempcredsEnvironment empty = TempcredsEnvironment.builder().clock(clock)
                .homeDirectory(home.resolve("nohome")).env("AWS_EC2_METADATA_DISABLED", "true").build();
        return List.of(
                TempcredsEnvironment.builder().clock(clock).homeDirectory(home.resolve("nohome"))
                        .env("AWS_EC2_METADATA_DISABLED", "true").env("AWS_ACCESS_KEY_ID", AKIA)
                        .env("AWS_SECRET_ACCESS_KEY", "testsecret").build(),
                TempcredsEnvironment.builder().clock(clock).homeDirectory(home.resolve("nohome"))
                        .env("AWS_EC2_METADATA_DISABLED", "true").property("aws.accessKeyId", "ASIATESTNOTOKEN0001")
                        .property("aws.secretAccessKey", "testsecret").build(),
                base().build(),
                empty);
    }

    private static final List<String> WHERE = List.of("environment variables", "system properties", "profile default");

    @Test
    void longTermKeys_eachPlace_refusedNamingWhere() throws Exception {
        List<TempcredsEnvironment> envs = places();
        for (int i = 0; i < 3; i++) {
            try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(envs.get(i)).build()) {
                assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                        .hasMessageContaining(WHERE.get(i))
                        .hasMessageContaining("Move to a temporary source")
                        .hasMessageContaining("allowLongTermKeys(true)")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("testsecret"));
            }
        }
    }

    @Test
    void credentialProcessWithoutSessionToken_refusedNamingCredentialProcess() throws Exception {
        Path script = home.resolve("proc.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"" + AKIA
                + "\", \"SecretAccessKey\": \"testsecret\"}'\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile tool]\ncredential_process = " + script + "\n");
        TempcredsEnvironment env = base().env("AWS_PROFILE", "tool").build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("profile tool (credential_process output")
                    .hasMessageContaining("Move to a temporary source")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("testsecret"));
        }
    }

    @Test
    void longTermKeys_optIn_allowedWithExactlyOneWarnPerProcess() throws Exception {
        ChainResolver.resetWarningForTests();
        List<TempcredsEnvironment> envs = places();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 3; i++) {
                try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(envs.get(i))
                        .allowLongTermKeys(true).build()) {
                    assertThat(chain.resolveCredentials().secretAccessKey()).isEqualTo("testsecret");
                    chain.resolveCredentials();
                }
            }
        } finally {
            System.setErr(original);
        }
        List<String> warns = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" WARN "))
                .toList();
        assertThat(warns).hasSize(1);
        assertThat(warns.get(0)).contains("Long-term AWS access keys are in use from environment variables")
                .doesNotContain("testsecret");
    }
}
