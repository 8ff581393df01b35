package io.github.tempcreds.examples;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tempcreds-examples} program: {@code demo}, {@code doctor}, {@code credential-process} and
 * {@code framework}. Exit codes: 0 success, 1 the command found a problem or failed, 2 usage error.
 *
 * <p>A usage error prints one line naming what was wrong (the option as typed) and a hint to the help,
 * not the whole usage, so the line that matters is the one a person sees. {@code --version} prints
 * {@code tempcreds <version>}.
 */
public final class Main {
    /** Exit code of a usage error. */
    static final int EXIT_USAGE = 2;

    private static final String PROGRAM = "java -jar tempcreds-examples.jar";
    /** The program's name in messages (the docs suggest it as an alias of the {@code java -jar} line). */
    static final String NAME = "tempcreds";
    /** The hint after a usage error: command ({@code "demo "}, or empty for the program). */
    static final String HINT = "Run '" + NAME + " %s--help' for usage.";

    private Main() {
    }

    /** Runs the program with the real streams and environment, and exits with its code. */
    public static void main(String[] args) {
        quietLibraryLogs(args);
        int code = run(args, System.out, System.err, TempcredsEnvironment.system());
        System.out.flush();
        System.exit(code);
    }

    /**
     * Runs the program.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @param environment the environment (clock, variables, home)
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err, TempcredsEnvironment environment) {
        Map<String, Command> commands = commands();
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()) {
            return usageError("no command given", "", err);
        }
        String first = list.get(0);
        if (first.equals("--help") || first.equals("-h")) {
            out.print(overview(commands));
            return 0;
        }
        if (first.equals("--version")) {
            if (list.size() > 1) {
                return usageError("--version takes no arguments", "", err);
            }
            out.println(NAME + " " + Version.current());
            return 0;
        }
        if (first.equals("help")) {
            return help(list.subList(1, list.size()), commands, out, err);
        }
        Command command = commands.get(first);
        if (command == null) {
            String what = first.startsWith("-") ? "unknown option " + Args.escape(first)
                    : "unknown command " + Args.quote(first);
            return usageError(what, "", err);
        }
        List<String> rest = list.subList(1, list.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.help());
            return 0;
        }
        try {
            return command.run(rest, new CommandContext(out, err, environment));
        } catch (UsageException e) {
            return usageError(e.getMessage(), command.name() + " ", err);
        }
    }

    /** One line saying what was wrong, one line saying where the usage is; exit code 2. */
    private static int usageError(String message, String command, PrintStream err) {
        err.println("error: " + message);
        err.println(String.format(HINT, command));
        return EXIT_USAGE;
    }

    /**
     * Keeps the programs' output readable with the bundled slf4j-simple binding: the fakes' web server
     * (Jetty, WireMock) and the SDK log errors only; in the demo, tempcreds' own WARN lines are left out
     * too, because the demo prints the same messages under its tables. A property the user set on the
     * command line wins.
     */
    private static final String DEFAULT_LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private static void quietLibraryLogs(String[] args) {
        List<String> loggers = new ArrayList<>(List.of("org.eclipse.jetty", "com.github.tomakehurst.wiremock",
                "wiremock", "org.apache.http", "software.amazon.awssdk"));
        if (args.length > 0 && args[0].equals("demo")) {
            loggers.add("io.github.tempcreds");
        }
        if (args.length > 0 && args[0].equals("credential-process")
                && !Arrays.asList(args).contains(CredentialProcessCommand.VERBOSE)
                && System.getProperty(DEFAULT_LOG_LEVEL) == null) {
            // The AWS tool that runs credential_process shows its stderr to the person: only the one error
            // line the command prints, no log lines (--verbose brings them back).
            System.setProperty(DEFAULT_LOG_LEVEL, "off");
            loggers.add("io.github.tempcreds");
            for (String logger : loggers) {
                System.setProperty("org.slf4j.simpleLogger.log." + logger,
                        System.getProperty("org.slf4j.simpleLogger.log." + logger, "off"));
            }
            return;
        }
        for (String logger : loggers) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }

    private static int help(List<String> args, Map<String, Command> commands, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            out.print(overview(commands));
            return 0;
        }
        Command command = commands.get(args.get(0));
        if (command == null || args.size() > 1) {
            return usageError("unknown command " + Args.quote(String.join(" ", args)), "", err);
        }
        out.print(command.help());
        return 0;
    }

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command c : List.of(new DemoCommand(), new DoctorCommand(), new CredentialProcessCommand(),
                new FrameworkWrapping())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    private static String overview(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(PROGRAM).append(" <command> [options]\n\n");
        sb.append("tempcreds examples: temporary AWS credentials done right (SEC02-BP02).\n\n");
        sb.append("Commands:\n");
        commands.values().forEach(c -> sb.append(String.format("  %-20s %s%n", c.name(), c.summary())));
        sb.append(String.format("  %-20s %s%n", "help <command>", "show a command's options"));
        sb.append(String.format("  %-20s %s%n", "--version", "print the version"));
        sb.append("\nExit codes: 0 ok, 1 findings or failure, 2 usage error.\n");
        return sb.toString();
    }
}
