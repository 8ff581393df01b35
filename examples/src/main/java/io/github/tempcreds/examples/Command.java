package io.github.tempcreds.examples;

import java.util.List;

/** One subcommand of {@link Main}. */
interface Command {
    /** The name typed on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full help text: usage line, options, exit codes. */
    String help();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param context where to print and what environment to read
     * @return the exit code
     * @throws UsageException on a wrong command line (exit code 2)
     */
    int run(List<String> args, CommandContext context);
}
