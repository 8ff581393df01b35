package io.github.tempcreds.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.profile.ProfileChainPlan;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeContainerCredentials;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code credential_source = EcsContainer}: the container credentials source of tempcreds-container (found
 * through the service loader) reads the task role from {@link FakeContainerCredentials}, then
 * {@code AssumeRole} against FakeSts. The settings come from the injected environment only (no system
 * property), which the SDK's provider could not do.
 */
class ProfileEcsContainerIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String APP_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/App";

    @TempDir
    Path home;
    MutableClock clock;
    FakeSts sts;
    FakeContainerCredentials ecs;

    @BeforeEach
    void start() throws IOException {
        clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        CredentialRegistry registry = CredentialRegistry.create(ACCOUNT, new Random(13));
        sts = FakeSts.builder().clock(clock).registry(registry).build().start();
        ecs = FakeContainerCredentials.builder().clock(clock).registry(registry).roleName("TaskRole").build().start();
        sts.role(RoleSpec.builder(APP_ROLE).trustPrincipal(ecs.roleArn()).build());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile ecs-app]\nrole_arn = " + APP_ROLE
                + "\ncredential_source = EcsContainer\nrole_session_name = from-ecs\n");
    }

    @AfterEach
    void stop() {
        ecs.close();
        sts.close();
    }

    @Test
    void credentialSourceEcsContainer_taskRoleThenAssumeRole() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ecs.credentialsPath())
                .env("AWS_CONTAINER_SERVICE_ENDPOINT", "http://127.0.0.1:" + ecs.port())
                .env("AWS_ENDPOINT_URL_STS", sts.url()).env("AWS_REGION", "us-east-1").build();
        try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName("ecs-app")
                .environment(env).build()) {
            AwsCredentials c = p.resolveCredentials();

            try (StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
                assertThat(client.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT
                        + ":assumed-role/App/from-ecs");
            }
            assertThat(sts.journal("AssumeRole").get(0).header("Authorization").orElse(""))
                    .contains(ecs.currentCredentials().accessKeyId());
            assertThat(ecs.journal("GetCredentials")).isNotEmpty();
            assertThat(p.plan().source().kind()).isEqualTo(ProfileChainPlan.SourceKind.ECS_CONTAINER);
        }
    }

    @Test
    void credentialSourceEcsContainer_notConfigured_configurationError() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build();
        try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName("ecs-app")
                .environment(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        }
    }
}
