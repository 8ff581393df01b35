package io.github.tempcreds.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeAwsLauncher;
import io.github.tempcreds.testkit.MutableClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** {@code FakeIam} as part of {@code FakeAws}: the same account the fake STS serves, and from the launcher. */
class FakeAwsIamIT {
    @Test
    void fakeAws_userKeyStsAccepts_isAnIamAccessKeyWhoseLastUseIsTheStsCall() {
        MutableClock clock = MutableClock.systemUtc();
        try (FakeAws aws = FakeAws.builder().clock(clock).build().start()) {
            aws.registry().seedUserKey("AKIASEEDEDBYSTS00001", "sts-secret", "ci");
            aws.iam().user("auditor", clock.instant().minus(5, ChronoUnit.DAYS))
                    .accessKey("auditor", "AKIAAUDITOR000000009", "audit-secret", clock.instant(), true);
            try (StsClient sts = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.EU_WEST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIASEEDEDBYSTS00001", "sts-secret"))).build()) {
                sts.getCallerIdentity();
            }
            assertThat(aws.endpoints()).containsKey("iam");
            assertThat(aws.environmentVariables()).containsEntry("AWS_ENDPOINT_URL_IAM",
                    aws.iam().url().replaceAll("/$", ""));

            AuditReport report;
            try (CredentialsAudit audit = CredentialsAudit.builder().endpointOverride(aws.iam().uri())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIAAUDITOR000000009", "audit-secret")))
                    .environment(TempcredsEnvironment.builder().clock(clock).build()).build()) {
                report = audit.run();
            }
            assertThat(report.accessKeys()).filteredOn(k -> k.userName().equals("ci")).singleElement()
                    .satisfies(k -> {
                        assertThat(k.accessKeyId()).isEqualTo("AKIASEEDEDBYSTS00001");
                        assertThat(k.active()).isTrue();
                        assertThat(k.lastUsedService()).isEqualTo("sts");
                        assertThat(k.lastUsedRegion()).isEqualTo("eu-west-1");
                    });
            assertThat(report.summary().users()).isEqualTo(2);
        }
    }

    @Test
    void launcher_iamSection_seedsTheAccountTheAuditReads(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("fake.json");
        Files.writeString(config, "{\"userKeys\": [{\"userName\": \"auditor\", \"accessKeyId\": "
                + "\"AKIAAUDITOR000000007\", \"secretAccessKey\": \"s\"}],\n"
                + " \"iam\": {\"rootMfa\": false, \"reportGenerationCalls\": 1, \"users\": [\n"
                + "  {\"userName\": \"bob\", \"createdDaysAgo\": 400, \"consolePassword\": true,\n"
                + "   \"accessKeys\": [{\"accessKeyId\": \"AKIABOB0000000000001\", \"secretAccessKey\": \"b\",\n"
                + "                     \"createdDaysAgo\": 200, \"lastUsedDaysAgo\": 1}]}]}}");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FakeAwsLauncher.class.getName(), "--config", config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Map<String, String> endpoints = new HashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
                endpoints.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
            assertThat(endpoints).containsKey("iam");
            try (CredentialsAudit audit = CredentialsAudit.builder().endpointOverride(URI.create(endpoints.get("iam")))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIAAUDITOR000000007", "s"))).build()) {
                AuditReport report = audit.run();
                assertThat(report.findings()).extracting(Finding::kind, Finding::principal).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(FindingKind.ROOT_MFA_NOT_ENABLED, Finding.ROOT),
                        org.assertj.core.groups.Tuple.tuple(FindingKind.CONSOLE_USER_WITHOUT_MFA, "bob"),
                        org.assertj.core.groups.Tuple.tuple(FindingKind.ACCESS_KEY_TOO_OLD, "bob"));
                assertThat(List.copyOf(report.accessKeys())).extracting(AccessKeyInfo::userName)
                        .containsExactlyInAnyOrder("auditor", "bob");
            }
        } finally {
            p.destroy();
        }
    }
}
