package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    private static RunResult run(String... args) {
        return RunResult.run(TempcredsEnvironment.builder().build(), args);
    }

    @Test
    void run_help_listsEveryCommandExitZero() {
        RunResult r = run("--help");

        assertThat(r.exitCode).isZero();
        assertThat(r.out).contains("demo").contains("doctor").contains("credential-process").contains("framework")
                .contains("Exit codes: 0 ok, 1 findings or failure, 2 usage error.");
    }

    @Test
    void run_helpCommand_printsThatCommandsUsage() {
        assertThat(run("help", "credential-process").out).startsWith("Usage: credential-process --profile NAME");
        assertThat(run("doctor", "--help").out).startsWith("Usage: doctor");
        assertThat(run("help", "framework").exitCode).isZero();
    }

    @Test
    void run_noCommandOrUnknownCommand_oneLineAndTheProgramHint() {
        RunResult none = run();
        RunResult unknown = run("deploy");
        RunResult unknownHelp = run("help", "deploy");
        RunResult unknownOption = run("--fast");

        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).isEqualTo("error: no command given\nRun 'tempcreds --help' for usage.\n");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).isEqualTo("error: unknown command 'deploy'\nRun 'tempcreds --help' for usage.\n");
        assertThat(unknownHelp.exitCode).isEqualTo(2);
        assertThat(unknownHelp.err).startsWith("error: unknown command 'deploy'\n");
        assertThat(unknownOption.exitCode).isEqualTo(2);
        assertThat(unknownOption.err).startsWith("error: unknown option --fast\n");
        assertThat(none.out + unknown.out + unknownHelp.out + unknownOption.out).isEmpty();
    }

    @Test
    void run_demoWithArguments_oneLineAndTheCommandHint() {
        RunResult r = run("demo", "--fast");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).isEqualTo("error: unknown option --fast\nRun 'tempcreds demo --help' for usage.\n");
        assertThat(r.out).isEmpty();
    }

    @Test
    void run_version_printsTheProjectVersion() throws Exception {
        RunResult r = run("--version");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).isEqualTo("tempcreds " + projectVersion() + "\n");
        assertThat(r.err).isEmpty();
    }

    @Test
    void run_versionWithArguments_usageError() {
        RunResult r = run("--version", "demo");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).startsWith("error: --version takes no arguments\n");
    }

    /**
     * Every bad argument of every command: exit code 2, stderr is exactly the line naming the option as
     * typed and the hint to that command's help, never the full usage; nothing on stdout. The values are
     * read before any source is asked, so no network is involved.
     */
    @Test
    void credentialProcess_endpointWithSurroundingSpace_usageErrorNotAFailedRun() {
        RunResult r = run("credential-process", "--role-arn", "arn:aws:iam::123456789012:role/r", "--source-env",
                "--sts-endpoint", " http://127.0.0.1:1");

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.err).contains("--sts-endpoint must be an http(s) URL");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "credential-process --role-arn bogus --source-env | --role-arn must be a role ARN such as arn:aws:iam::123456789012:role/name (20 to 2048 characters), was 'bogus'",
        "credential-process --role-arn=arn:aws:iam::123456789012:user/me --source-env | --role-arn must be a role ARN",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --duration-seconds 60 | --duration-seconds must be between 900 and 43200, was 60",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --duration-seconds=soon | --duration-seconds must be a number of seconds, was 'soon'",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --role-session-name a/b | --role-session-name must be 2 to 64 characters",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --external-id x | --external-id must be 2 to 1224 characters",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --region us_east_1 | --region must be an AWS region such as us-east-1, was 'us_east_1'",
        "credential-process --role-arn arn:aws:iam::123456789012:role/r --source-env --sts-endpoint ftp://sts | --sts-endpoint must be an http(s) URL such as http://127.0.0.1:8080, was 'ftp://sts'",
        "credential-process --imds --imds-endpoint not-a-url | --imds-endpoint must be an http(s) URL",
        "credential-process --imds --cache --cache-min-validity-seconds 99999 | --cache-min-validity-seconds must be between 0 and 43200, was 99999",
        "credential-process --imds --bogus | unknown option --bogus",
        "credential-process --imds extra | unexpected argument 'extra'",
        "credential-process --imds --region | option --region needs a value",
        "doctor --imds-timeout-millis soon | --imds-timeout-millis must be a number of milliseconds, was 'soon'",
        "doctor --imds-timeout-millis 0 | --imds-timeout-millis must be between 1 and 60000, was 0",
        "doctor --account --endpoint-url localhost | --endpoint-url must be an http(s) URL",
        "doctor --account --max-key-age-days 0 | --max-key-age-days must be between 1 and 3650, was 0",
        "doctor --account --unused-key-days soon | --unused-key-days must be a number of days, was 'soon'",
        "doctor --account --fail-on severe | --fail-on must be one of critical, high, medium, low, info, was 'severe'",
        "doctor --account --profile a\u0001b | --profile must not contain control characters, was 'a\\u0001b'",
        "framework --property novalue | --property takes KEY=VALUE, was 'novalue'",
        "framework --properties /nonexistent/tempcreds.properties | cannot read --properties /nonexistent/tempcreds.properties",
        "demo --json | unknown option --json",
    })
    void run_badArgument_exitTwoNamingTheOptionAndHint(String commandLine, String expected) {
        String[] args = commandLine.strip().split(" ");
        RunResult r = run(args);

        assertThat(r.exitCode).as(r.toString()).isEqualTo(2);
        assertThat(r.err).as(r.toString()).startsWith("error: " + expected)
                .endsWith("\nRun 'tempcreds " + args[0] + " --help' for usage.\n")
                .doesNotContain("Usage:");
        assertThat(r.err.lines()).as(r.toString()).hasSize(2);
        assertThat(r.out).isEmpty();
    }

    @Test
    void run_hostileValue_quotedEscapedAndBoundedOnOneLine() {
        String hostile = "arn:\r\n2026-01-01 WARN forged\u001b[31m" + "B".repeat(100_000);
        RunResult r = run("credential-process", "--role-arn", hostile, "--source-env");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err.lines()).as(r.toString()).hasSize(2);
        assertThat(r.err).contains("--role-arn must not contain control characters, was 'arn:\\r\\n2026-01-01 WARN forged\\u001b[31mBBB")
                .contains("'… (" + hostile.length() + " characters)").doesNotContain("\u001b").hasSizeLessThan(400);
    }

    @Test
    void run_externalId_neverEchoed() {
        RunResult r = run("credential-process", "--role-arn", "arn:aws:iam::123456789012:role/r", "--source-env",
                "--external-id", "partner secret");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("--external-id").doesNotContain("partner secret");
    }

    /** The version in this module's pom (its parent's version): what --version must print. */
    private static String projectVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
