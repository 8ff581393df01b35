package io.github.tempcreds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.FakeIam;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The AWS CLI v2 accepts the fake IAM: {@code list-access-keys}, {@code get-access-key-last-used},
 * {@code generate-credential-report}, {@code get-credential-report} with {@code --endpoint-url}. Skipped when
 * no {@code aws-cli/2} is found at {@code /usr/bin/aws} or on the PATH.
 */
class AwsCliIamIT {
    @TempDir
    Path home;
    private IamFixture fx;
    private String aws;

    @BeforeEach
    void setUp() throws Exception {
        aws = findCliV2().orElse(null);
        Assumptions.assumeTrue(aws != null, "AWS CLI v2 not found (neither /usr/bin/aws nor an 'aws' on the PATH "
                + "prints aws-cli/2 for --version): skipping the AWS CLI compatibility test");
        fx = new IamFixture();
        fx.iam.reportGenerationCalls(2);
        fx.iam.user("bob", fx.daysAgo(100)).accessKey("bob", "AKIABOB0000000000001", "b", fx.daysAgo(100), true)
                .accessKey("bob", "AKIABOB0000000000002", "b2", fx.daysAgo(3), false)
                .recordKeyUse("AKIABOB0000000000001", fx.daysAgo(2), "s3", "eu-west-1");
    }

    @AfterEach
    void tearDown() {
        if (fx != null) {
            fx.close();
        }
    }

    private static Optional<String> findCliV2() {
        List<String> candidates = new ArrayList<>(List.of("/usr/bin/aws"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "aws").toString());
        }
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                try {
                    Process p = new ProcessBuilder(c, "--version").redirectErrorStream(true).start();
                    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    if (p.waitFor(30, TimeUnit.SECONDS) && version.startsWith("aws-cli/2")) {
                        return Optional.of(c);
                    }
                } catch (Exception e) {
                    // not this one
                }
            }
        }
        return Optional.empty();
    }

    private JsonNode cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws, "iam"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--endpoint-url", fx.iam.url(), "--output", "json", "--no-cli-pager"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(home.resolve("stderr.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ACCESS_KEY_ID", IamFixture.AUDITOR_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", IamFixture.AUDITOR_SECRET);
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("aws exited").isTrue();
        assertThat(p.exitValue()).as("aws %s: %s", args[0], Files.readString(home.resolve("stderr.txt")))
                .isZero();
        return JsonNode.parser().parse(stdout);
    }

    @Test
    void awsCliV2_iamCommandsAgainstTheFake_parseItsAnswers() throws Exception {
        JsonNode keys = cli("list-access-keys", "--user-name", "bob");
        assertThat(keys.field("AccessKeyMetadata").orElseThrow().asArray()).hasSize(2);
        assertThat(keys.field("AccessKeyMetadata").orElseThrow().asArray().get(1).field("Status").orElseThrow()
                .asString()).isEqualTo("Inactive");

        JsonNode last = cli("get-access-key-last-used", "--access-key-id", "AKIABOB0000000000001");
        assertThat(last.field("UserName").orElseThrow().asString()).isEqualTo("bob");
        JsonNode used = last.field("AccessKeyLastUsed").orElseThrow();
        assertThat(used.field("ServiceName").orElseThrow().asString()).isEqualTo("s3");
        assertThat(used.field("Region").orElseThrow().asString()).isEqualTo("eu-west-1");
        JsonNode never = cli("get-access-key-last-used", "--access-key-id", "AKIABOB0000000000002")
                .field("AccessKeyLastUsed").orElseThrow();
        assertThat(never.field("ServiceName").orElseThrow().asString()).isEqualTo("N/A");
        assertThat(never.field("LastUsedDate")).isEmpty();

        assertThat(cli("generate-credential-report").field("State").orElseThrow().asString()).isEqualTo("STARTED");
        assertThat(cli("generate-credential-report").field("State").orElseThrow().asString()).isEqualTo("COMPLETE");
        JsonNode report = cli("get-credential-report");
        assertThat(report.field("ReportFormat").orElseThrow().asString()).isEqualTo("text/csv");
        String csv = new String(Base64.getDecoder().decode(report.field("Content").orElseThrow().asString()),
                StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo(String.join(",", FakeIam.REPORT_COLUMNS));
        assertThat(csv).contains("\nbob,arn:aws:iam::123456789012:user/bob,");
    }
}
