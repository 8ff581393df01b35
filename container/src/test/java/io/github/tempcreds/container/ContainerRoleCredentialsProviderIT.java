package io.github.tempcreds.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeContainerCredentials;
import io.github.tempcreds.testkit.Fault;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The provider against {@link FakeContainerCredentials} (in a {@link FakeAws}), through the real HTTP client. */
class ContainerRoleCredentialsProviderIT {
    private static final String WRONG_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ3cm9uZyJ9.wrongSignatureValue42";

    @TempDir
    Path tmp;
    FakeAws aws;

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private FakeAws start(FakeContainerCredentials.Mode mode) {
        aws = FakeAws.builder().container(c -> c.mode(mode).roleName("app-role")).build().start();
        return aws;
    }

    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(aws.clock()).homeDirectory(tmp);
    }

    private ContainerRoleCredentialsProvider.BuilderImpl builder(TempcredsEnvironment env) {
        ContainerRoleCredentialsProvider.BuilderImpl b =
                (ContainerRoleCredentialsProvider.BuilderImpl) ContainerRoleCredentialsProvider.builder().environment(env);
        return b.sleeper(d -> { });
    }

    private GetCallerIdentityResponse callerIdentity(ContainerRoleCredentialsProvider p) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                .credentialsProvider(p).build()) {
            return sts.getCallerIdentity();
        }
    }

    /** Every message and toString in the cause chain. */
    private static String chain(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append('\n');
        }
        return s.toString();
    }

    @Test
    void ecsMode_relativeUri_credentialsAcceptedByFakeSts() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        TempcredsEnvironment env = env()
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ecs.credentialsPath())
                .env("AWS_CONTAINER_SERVICE_ENDPOINT", "http://127.0.0.1:" + ecs.port()).build();
        assertThat(ContainerRoleCredentialsProvider.isConfigured(env)).isTrue();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            GetCallerIdentityResponse id = callerIdentity(p);

            assertThat(id.arn()).startsWith("arn:aws:sts::" + aws.accountId() + ":assumed-role/app-role/");
            assertThat(ecs.journal("GetCredentials")).hasSize(1);
            assertThat(ecs.journal("GetCredentials").get(0).header("Authorization")).isEmpty();
        }
    }

    @Test
    void podIdentityMode_tokenFile_sentAndAccountIdKept() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        TempcredsEnvironment env = env().env(pod.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
            assertThat(c.accountId()).contains(aws.accountId());
            assertThat(c.accessKeyId()).isEqualTo(pod.currentCredentials().accessKeyId());
            assertThat(pod.journal("GetCredentials").get(0).header("Authorization")).isEqualTo(pod.currentToken());
            assertThat(callerIdentity(p).account()).isEqualTo(aws.accountId());
        }
    }

    @Test
    void podIdentityMode_tokenRotatedBetweenLoads_newTokenSent() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        TempcredsEnvironment env = env().env(pod.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            AwsCredentials first = p.resolveCredentials();
            String rotated = pod.rotateToken();
            aws.clock().advance(Duration.ofHours(6).plusMinutes(1)); // the first set has expired: a new load

            AwsCredentials second = p.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(pod.journal("GetCredentials")).hasSize(2);
            assertThat(pod.journal("GetCredentials").get(1).header("Authorization")).contains(rotated);
        }
    }

    @Test
    void podIdentityMode_wrongToken_configurationErrorWithFixAndNoToken() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        TempcredsEnvironment env = env().build();
        try (ContainerRoleCredentialsProvider p = builder(env).fullUri(URI.create(pod.credentialsUrl()))
                .authorizationToken(WRONG_TOKEN).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("token was rejected")
                    .hasMessageContaining("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain(WRONG_TOKEN));
            assertThat(pod.journal("GetCredentials")).hasSize(1); // 4xx is not retried
            assertThat(p.toString()).doesNotContain(WRONG_TOKEN);
        }
    }

    @Test
    void podIdentityMode_tokenFileMissing_configurationErrorNamesPathAndAgent() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        Path missing = tmp.resolve("no-such-dir/eks-pod-identity-token");
        TempcredsEnvironment env = env().env("AWS_CONTAINER_CREDENTIALS_FULL_URI", pod.credentialsUrl())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", missing.toString()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("does not exist")
                    .hasMessageContaining("Pod Identity");
            assertThat(pod.journal()).isEmpty();
        }
    }

    @Test
    void tokenWithLineBreak_configurationErrorWithoutToken() throws IOException {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        Path file = tmp.resolve("token");
        Files.writeString(file, pod.currentToken().orElseThrow() + "\r\nX-Injected: yes");
        TempcredsEnvironment env = env().env("AWS_CONTAINER_CREDENTIALS_FULL_URI", pod.credentialsUrl())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file.toString()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("line break")
                    .hasMessageNotContaining(pod.currentToken().orElseThrow());
            assertThat(pod.journal()).isEmpty();
        }
    }

    @Test
    void tokenFileWinsOverToken() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        TempcredsEnvironment env = env().env(pod.environmentVariables())
                .env("AWS_CONTAINER_AUTHORIZATION_TOKEN", WRONG_TOKEN).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            p.resolveCredentials();

            assertThat(pod.journal("GetCredentials").get(0).header("Authorization")).isEqualTo(pod.currentToken());
        }
    }

    @Test
    void relativeUriWinsOverFullUri() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        TempcredsEnvironment env = env()
                .env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ecs.credentialsPath())
                .env("AWS_CONTAINER_SERVICE_ENDPOINT", "http://127.0.0.1:" + ecs.port())
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + ecs.port() + "/elsewhere").build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            p.resolveCredentials();

            assertThat(ecs.journal().get(0).path()).isEqualTo(ecs.credentialsPath());
        }
    }

    @Test
    void serverErrors_retriedThenSuccess() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        ecs.inject(Fault.status(503).times(2));
        ecs.inject(Fault.connectionReset().times(1));
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(c.accessKeyId()).isEqualTo(ecs.currentCredentials().accessKeyId());
            assertThat(ecs.journal()).hasSize(4);
        }
    }

    @Test
    void serverErrors_beyondMaxRetries_retrievalError() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        ecs.inject(Fault.status(500));
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).maxRetries(2).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("3 attempt(s)");
            assertThat(ecs.journal()).hasSize(3);
        }
    }

    @Test
    void malformedAnswer_retrievalErrorWithoutBody() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        String secretish = "{\"AccessKeyId\":\"ASIAFAKE\",\"SecretAccessKey\":\"TopSecretValue\",";
        ecs.inject(Fault.body(200, "application/json", secretish));
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("not a JSON object")
                    .satisfies(e -> assertThat(chain(e)).doesNotContain("TopSecretValue"));
        }
    }

    @Test
    void incompleteAnswer_retrievalErrorNamesMissingFields() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        ecs.inject(Fault.body(200, "application/json", "{\"AccessKeyId\":\"ASIAFAKE\",\"SecretAccessKey\":\"s3cr3tValue\"}"));
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("Token, Expiration")
                    .hasMessageNotContaining("s3cr3tValue");
        }
    }

    @Test
    void expiredAnswer_neverServed() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        ecs.serveExpiredCredentials(true);
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsException.class)
                    .hasMessageContaining("expire");
        }
    }

    @Test
    void ecsUnknownId_configurationError() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        TempcredsEnvironment env = env().env("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:" + ecs.port() + "/v2/credentials/not-this-task").build();
        try (ContainerRoleCredentialsProvider p = builder(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("HTTP 400")
                    .hasMessageContaining("InvalidIdInRequest");
        }
    }

    @Test
    void agentHangs_timeoutErrorAfterRetries() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        ecs.inject(Fault.hang());
        TempcredsEnvironment env = env().env(ecs.environmentVariables()).build();
        try (ContainerRoleCredentialsProvider p = builder(env).readTimeout(Duration.ofMillis(300)).maxRetries(1)
                .build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .satisfies(e -> assertThat(chain(e)).contains("CredentialsTimeoutException")
                            .contains("did not answer in time after 2 attempt(s)"));
            assertThat(ecs.journal()).hasSize(2);
        } finally {
            ecs.clearFaults();
        }
    }

    @Test
    void endpointUnreachable_retrievalErrorSaysAgentAndTaskRole() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TempcredsEnvironment env = TempcredsEnvironment.builder().homeDirectory(tmp)
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + port + "/v1/credentials").build();
        try (ContainerRoleCredentialsProvider p = builder(env).maxRetries(1).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining("could not be reached after 2 attempt(s)")
                    .hasMessageContaining("task role")
                    .hasMessageContaining("eks-pod-identity-agent");
        }
    }

    @Test
    void notConfigured_notFoundAndIsConfiguredFalse() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().homeDirectory(tmp).build();
        assertThat(ContainerRoleCredentialsProvider.isConfigured(env)).isFalse();
        assertThat(ContainerRoleCredentialsProvider.isConfigured(TempcredsEnvironment.builder()
                .env("AWS_CONTAINER_CREDENTIALS_FULL_URI", " ").build())).isFalse();
        assertThat(ContainerRoleCredentialsProvider.isConfigured(TempcredsEnvironment.builder()
                .property("aws.containerCredentialsPath", "/v2/credentials/x").build())).isTrue();
        try (ContainerRoleCredentialsProvider p = ContainerRoleCredentialsProvider.builder().environment(env).build()) {
            assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(CredentialsNotFoundException.class)
                    .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        }
    }
}
