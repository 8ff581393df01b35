package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class DoctorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @TempDir
    Path home;

    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).homeDirectory(home);
    }

    private RunResult doctor(TempcredsEnvironment environment, String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "doctor";
        args[1] = "--no-imds";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return RunResult.run(environment, args);
    }

    private void write(String relative, String content) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void run_emptyHome_noFindingsExitZero() {
        RunResult r = doctor(env().build());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("Result: no findings.")
                .contains("a default credentials chain would use: nothing");
    }

    @Test
    void run_sessionInEnvironment_chainNotePicksEnvironment() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "ASIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret-env").env("AWS_SESSION_TOKEN", "testtoken-env").build());

        assertThat(r.out).as(r.toString()).contains("TemporaryCredentialsChain picks environment: the first configured")
                .doesNotContain("testsecret-env").doesNotContain("testtoken-env");
    }

    @Test
    void run_akiaKeyInEnvironment_chainNoteSaysRefusedAndWhere() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "AKIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret-env").build());

        assertThat(r.out).as(r.toString()).contains("TemporaryCredentialsChain picks environment, which fails")
                .contains("refused").contains("found in environment variables")
                .doesNotContain("testsecret-env").doesNotContain("AKIATESTEXAMPLE00001");
    }

    @Test
    void run_akiaKeyInEnvironment_problemWithFixExitOne() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "AKIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret-env").build());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("PROBLEM").contains("long-term access key AKIATEST…0001")
                .contains("environment variable AWS_ACCESS_KEY_ID")
                .contains("fix: Unset AWS_ACCESS_KEY_ID")
                .contains("would use: environment variables")
                .doesNotContain("testsecret-env").doesNotContain("AKIATESTEXAMPLE00001");
    }

    @Test
    void run_keyWithoutSessionTokenInEnvironment_problem() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "ASIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret").build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("has no AWS_SESSION_TOKEN: it is a long-term key");
    }

    @Test
    void run_temporaryKeyInEnvironment_noFinding() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "ASIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret").env("AWS_SESSION_TOKEN", "testtoken").build());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("with AWS_SESSION_TOKEN");
    }

    @Test
    void run_longTermKeysInCredentialsFile_eachProfileFlaggedSecretsNotPrinted() throws IOException {
        write(".aws/credentials", """
                [default]
                aws_access_key_id = AKIATESTEXAMPLE00002
                aws_secret_access_key = testsecret-default
                [nosession]
                aws_access_key_id = ASIATESTEXAMPLE00003
                aws_secret_access_key = testsecret-nosession
                [fine]
                aws_access_key_id = ASIATESTEXAMPLE00004
                aws_secret_access_key = testsecret-fine
                aws_session_token = testtoken-fine
                """);

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("long-term access key AKIATEST…0002 (AKIA: an IAM user key) in "
                        + home.resolve(".aws/credentials") + " profile [default]")
                .contains("profile [nosession] has no aws_session_token")
                .doesNotContain("profile [fine]")
                .contains("Result: 2 findings (2 problems, 0 warnings).")
                .doesNotContain("testsecret").doesNotContain("testtoken");
    }

    @Test
    void run_credentialsFileFromEnvironmentVariable_isRead() throws IOException {
        write("elsewhere/creds", "[default]\naws_access_key_id = AKIATESTEXAMPLE00005\naws_secret_access_key = testsecret\n");

        RunResult r = doctor(env().env("AWS_SHARED_CREDENTIALS_FILE", home.resolve("elsewhere/creds").toString()).build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains(home.resolve("elsewhere/creds") + " profile [default]");
    }

    @Test
    void run_ssoOnlyProfile_checkedAndBrokenOneReported() throws IOException {
        write(".aws/config", """
                [profile dev]
                sso_session = my-sso
                sso_account_id = 123456789012
                sso_role_name = Dev
                [sso-session my-sso]
                sso_start_url = https://example.awsapps.com/start
                sso_region = us-east-1
                [profile broken]
                sso_session = nowhere
                sso_account_id = 123456789012
                sso_role_name = Dev
                """);

        RunResult r = doctor(env().build());

        assertThat(r.out).as(r.toString()).contains("profile 'dev': sso")
                .contains("profile 'broken' is broken");
    }

    @Test
    void run_expiredUnrefreshableSsoToken_problemNamesLoginCommand() throws IOException {
        write(".aws/config", """
                [profile dev]
                sso_session = my-sso
                sso_account_id = 123456789012
                sso_role_name = Dev
                [sso-session my-sso]
                sso_start_url = https://example.awsapps.com/start
                sso_region = us-east-1
                """);
        write(".aws/sso/cache/" + SsoCacheCheck.sha1("my-sso") + ".json", """
                {"startUrl":"https://example.awsapps.com/start","region":"us-east-1",
                 "accessToken":"testaccesstoken-secret","expiresAt":"2026-01-01T11:00:00Z"}
                """);

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("expired at 2026-01-01T11:00:00Z and cannot be refreshed")
                .contains("fix: Run `aws sso login --sso-session my-sso`.")
                .doesNotContain("testaccesstoken-secret");
    }

    @Test
    void run_expiredRefreshableSsoTokenWithExpiringRegistration_noteAndWarning() throws IOException {
        write(".aws/config", "[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\n");
        write(".aws/sso/cache/" + SsoCacheCheck.sha1("https://legacy.awsapps.com/start") + ".json", """
                {"startUrl":"https://legacy.awsapps.com/start","region":"us-east-1",
                 "accessToken":"testaccesstoken","expiresAt":"2026-01-01T11:00:00.000Z",
                 "refreshToken":"testrefreshtoken","clientId":"testclient","clientSecret":"testclientsecret",
                 "registrationExpiresAt":"2026-01-03T12:00:00Z"}
                """);

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("NOTE").contains("so tempcreds refreshes it")
                .contains("WARNING").contains("expires at 2026-01-03T12:00:00Z (in 2 days)")
                .contains("aws sso login --profile legacy")
                .contains("Result: 1 finding (0 problems, 1 warning).")
                .doesNotContain("testrefreshtoken").doesNotContain("testclientsecret");
    }

    @Test
    void run_ssoTokenExpiringSoonNotRefreshable_warning() throws IOException {
        write(".aws/sso/cache/abc.json", "{\"accessToken\":\"t\",\"expiresAt\":\""
                + NOW.plus(Duration.ofMinutes(20)) + "\"}");

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("WARNING").contains("(in 20 min) and cannot be refreshed")
                .contains("Run `aws sso login` before it expires.");
    }

    @Test
    void run_corruptSsoCacheFile_problemNamesFile() throws IOException {
        write(".aws/sso/cache/broken.json", "{not json");

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains(home.resolve(".aws/sso/cache/broken.json") + " cannot be read as JSON");
    }

    @Test
    void run_jsonMode_machineReadableFindingsAndNotes() {
        RunResult r = doctor(env().env("AWS_ACCESS_KEY_ID", "AKIATESTEXAMPLE00001")
                .env("AWS_SECRET_ACCESS_KEY", "testsecret").build(), "--json");

        assertThat(r.exitCode).isEqualTo(1);
        JsonNode json = JsonNode.parser().parse(r.out);
        assertThat(json.field("ok").orElseThrow().asBoolean()).isFalse();
        List<JsonNode> findings = json.field("findings").orElseThrow().asArray();
        assertThat(findings).hasSize(1);
        Map<String, JsonNode> f = findings.get(0).asObject();
        assertThat(f.get("check").asString()).isEqualTo(LongTermKeyCheck.ENV);
        assertThat(f.get("severity").asString()).isEqualTo("PROBLEM");
        assertThat(f.get("fix").asString()).startsWith("Unset AWS_ACCESS_KEY_ID");
        assertThat(json.field("notes").orElseThrow().asArray()).extracting(n -> n.field("check").orElseThrow().asString())
                .contains(DefaultChainCheck.ID);
    }

    @Test
    void run_jsonModeClean_okTrue() {
        RunResult r = doctor(env().build(), "--json");

        assertThat(r.exitCode).isZero();
        assertThat(JsonNode.parser().parse(r.out).field("ok").orElseThrow().asBoolean()).isTrue();
    }

    @Test
    void run_brokenProfileChains_cycleAndUnknownSourceAreProblems() throws IOException {
        write(".aws/config", """
                [profile a]
                role_arn = arn:aws:iam::123456789012:role/a
                source_profile = b
                [profile b]
                role_arn = arn:aws:iam::123456789012:role/b
                source_profile = a
                [profile weird]
                role_arn = arn:aws:iam::123456789012:role/w
                credential_source = Mainframe
                [profile ok]
                role_arn = arn:aws:iam::123456789012:role/ok
                credential_source = Environment
                """);

        RunResult r = doctor(env().build());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).contains("profile 'a' is broken").contains("a -> b -> a")
                .contains("profile 'weird' is broken").contains("Mainframe")
                .contains("profile 'ok': environment -> arn:aws:iam::123456789012:role/ok")
                .doesNotContain("profile 'ok' is broken");
    }

    @Test
    void run_imdsWithRole_noteNamesRoleAndDefaultChainPicksInstance() {
        try (FakeImds imds = FakeImds.builder().clock(MutableClock.at(NOW)).build().start()) {
            RunResult r = RunResult.run(env().build(), "doctor", "--imds-endpoint", imds.url());

            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(r.out).contains("IMDSv2 token obtained").contains("role 'demo-role' attached")
                    .contains("would use: the EC2 instance role 'demo-role' through IMDSv2");
            assertThat(imds.journal()).allSatisfy(req -> {
                if (req.method().equals("GET")) {
                    assertThat(req.header(FakeImds.TOKEN_HEADER)).isPresent();
                }
            });
        }
    }

    @Test
    void run_imdsAnswers403_reportsBothCausesNotJustDisabled() {
        try (FakeImds imds = FakeImds.builder().clock(MutableClock.at(NOW)).build().start()) {
            imds.disabled(true);
            RunResult r = RunResult.run(env().build(), "doctor", "--imds-endpoint", imds.url());

            assertThat(r.out).as(r.toString()).contains("HTTP 403 has two causes")
                    .contains("IMDS is turned off for this instance").contains("--http-endpoint enabled")
                    .contains("proxy answered for 169.254.169.254").contains("NO_PROXY");
        }
    }

    @Test
    void run_imdsHopLimit_problemWithFixWithinTheTimeout() {
        try (FakeImds imds = FakeImds.builder().clock(MutableClock.at(NOW)).build().start()) {
            imds.hopLimitExceeded(true);
            long t0 = System.nanoTime();
            RunResult r = RunResult.run(env().build(), "doctor", "--imds-endpoint", imds.url(),
                    "--imds-timeout-millis", "300");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            imds.hopLimitExceeded(false);

            assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
            assertThat(r.out).contains("PROBLEM").contains("hop limit suspected").contains("HttpPutResponseHopLimit");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void run_imdsUnreachable_noteOnlyAndFast() {
        long t0 = System.nanoTime();
        RunResult r = RunResult.run(env().build(), "doctor", "--imds-endpoint", "http://127.0.0.1:9");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("NOTE").contains("not used");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void run_unknownOption_usageErrorExitTwo() {
        RunResult r = doctor(env().build(), "--bogus");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: unknown option --bogus\nRun 'tempcreds doctor --help' for usage.\n");
        assertThat(r.out).isEmpty();
    }

    @Test
    void run_badTimeout_usageErrorExitTwo() {
        RunResult r = doctor(env().build(), "--imds-timeout-millis", "soon");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--imds-timeout-millis must be a number");
    }
}
