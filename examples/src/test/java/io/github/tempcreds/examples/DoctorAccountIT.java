package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.audit.CredentialsAudit;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.FakeIam;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** {@code doctor --account} against the fake IAM: output and exit codes. */
class DoctorAccountIT {
    @TempDir
    Path home;
    private final MutableClock clock = MutableClock.systemUtc();
    private FakeIam iam;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        iam = FakeIam.builder().clock(clock).build();
        iam.user("auditor", clock.instant().minus(3, ChronoUnit.DAYS))
                .accessKey("auditor", "AKIAAUDITOR000000042", "doctor-secret", clock.instant(), true)
                .reportGenerationCalls(1);
        iam.start();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[audit]\naws_access_key_id = AKIAAUDITOR000000042\n"
                + "aws_secret_access_key = doctor-secret\n");
    }

    @AfterEach
    void stop() {
        iam.close();
    }

    private int doctor(String... extra) {
        List<String> args = new ArrayList<>(List.of("doctor", "--account", "--profile", "audit", "--endpoint-url",
                iam.url()));
        args.addAll(List.of(extra));
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build();
        return Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void doctorAccount_cleanAccount_printsTableAndExits0() {
        assertThat(doctor()).isEqualTo(0);
        assertThat(out()).contains("IAM credentials audit of account 123456789012").contains("No findings.")
                .contains("AKIA...0042").doesNotContain("doctor-secret");
    }

    @Test
    void doctorAccount_consoleUserWithoutMfa_exits1AtDefaultHigh_and0WithFailOnCritical() {
        iam.user("alice", clock.instant().minus(10, ChronoUnit.DAYS)).loginProfile("alice", clock.instant(), null);

        assertThat(doctor()).isEqualTo(1);
        assertThat(out()).contains("CONSOLE_USER_WITHOUT_MFA").contains("1 finding(s) at or above high.");
        assertThat(doctor("--fail-on", "critical")).isEqualTo(0);
    }

    @Test
    void doctorAccount_json_isTheReportAndKeepsTheExitCode() {
        iam.rootAccessKeys(true);

        assertThat(doctor("--json")).isEqualTo(1);
        JsonNode json = JsonNode.parser().parse(out());
        assertThat(json.field("findings").orElseThrow().asArray().get(0).field("kind").orElseThrow().asString())
                .isEqualTo("ROOT_ACCESS_KEY_PRESENT");
    }

    @Test
    void doctorAccount_badFailOn_isAUsageError() {
        assertThat(doctor("--fail-on", "severe")).isEqualTo(2);
        assertThat(err()).contains("--fail-on").contains("critical, high, medium, low, info");
    }

    @Test
    void doctorAccount_accessDenied_exits3AndNamesThePermissions() {
        iam.inject(Fault.status(403).onOperation("GenerateCredentialReport"));

        assertThat(doctor()).isEqualTo(3);
        for (String action : CredentialsAudit.REQUIRED_ACTIONS) {
            assertThat(err()).contains(action);
        }
    }
}
