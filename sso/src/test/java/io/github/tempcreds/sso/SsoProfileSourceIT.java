package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileCredentialsSource;
import io.github.tempcreds.core.profile.ProfileSourceContext;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** Profile configuration: the {@code sso} ServiceLoader source and {@code builder().profileName(...)}. */
class SsoProfileSourceIT {
    private static final String ACCOUNT = "111122223333";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path home;
    private FakeSso sso;

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start().account(ACCOUNT, "ReadOnly");
    }

    @AfterEach
    void stop() {
        sso.close();
    }

    private TempcredsEnvironment env() {
        return TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                .env("AWS_ENDPOINT_URL_SSO", sso.url()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.url()).build();
    }

    private static ProfileCredentialsSource source() {
        return ServiceLoader.load(ProfileCredentialsSource.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals(ProfileCredentialsSource.SSO)).findFirst().orElseThrow();
    }

    @Test
    void serviceLoader_findsTheSsoSourceWithItsArtifact() {
        assertThat(source().artifact()).isEqualTo("io.github.tempcreds:tempcreds-sso");
    }

    @Test
    void create_ssoSessionProfile_refreshesAndLoadsRoleCredentials() {
        sso.seedSession(Duration.ofMinutes(5)).cacheEntry().writeTo(home, "my-sso");
        ProfileSourceContext ctx = new ProfileSourceContext("dev",
                Map.of("sso_session", "my-sso", "sso_account_id", ACCOUNT, "sso_role_name", "ReadOnly"),
                "my-sso", Map.of("sso_start_url", sso.startUrl(), "sso_region", "us-east-1"), env());
        AwsCredentialsProvider p = source().create(ctx);
        assertThat(p).isInstanceOf(SsoSessionCredentialsProvider.class);
        assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
        assertThat(sso.journal("CreateToken")).hasSize(1);
        ((SsoSessionCredentialsProvider) p).close();
    }

    @Test
    void create_legacyProfile_usesStartUrlKeyAndNamesTheProfileInErrors() {
        ProfileSourceContext ctx = new ProfileSourceContext("old", Map.of("sso_start_url", sso.startUrl(),
                "sso_region", "us-east-1", "sso_account_id", ACCOUNT, "sso_role_name", "ReadOnly"), null, Map.of(), env());
        assertThatThrownBy(() -> source().create(ctx).resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("start URL " + sso.startUrl()).hasMessageContaining("aws sso login --profile old");
        sso.seedSession().cacheEntry().writeTo(home, sso.startUrl());
        assertThat(source().create(ctx).resolveCredentials()).isNotNull();
    }

    @Test
    void create_incompleteOrConflictingProfile_namesProfileAndKey() {
        assertThatThrownBy(() -> source().create(new ProfileSourceContext("dev", Map.of("sso_session", "s",
                "sso_account_id", ACCOUNT), "s", Map.of("sso_start_url", "https://a", "sso_region", "us-east-1"), env())))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("profile 'dev'").hasMessageContaining("sso_role_name");
        assertThatThrownBy(() -> source().create(new ProfileSourceContext("dev", Map.of("sso_session", "s",
                "sso_account_id", ACCOUNT, "sso_role_name", "R"), "s", Map.of(), env())))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("[sso-session s]");
        assertThatThrownBy(() -> source().create(new ProfileSourceContext("dev", Map.of("sso_session", "s",
                "sso_account_id", ACCOUNT, "sso_role_name", "R", "sso_start_url", "https://b"), "s",
                Map.of("sso_start_url", "https://a", "sso_region", "us-east-1"), env())))
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("differs from");
    }

    @Test
    void builderProfileName_readsTheConfigFileOnFirstLoad() throws Exception {
        sso.seedSession().cacheEntry().writeTo(home, "my-sso");
        Path config = home.resolve(".aws").resolve("config");
        Files.writeString(config, String.join("\n", "[profile dev]", "sso_session = my-sso",
                "sso_account_id = " + ACCOUNT, "sso_role_name = ReadOnly", "",
                "[sso-session my-sso]", "sso_start_url = " + sso.startUrl(), "sso_region = us-east-1", ""));
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                .env("AWS_ENDPOINT_URL_SSO", sso.url()).env("AWS_ENDPOINT_URL_SSO_OIDC", sso.url()).build();
        try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().profileName("dev")
                .environment(env).build()) {
            assertThat(p.toString()).contains("profile=dev");
            assertThat(sso.registry().find(p.resolveCredentials().accessKeyId())).isPresent();
        }
        try (SsoSessionCredentialsProvider missing = SsoSessionCredentialsProvider.builder().profileName("nope")
                .environment(env).build()) {
            assertThatThrownBy(missing::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("has no profile 'nope'");
        }
        assertThat(ServiceLoader.load(ProfileCredentialsSource.class).stream().map(ServiceLoader.Provider::type)
                .map(Class::getName).collect(Collectors.toList())).contains("io.github.tempcreds.sso.internal.SsoProfileSource");
    }
}
