package io.github.tempcreds.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.testkit.FakeIam;
import io.github.tempcreds.testkit.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The audit against {@link FakeIam} through the real {@code IamClient}. */
class CredentialsAuditIT {
    private final IamFixture fx = new IamFixture();
    private Instant oldKeyCreated;

    @AfterEach
    void close() {
        fx.close();
    }

    /** One user (or root setting) per kind of problem, plus users that are fine. */
    private void seedProblems() {
        FakeIam iam = fx.iam;
        oldKeyCreated = fx.daysAgo(200);
        iam.rootAccessKeys(true).rootMfa(false);
        iam.user("alice", fx.daysAgo(400)).loginProfile("alice", fx.daysAgo(400), fx.daysAgo(1));
        iam.user("bob", fx.daysAgo(400)).loginProfile("bob", fx.daysAgo(400), fx.daysAgo(2))
                .mfaDevice("bob", fx.daysAgo(300));
        iam.user("old", fx.daysAgo(300)).accessKey("old", "AKIAOLD0000000000001", "s1", oldKeyCreated, true)
                .recordKeyUse("AKIAOLD0000000000001", fx.daysAgo(1), "s3", "eu-west-1");
        iam.user("idle", fx.daysAgo(300)).accessKey("idle", "AKIAIDLE000000000001", "s2", fx.daysAgo(60), true);
        iam.user("stale", fx.daysAgo(300)).accessKey("stale", "AKIASTALE00000000001", "s3", fx.daysAgo(80), true)
                .recordKeyUse("AKIASTALE00000000001", fx.daysAgo(50), "ec2", "us-east-1");
        iam.user("twokeys", fx.daysAgo(300))
                .accessKey("twokeys", "AKIATWO0000000000001", "s4", fx.daysAgo(10), true)
                .accessKey("twokeys", "AKIATWO0000000000002", "s5", fx.daysAgo(5), true)
                .recordKeyUse("AKIATWO0000000000001", fx.daysAgo(1), "sts", "us-east-1")
                .recordKeyUse("AKIATWO0000000000002", fx.daysAgo(1), "sts", "us-east-1");
        iam.user("retired", fx.daysAgo(300))
                .accessKey("retired", "AKIARETIRED000000001", "s6", fx.daysAgo(30), false)
                .accessKey("retired", "AKIARETIRED000000002", "s7", fx.daysAgo(10), true)
                .recordKeyUse("AKIARETIRED000000002", fx.daysAgo(1), "dynamodb", "us-east-1");
    }

    @Test
    void run_accountWithEachProblem_yieldsExactlyTheExpectedFindings() throws Exception {
        seedProblems();
        AuditReport report = fx.audit().build().run();

        assertThat(report.findings()).extracting(Finding::severity, Finding::kind, Finding::principal,
                Finding::accessKeyId).containsExactly(
                tuple(Severity.CRITICAL, FindingKind.ROOT_ACCESS_KEY_PRESENT, "<root_account>", null),
                tuple(Severity.CRITICAL, FindingKind.ROOT_MFA_NOT_ENABLED, "<root_account>", null),
                tuple(Severity.HIGH, FindingKind.CONSOLE_USER_WITHOUT_MFA, "alice", null),
                tuple(Severity.MEDIUM, FindingKind.ACCESS_KEY_TOO_OLD, "old", "AKIAOLD0000000000001"),
                tuple(Severity.MEDIUM, FindingKind.ACCESS_KEY_UNUSED, "idle", "AKIAIDLE000000000001"),
                tuple(Severity.MEDIUM, FindingKind.ACCESS_KEY_UNUSED, "stale", "AKIASTALE00000000001"),
                tuple(Severity.LOW, FindingKind.TWO_ACTIVE_ACCESS_KEYS, "twokeys", null),
                tuple(Severity.LOW, FindingKind.INACTIVE_ACCESS_KEY_PRESENT, "retired", "AKIARETIRED000000001"));
        assertThat(report.findings().get(3).evidence()).contains("200 days ago").contains("maximum 90 days");
        assertThat(report.findings().get(4).evidence()).contains("never used").contains("60 days ago");
        assertThat(report.findings().get(5).evidence()).contains("50 days ago, ec2");

        AuditSummary s = report.summary();
        assertThat(s.users()).isEqualTo(8);
        assertThat(s.accessKeys()).isEqualTo(8);
        assertThat(s.activeAccessKeys()).isEqualTo(7);
        assertThat(s.keysOlderThanMaxAge()).isEqualTo(1);
        assertThat(s.usersWithoutAccessKey()).isEqualTo(2);
        assertThat(s.consoleUsers()).isEqualTo(2);
        assertThat(s.rootAccessKeysPresent()).isTrue();
        assertThat(s.rootMfaEnabled()).isFalse();
        assertThat(s.percentWithoutLongTermKey()).isEqualTo(100.0 * 2 / 9);
        assertThat(report.accountId()).contains("123456789012");
        assertThat(report.hasFindingsAtLeast(Severity.CRITICAL)).isTrue();

        assertThat(report.accessKeys()).filteredOn(k -> k.accessKeyId().equals("AKIAOLD0000000000001"))
                .singleElement().satisfies(k -> {
                    assertThat(k.lastUsedService()).isEqualTo("s3");
                    assertThat(k.lastUsedRegion()).isEqualTo("eu-west-1");
                    assertThat(k.created()).isEqualTo(oldKeyCreated);
                });
        assertThat(report.accessKeys()).filteredOn(k -> k.accessKeyId().equals("AKIAIDLE000000000001"))
                .singleElement().satisfies(k -> assertThat(k.neverUsed()).isTrue());

        String table = report.toTable();
        assertThat(table).contains("AKIA...0001").doesNotContain("AKIAOLD0000000000001")
                .contains("ROOT_ACCESS_KEY_PRESENT");
        JsonNode json = JsonNode.parser().parse(report.toJson());
        assertThat(json.field("findings").orElseThrow().asArray()).hasSize(8);
        assertThat(json.field("summary").orElseThrow().field("users").orElseThrow().asNumber()).isEqualTo("8");
        assertThat(report.toJson()).contains("AKIAOLD0000000000001");
        Path out = Path.of("target", "audit-example");
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.txt"), table);
        Files.writeString(out.resolve("report.json"), report.toJson());
    }

    @Test
    void run_cleanAccount_noFindings() {
        AuditReport report = fx.audit().build().run();

        assertThat(report.findings()).isEmpty();
        assertThat(report.hasFindingsAtLeast(Severity.INFO)).isFalse();
        assertThat(report.summary().users()).isEqualTo(1);
        assertThat(report.accessKeys()).singleElement().satisfies(k -> {
            assertThat(k.active()).isTrue();
            assertThat(k.lastUsedService()).isEqualTo("iam");
        });
        assertThat(report.toTable()).contains("No findings.");
    }

    @Test
    void run_thresholdsFromTheBuilder_decideTheFindings() {
        fx.iam.user("k", fx.daysAgo(40)).accessKey("k", "AKIAKKKK000000000001", "s", fx.daysAgo(40), true);

        assertThat(fx.audit().build().run().findings()).isEmpty();
        AuditReport strict = fx.audit().maxKeyAge(Duration.ofDays(30)).unusedKeyThreshold(Duration.ofDays(20))
                .build().run();
        assertThat(strict.findings()).extracting(Finding::kind)
                .containsExactly(FindingKind.ACCESS_KEY_TOO_OLD, FindingKind.ACCESS_KEY_UNUSED);
    }

    @Test
    void run_1001Users_pagesThroughListUsersAndListsKeysOnlyWhereTheReportShowsThem() {
        for (int i = 0; i < 1000; i++) {
            fx.iam.user(String.format("user%04d", i), fx.daysAgo(5));
        }
        AuditReport report = fx.audit().build().run();

        assertThat(report.summary().users()).isEqualTo(1001);
        assertThat(report.summary().usersWithoutAccessKey()).isEqualTo(1000);
        assertThat(fx.iam.journal("ListUsers")).hasSize(11);
        assertThat(fx.iam.journal("ListUsers").get(1).form().get("Marker")).containsExactly("100");
        assertThat(fx.iam.journal("ListAccessKeys")).hasSize(1);
    }

    @Test
    void run_reportInProgress_pollsWithBackoffUntilComplete() {
        fx.iam.reportGenerationCalls(4);

        AuditReport report = fx.audit().build().run();

        assertThat(report.findings()).isEmpty();
        assertThat(fx.iam.journal("GenerateCredentialReport")).hasSize(4);
        assertThat(fx.iam.journal("GetCredentialReport")).hasSize(1);
        assertThat(fx.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void run_getCredentialReportAnswersInProgress_generatesAndPollsAgain() {
        fx.iam.inject(FakeIam.errorFault(404, "ReportInProgress", "Credential report is being generated.")
                .times(1).onOperation("GetCredentialReport"));

        AuditReport report = fx.audit().build().run();

        assertThat(report.findings()).isEmpty();
        assertThat(fx.iam.journal("GetCredentialReport")).hasSize(2);
        assertThat(fx.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void run_reportNeverCompletes_typedTimeoutWithinTheBound() {
        fx.iam.reportGenerationCalls(1_000);

        assertThatThrownBy(() -> fx.audit().reportWait(Duration.ofSeconds(30)).build().run())
                .isInstanceOf(CredentialsTimeoutException.class)
                .hasMessageContaining("within 30 s").hasMessageContaining("INPROGRESS");
        assertThat(fx.sleeps.stream().mapToLong(Duration::toSeconds).sum()).isLessThanOrEqualTo(30);
        assertThat(fx.sleeps).hasSizeGreaterThan(2);
    }

    @Test
    void run_accessDenied_namesEveryActionTheAuditNeeds() {
        fx.iam.inject(Fault.status(403).onOperation("ListUsers"));

        assertThatThrownBy(() -> fx.audit().build().run())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("iam:ListUsers")
                .satisfies(e -> {
                    for (String action : CredentialsAudit.REQUIRED_ACTIONS) {
                        assertThat(e.getMessage()).contains(action);
                    }
                });
    }

    @Test
    void run_throttledThreeTimes_sdkRetriesThenSucceeds() {
        fx.iam.inject(Fault.throttle().times(3).onOperation("GetAccountSummary"));

        AuditReport report = fx.audit().build().run();

        assertThat(report.summary().rootMfaEnabled()).isTrue();
        assertThat(fx.iam.journal("GetAccountSummary")).hasSize(4);
    }

    @Test
    void run_auditBuildsItsOwnClient_fromProviderAndEndpoint_signsForIamInUsEast1() {
        try (CredentialsAudit audit = CredentialsAudit.builder()
                .credentialsProvider(() -> AwsBasicCredentials.create(IamFixture.AUDITOR_KEY, IamFixture.AUDITOR_SECRET))
                .endpointOverride(fx.iam.uri()).build()) {
            assertThat(audit.run().summary().users()).isEqualTo(1);
        }
        assertThat(fx.iam.journal("ListUsers").get(0).header("Authorization").orElseThrow())
                .contains("/us-east-1/iam/aws4_request");
    }
}
