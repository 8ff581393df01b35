package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Other clients accept {@link FakeContainerCredentials}: the SDK's own {@code ContainerCredentialsProvider}
 * and {@code DefaultCredentialsProvider} (pointed at it with the SDK's {@code aws.container*} system
 * properties, restored afterwards) and the AWS CLI v2 (a child process with the environment set). Each
 * signs {@code GetCallerIdentity} on the fake STS with what it got.
 */
class FakeContainerCredentialsSdkIT {
    private static final String[] PROPERTIES = {"aws.containerCredentialsFullUri", "aws.containerCredentialsPath",
            "aws.containerServiceEndpoint", "aws.containerAuthorizationToken", "aws.containerAuthorizationTokenFile",
            "aws.sharedCredentialsFile", "aws.configFile", "aws.profile", "aws.disableEc2Metadata"};

    @TempDir
    Path home;
    FakeAws aws;
    private final Map<String, String> saved = new HashMap<>();

    private FakeAws start(FakeContainerCredentials.Mode mode) {
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        aws = FakeAws.builder().clock(MutableClock.systemUtc())
                .container(c -> c.mode(mode).roleName("sdk-role")).build().start();
        return aws;
    }

    @AfterEach
    void restore() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
        if (aws != null) {
            aws.close();
        }
    }

    private String callerArn(AwsCredentials c) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    @Test
    void sdkContainerProvider_podIdentityMode_fullUriAndTokenFile() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        System.setProperty("aws.containerCredentialsFullUri", pod.credentialsUrl());
        System.setProperty("aws.containerAuthorizationTokenFile", pod.tokenFile().orElseThrow().toString());
        try (ContainerCredentialsProvider p = ContainerCredentialsProvider.builder().build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(c.accessKeyId()).isEqualTo(pod.currentCredentials().accessKeyId());
            assertThat(pod.journal("GetCredentials").get(0).header("Authorization")).isEqualTo(pod.currentToken());
            assertThat(callerArn(c)).startsWith("arn:aws:sts::" + aws.accountId() + ":assumed-role/sdk-role/");
        }
    }

    @Test
    void sdkContainerProvider_ecsMode_relativeUriOnServiceEndpoint() {
        FakeContainerCredentials ecs = start(FakeContainerCredentials.Mode.ECS).container();
        System.setProperty("aws.containerCredentialsPath", ecs.credentialsPath());
        System.setProperty("aws.containerServiceEndpoint", "http://127.0.0.1:" + ecs.port());
        try (ContainerCredentialsProvider p = ContainerCredentialsProvider.builder().build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(c.accessKeyId()).isEqualTo(ecs.currentCredentials().accessKeyId());
            assertThat(callerArn(c)).contains(":assumed-role/sdk-role/");
        }
    }

    @Test
    void sdkDefaultProvider_podIdentityMode_picksContainerCredentials() throws IOException {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        Path empty = Files.writeString(home.resolve("empty"), "");
        System.setProperty("aws.sharedCredentialsFile", empty.toString());
        System.setProperty("aws.configFile", empty.toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.containerCredentialsFullUri", pod.credentialsUrl());
        System.setProperty("aws.containerAuthorizationTokenFile", pod.tokenFile().orElseThrow().toString());
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null,
                "credentials in this process's environment would win over the container in the SDK's chain");
        try (DefaultCredentialsProvider p = DefaultCredentialsProvider.builder().build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(c.accessKeyId()).isEqualTo(pod.currentCredentials().accessKeyId());
            assertThat(callerArn(c)).contains(":assumed-role/sdk-role/");
        }
    }

    @Test
    void awsCliV2_podIdentityMode_getCallerIdentity() throws Exception {
        String cli = cliV2();
        assumeTrue(cli != null, "AWS CLI v2 is not installed (no 'aws' on PATH answering aws-cli/2): skipped");
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        ProcessBuilder pb = new ProcessBuilder(cli, "sts", "get-caller-identity", "--output", "json",
                "--endpoint-url", aws.sts().url());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(pod.environmentVariables());
        // CLI versions without token-file support read the token itself; newer ones prefer the file.
        pb.environment().put("AWS_CONTAINER_AUTHORIZATION_TOKEN", pod.currentToken().orElseThrow());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("none").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_PAGER", "");
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(proc.exitValue()).as("aws cli output: %s", out).isZero();
        assertThat(out).contains("assumed-role/sdk-role/");
        assertThat(pod.journal("GetCredentials")).isNotEmpty();
    }

    /** The first {@code aws} (on PATH, then {@code /usr/bin/aws}) that answers {@code aws-cli/2}, else null. */
    private static String cliV2() throws IOException, InterruptedException {
        java.util.List<Path> candidates = new java.util.ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                candidates.add(Path.of(dir, "aws"));
            }
        }
        candidates.add(Path.of("/usr/bin/aws"));
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                Process v = new ProcessBuilder(p.toString(), "--version").redirectErrorStream(true).start();
                String text = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (v.waitFor(30, TimeUnit.SECONDS) && text.contains("aws-cli/2")) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    @Test
    void fake_podIdentity_statusCodesAsTheAgent() {
        FakeContainerCredentials pod = start(FakeContainerCredentials.Mode.POD_IDENTITY).container();
        String old = pod.currentToken().orElseThrow();
        String fresh = pod.rotateToken();

        assertThat(fresh).isNotEqualTo(old);
        assertThat(pod.tokenFile().orElseThrow()).content().isEqualTo(fresh);
        assertThat(pod.tokenFile().orElseThrow().toFile().canRead()).isTrue();
        System.setProperty("aws.containerCredentialsFullUri", pod.credentialsUrl());
        System.setProperty("aws.containerAuthorizationToken", old);
        try (ContainerCredentialsProvider p = ContainerCredentialsProvider.builder().build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(p::resolveCredentials)
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
        }
        assertThat(pod.journal("GetCredentials")).as("a 4xx is not retried").hasSize(1);
    }
}
