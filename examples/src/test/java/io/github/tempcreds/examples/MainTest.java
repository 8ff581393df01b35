package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import org.junit.jupiter.api.Test;

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
    void run_noCommandOrUnknownCommand_usageErrorOnStderr() {
        RunResult none = run();
        RunResult unknown = run("deploy");
        RunResult unknownHelp = run("help", "deploy");

        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.err).contains("no command given").contains("Usage:");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("unknown command 'deploy'");
        assertThat(unknownHelp.exitCode).isEqualTo(2);
        assertThat(none.out + unknown.out + unknownHelp.out).isEmpty();
    }

    @Test
    void run_demoWithArguments_usageError() {
        RunResult r = run("demo", "--fast");

        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.err).contains("unknown option --fast");
    }
}
