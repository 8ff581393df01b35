package io.github.tempcreds.examples;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.PrintStream;
import java.util.Objects;

/**
 * What a command prints to and reads from: standard output, standard error and the environment (clock,
 * variables, home directory). Tests pass captured streams and a hermetic environment.
 */
final class CommandContext {
    private final PrintStream out;
    private final PrintStream err;
    private final TempcredsEnvironment environment;

    CommandContext(PrintStream out, PrintStream err, TempcredsEnvironment environment) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    TempcredsEnvironment environment() {
        return environment;
    }
}
