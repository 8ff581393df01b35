package io.github.tempcreds.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code credential_source = EcsContainer}: the container credentials endpoint (there is no fake for
 * it, so a loopback JDK HTTP server answers in the ECS format with a task-role session the fake STS
 * knows), then {@code AssumeRole} against FakeSts.
 */
class ProfileEcsContainerIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String TASK_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/TaskRole";
    private static final String FULL_URI_PROPERTY = "aws.containerCredentialsFullUri";
    private static final String APP_ROLE = "arn:aws:iam::" + ACCOUNT + ":role/App";

    @TempDir
    Path home;
    MutableClock clock;
    FakeSts sts;
    HttpServer ecs;
    IssuedCredentials task;
    final AtomicInteger ecsCalls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        CredentialRegistry registry = CredentialRegistry.create(ACCOUNT, new Random(13));
        sts = FakeSts.builder().clock(clock).registry(registry).build().start();
        sts.role(RoleSpec.builder(APP_ROLE).trustPrincipal(TASK_ROLE).build());
        task = registry.issueRoleSession(TASK_ROLE, "ecs-task", clock.instant().plus(Duration.ofHours(6)), "ecs");
        ecs = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ecs.createContext("/v2/credentials/task", exchange -> {
            ecsCalls.incrementAndGet();
            byte[] body = ("{\"AccessKeyId\":\"" + task.accessKeyId() + "\",\"SecretAccessKey\":\""
                    + task.secretAccessKey() + "\",\"Token\":\"" + task.sessionToken().orElseThrow()
                    + "\",\"Expiration\":\"" + task.expiration().orElseThrow() + "\",\"RoleArn\":\"" + TASK_ROLE
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ecs.start();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile ecs-app]\nrole_arn = " + APP_ROLE
                + "\ncredential_source = EcsContainer\nrole_session_name = from-ecs\n");
    }

    @AfterEach
    void stop() {
        ecs.stop(0);
        sts.close();
    }

    @Test
    void credentialSourceEcsContainer_taskRoleThenAssumeRole() {
        String uri = "http://127.0.0.1:" + ecs.getAddress().getPort() + "/v2/credentials/task";
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home)
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri)
                .env("AWS_ENDPOINT_URL_STS", sts.url()).env("AWS_REGION", "us-east-1").build();
        // The SDK's container provider reads the URI itself (system property first, then the variable).
        System.setProperty(FULL_URI_PROPERTY, uri);
        try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName("ecs-app")
                .environment(env).build()) {
            AwsCredentials c = p.resolveCredentials();

            try (StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
                assertThat(client.getCallerIdentity().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT
                        + ":assumed-role/App/from-ecs");
            }
            assertThat(sts.journal("AssumeRole").get(0).header("Authorization").orElse(""))
                    .contains(task.accessKeyId());
            assertThat(ecsCalls.get()).isPositive();
            assertThat(p.plan().source().kind()).isEqualTo(ProfileChainPlan.SourceKind.ECS_CONTAINER);
        } finally {
            System.clearProperty(FULL_URI_PROPERTY);
        }
    }

    @Test
    void credentialSourceEcsContainer_notConfigured_configurationError() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build();
        try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName("ecs-app")
                .environment(env).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(io.github.tempcreds.core.CredentialsConfigurationException.class)
                    .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        }
    }
}
