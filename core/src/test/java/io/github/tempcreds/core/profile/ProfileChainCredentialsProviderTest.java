package io.github.tempcreds.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class ProfileChainCredentialsProviderTest {
    @TempDir
    Path home;

    private Path config(String text) throws IOException {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        return Files.writeString(aws.resolve("config"), text);
    }

    private Path credentials(String text) throws IOException {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        return Files.writeString(aws.resolve("credentials"), text);
    }

    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().homeDirectory(home);
    }

    private ProfileChainCredentialsProvider provider(String profile) {
        return ProfileChainCredentialsProvider.builder().profileName(profile).environment(env().build()).build();
    }

    private static List<String> roles(ProfileChainPlan plan) {
        return plan.hops().stream().map(ProfileChainPlan.Hop::roleArn).collect(Collectors.toList());
    }

    @Test
    void plan_threeProfiles_sourceFirstThenRolesInOrder() throws IOException {
        config("[profile app]\nrole_arn = arn:aws:iam::123456789012:role/App\nsource_profile = ops\n"
                + "role_session_name = app-session\nduration_seconds = 1800\n\n"
                + "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n"
                + "external_id = ops-ext-1\n");
        credentials("[base]\naws_access_key_id = AKIATESTBASE0000001\naws_secret_access_key = testsecret\n");

        ProfileChainPlan plan = provider("app").plan();

        assertThat(plan.source().kind()).isEqualTo(ProfileChainPlan.SourceKind.STATIC_KEYS);
        assertThat(plan.source().profileName()).isEqualTo("base");
        assertThat(roles(plan)).containsExactly("arn:aws:iam::123456789012:role/Ops",
                "arn:aws:iam::123456789012:role/App");
        assertThat(plan.hops().get(0).hasExternalId()).isTrue();
        assertThat(plan.hops().get(1).roleSessionName()).contains("app-session");
        assertThat(plan.hops().get(1).duration()).contains(Duration.ofMinutes(30));
        assertThat(plan.toString()).contains("AKIATESTBASE0000001", "role/Ops", "role/App")
                .doesNotContain("testsecret", "ops-ext-1");
    }

    @Test
    void plan_chainThousandsDeep_isAConfigurationErrorNamingWhereItStopped() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("[profile p").append(i).append("]\nrole_arn = arn:aws:iam::123456789012:role/R").append(i)
                    .append("\nsource_profile = p").append(i + 1).append("\n");
        }
        sb.append("[profile p5000]\naws_access_key_id = AKIATESTDEEP000001\naws_secret_access_key = testsecret\n");
        config(sb.toString());

        assertThatThrownBy(() -> provider("p0").plan())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("'p0'")
                .hasMessageContaining("more than " + ProfilePlanner.MAX_CHAIN_PROFILES)
                .hasMessageContaining("stopped at profile 'p" + ProfilePlanner.MAX_CHAIN_PROFILES + "'");
    }

    @Test
    void plan_chainOfSixtyFourProfiles_isPlanned() throws IOException {
        StringBuilder sb = new StringBuilder();
        int roles = ProfilePlanner.MAX_CHAIN_PROFILES - 1;
        for (int i = 0; i < roles; i++) {
            sb.append("[profile p").append(i).append("]\nrole_arn = arn:aws:iam::123456789012:role/R").append(i)
                    .append("\nsource_profile = p").append(i + 1).append("\n");
        }
        sb.append("[profile p").append(roles)
                .append("]\naws_access_key_id = AKIATESTDEEP000001\naws_secret_access_key = testsecret\n");
        config(sb.toString());

        assertThat(provider("p0").plan().hops()).hasSize(roles);
    }

    @Test
    void plan_cycle_spelledOutWithFileAndProfile() throws IOException {
        Path cfg = config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n"
                + "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = c\n"
                + "[profile c]\nrole_arn = arn:aws:iam::123456789012:role/C\nsource_profile = a\n");

        assertThatThrownBy(() -> provider("a").plan()).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("a -> b -> c -> a").hasMessageContaining(cfg.toString())
                .hasMessageContaining("source_profile");
    }

    @Test
    void plan_selfReferenceWithStaticKeys_allowed() throws IOException {
        config("[profile me]\nrole_arn = arn:aws:iam::123456789012:role/Me\nsource_profile = me\n"
                + "aws_access_key_id = AKIATESTSELF0000001\naws_secret_access_key = testsecret\n");

        ProfileChainPlan plan = provider("me").plan();

        assertThat(plan.source().profileName()).isEqualTo("me");
        assertThat(roles(plan)).containsExactly("arn:aws:iam::123456789012:role/Me");
    }

    @Test
    void plan_selfReferenceWithoutKeys_cycle() throws IOException {
        config("[profile me]\nrole_arn = arn:aws:iam::123456789012:role/Me\nsource_profile = me\n");
        assertThatThrownBy(() -> provider("me").plan()).hasMessageContaining("me -> me");
    }

    @Test
    void plan_sourceProfileWithKeysAndRole_keysWin() throws IOException {
        config("[profile top]\nrole_arn = arn:aws:iam::123456789012:role/Top\nsource_profile = mid\n"
                + "[profile mid]\nrole_arn = arn:aws:iam::123456789012:role/Mid\nsource_profile = other\n"
                + "aws_access_key_id = AKIATESTMID00000001\naws_secret_access_key = testsecret\n");

        ProfileChainPlan plan = provider("top").plan();

        assertThat(plan.source().profileName()).isEqualTo("mid");
        assertThat(roles(plan)).containsExactly("arn:aws:iam::123456789012:role/Top");
    }

    @Test
    void plan_unknownExplicitProfile_configurationNamingFiles() throws IOException {
        Path cfg = config("[profile other]\nregion = eu-west-1\n");
        assertThatThrownBy(() -> provider("nope").plan()).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("'nope'").hasMessageContaining(cfg.toString());
    }

    @Test
    void resolve_noFilesImplicitDefault_notFound() {
        ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().environment(env().build()).build();
        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsNotFoundException.class);
    }

    @Test
    void plan_unknownSourceProfile_namesBoth() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = ghost\n");
        assertThatThrownBy(() -> provider("a").plan()).hasMessageContaining("'a'").hasMessageContaining("'ghost'");
    }

    @Test
    void plan_bothSourceKeys_configurationNamingKeys() throws IOException {
        Path cfg = config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n"
                + "credential_source = Environment\n[profile b]\naws_access_key_id = AKIATESTB0000000001\n"
                + "aws_secret_access_key = testsecret\n");
        assertThatThrownBy(() -> provider("a").plan()).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("both source_profile and credential_source")
                .hasMessageContaining(cfg.toString()).hasMessageContaining("'a'");
    }

    @Test
    void plan_roleWithoutSource_namesMissingKey() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\n");
        assertThatThrownBy(() -> provider("a").plan())
                .hasMessageContaining("missing key source_profile or credential_source");
    }

    @Test
    void plan_badCredentialSource_listsValidValues() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Laptop\n");
        assertThatThrownBy(() -> provider("a").plan()).hasMessageContaining("'Laptop'")
                .hasMessageContaining("Ec2InstanceMetadata");
    }

    @Test
    void plan_keyIdWithoutSecret_namesMissingKeyAndCredentialsFile() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = b\n");
        Path creds = credentials("[b]\naws_access_key_id = AKIATESTB0000000001\n");
        assertThatThrownBy(() -> provider("a").plan()).hasMessageContaining("aws_secret_access_key")
                .hasMessageContaining("'b'").hasMessageContaining(creds.toString());
    }

    @Test
    void plan_durationNotANumber_namesKey() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Environment\n"
                + "duration_seconds = 1h\n");
        assertThatThrownBy(() -> provider("a").plan()).hasMessageContaining("duration_seconds")
                .hasMessageContaining("'1h'");
    }

    @Test
    void plan_webIdentityRoot_thenRole() throws IOException {
        config("[profile app]\nrole_arn = arn:aws:iam::123456789012:role/App\nsource_profile = k8s\n"
                + "[profile k8s]\nrole_arn = arn:aws:iam::123456789012:role/Pod\n"
                + "web_identity_token_file = /var/run/secrets/token\nrole_session_name = pod-1\n");

        ProfileChainPlan plan = provider("app").plan();

        assertThat(plan.source().kind()).isEqualTo(ProfileChainPlan.SourceKind.WEB_IDENTITY);
        assertThat(plan.source().roleArn()).contains("arn:aws:iam::123456789012:role/Pod");
        assertThat(plan.source().roleSessionName()).contains("pod-1");
        assertThat(roles(plan)).containsExactly("arn:aws:iam::123456789012:role/App");
    }

    @Test
    void plan_ssoSessionSectionMissing_namesSection() throws IOException {
        config("[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n");
        assertThatThrownBy(() -> provider("dev").plan()).hasMessageContaining("[sso-session corp]");
    }

    @Test
    void resolve_imdsSourceWithoutModule_namesArtifact() throws IOException {
        config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Ec2InstanceMetadata\n");
        assertThatThrownBy(() -> provider("a").resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("io.github.tempcreds:tempcreds-imds");
    }

    @Test
    void resolve_ssoWithoutModule_namesArtifact() throws IOException {
        config("[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n"
                + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n");
        assertThatThrownBy(() -> provider("dev").resolveCredentials())
                .hasMessageContaining("io.github.tempcreds:tempcreds-sso");
    }

    @Test
    void resolve_mfaSerialWithoutSupplier_configurationError() throws IOException {
        Path cfg = config("[profile a]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Environment\n"
                + "mfa_serial = arn:aws:iam::123456789012:mfa/alice\n");
        assertThatThrownBy(() -> provider("a").resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("mfa_serial").hasMessageContaining(cfg.toString())
                .hasMessageContaining("mfaTokenCode");
    }

    @Test
    void resolve_staticProfile_returnsKeysWithoutNetwork() throws IOException {
        credentials("[dev]\naws_access_key_id = ASIATESTDEV00000001\naws_secret_access_key = testsecret\n"
                + "aws_session_token = testtoken\n");

        AwsCredentials c = provider("dev").resolveCredentials();

        assertThat(c).isInstanceOf(AwsSessionCredentials.class);
        assertThat(c.accessKeyId()).isEqualTo("ASIATESTDEV00000001");
    }

    @Test
    void environment_awsProfileAndConfigFile_honoured() throws IOException {
        Path elsewhere = Files.writeString(home.resolve("custom-config"),
                "[profile picked]\nrole_arn = arn:aws:iam::123456789012:role/Picked\ncredential_source = Environment\n");
        ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder()
                .environment(env().env("AWS_PROFILE", "picked").env("AWS_CONFIG_FILE", elsewhere.toString()).build())
                .build();

        ProfileChainPlan plan = p.plan();

        assertThat(p.profileName()).isEqualTo("picked");
        assertThat(plan.configFile()).isEqualTo(elsewhere);
        assertThat(plan.source().kind()).isEqualTo(ProfileChainPlan.SourceKind.ENVIRONMENT);
        assertThat(roles(plan)).containsExactly("arn:aws:iam::123456789012:role/Picked");
    }

    @Test
    void plan_unparseableFile_namesFile() throws IOException {
        Path cfg = config("[profile broken\nrole_arn = x\n");
        assertThatThrownBy(() -> provider("broken").plan()).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(cfg.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"x\r\nX-Injected: 1", "x\u0000y", "\u001b[31mred"})
    void resolveCredentials_awsProfileWithControlCharacters_messageEscapesThem(String profile) throws IOException {
        config("[default]\nregion = us-east-1\n");
        ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder()
                .environment(env().env("AWS_PROFILE", profile).build()).build();

        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(profile)
                        .contains(io.github.tempcreds.core.internal.SafeText.quote(profile))
                        .doesNotContainPattern("[\\x00-\\x1f]"));
    }

    @Test
    void resolveCredentials_awsProfileOf100000Chars_messageCutTo64() throws IOException {
        config("[default]\nregion = us-east-1\n");
        String profile = "a".repeat(100_000);
        ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder()
                .environment(env().env("AWS_PROFILE", profile).build()).build();

        assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("a".repeat(65))
                        .contains("(100000 characters)").hasSizeLessThan(600));
    }

    @Test
    void resolveCredentials_unknownPlainProfile_messageNamesSection() throws IOException {
        config("[default]\nregion = us-east-1\n");

        assertThatThrownBy(() -> provider("dev").resolveCredentials()).hasMessageContaining("Profile 'dev' is not in")
                .hasMessageContaining("[profile dev]");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"})
    void resolveCredentials_profileFileVariableWithNul_configurationErrorNamingIt(String variable) {
        for (String value : List.of("/tmp/a\u0000b", "~/a\u0000b")) {
            ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder()
                    .environment(env().env(variable, value).build()).build();

            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(variable).hasMessageContaining("not a valid path")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000").contains("\\u0000"));
            assertThatThrownBy(p::plan).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(variable);
        }
    }

    @Test
    void resolveCredentials_webIdentityTokenFileWithNul_configurationErrorNamingProfileAndKey() throws IOException {
        config("[profile w]\nrole_arn = arn:aws:iam::123456789012:role/W\nweb_identity_token_file = /t/a\u0000b\n");

        assertThatThrownBy(() -> provider("w").resolveCredentials())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("Profile 'w'").hasMessageContaining("web_identity_token_file")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000"));
    }
}
