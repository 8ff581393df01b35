package io.github.tempcreds.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.internal.launcher.ConfigNode;
import io.github.tempcreds.testkit.internal.launcher.LauncherConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The stand-alone launcher: starts a {@link FakeAws} (ticking system clock) so that tests in any language
 * can use the fakes.
 *
 * <pre>
 * java -jar tempcreds-testkit-VERSION-standalone.jar [--config FILE] [--port-base N]
 * </pre>
 *
 * <p>Prints one line per endpoint ({@code imds=http://127.0.0.1:PORT/}, {@code sts=…}, {@code sso=…},
 * {@code oidc=…}, {@code cognito=…}, {@code container=<full credentials URI>}, {@code iam=…} and, in Pod
 * Identity mode, {@code container-token-file=<path>}), then {@code ready}, on standard output, and runs until SIGTERM or
 * SIGINT, which close the fakes and end the process with exit code 0. Exit codes: 0 normal end and
 * {@code --help}, 2 bad arguments or configuration (the message on standard error names the field),
 * 1 the fakes could not start (e.g. a port in use). {@code --help} explains the configuration file.
 */
public final class FakeAwsLauncher {
    /** Exit code for bad arguments or configuration. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the fakes cannot start. */
    public static final int EXIT_START_FAILED = 1;

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);

    private FakeAwsLauncher(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the launcher; returns when stopped.
     *
     * @param args {@code [--config FILE] [--port-base N] | --help}
     */
    public static void main(String[] args) {
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            // The stand-alone jar ships no SLF4J binding on purpose; do not warn about it on every start.
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        FakeAwsLauncher launcher = new FakeAwsLauncher(System.out, System.err);
        int code = launcher.run(args);
        System.out.flush();
        System.err.flush();
        if (code != 0) {
            System.exit(code);
        }
        // Exit code 0 by returning: the JVM ends once no non-daemon thread is left, which shows that
        // closing the fakes stopped every server thread.
    }

    private int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(oneLine("error: " + e.getMessage() + "  (usage: " + USAGE + "; --help for details)"));
            return EXIT_USAGE;
        }
        if (options.help) {
            out.print(HELP);
            return 0;
        }
        LauncherConfig config;
        try {
            config = options.config == null ? LauncherConfig.defaults() : readConfig(options.config);
        } catch (ConfigNode.ConfigException | IllegalArgumentException e) {
            err.println(oneLine("error: bad configuration " + options.config + ": " + e.getMessage()));
            return EXIT_USAGE;
        }
        FakeAws aws;
        try {
            FakeAws.Builder builder = FakeAws.builder().clock(MutableClock.systemUtc());
            if (options.portBase > 0) {
                builder.portBase(options.portBase);
            }
            config.configure(builder);
            aws = builder.build();
        } catch (ConfigNode.ConfigException | IllegalArgumentException e) {
            err.println(oneLine("error: bad configuration " + options.config + ": " + e.getMessage()));
            return EXIT_USAGE;
        }
        Signals.onTermination(stop::countDown);
        try {
            aws.start();
        } catch (RuntimeException e) {
            err.println(oneLine("error: cannot start the fakes: " + e));
            return EXIT_START_FAILED;
        }
        Thread hook = new Thread(aws::close, "tempcreds-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            config.seed(aws);
        } catch (ConfigNode.ConfigException | IllegalArgumentException | IllegalStateException e) {
            err.println(oneLine("error: bad configuration " + options.config + ": " + e.getMessage()));
            aws.close();
            return EXIT_USAGE;
        } catch (java.io.UncheckedIOException e) {
            err.println(oneLine("error: " + e.getMessage() + ": " + e.getCause().getMessage()));
            aws.close();
            return EXIT_START_FAILED;
        }
        Path outputsFile = options.outputs != null ? options.outputs : config.outputsFile().orElse(null);
        if (outputsFile != null) {
            try {
                config.outputs().running(aws);
                config.outputs().writeTo(outputsFile);
            } catch (java.io.UncheckedIOException e) {
                err.println(oneLine("error: " + e.getMessage() + ": " + e.getCause().getMessage()));
                aws.close();
                return EXIT_START_FAILED;
            }
        }
        for (Map.Entry<String, String> e : aws.endpoints().entrySet()) {
            out.println(e.getKey() + "=" + e.getValue());
        }
        aws.container().tokenFile().ifPresent(f -> out.println("container-token-file=" + f));
        if (outputsFile != null) {
            out.println("outputs=" + outputsFile.toAbsolutePath());
        }
        out.println("ready");
        out.flush();

        awaitStop();
        aws.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting (a signal we do not handle); the hook closes the fakes again
        }
        out.println("stopped");
        out.flush();
        return 0;
    }

    /** Error messages are one line: control characters (from file contents or paths) become spaces. */
    static String oneLine(String message) {
        return message.replaceAll("\\p{Cntrl}+", " ").strip();
    }

    private void awaitStop() {
        while (true) {
            try {
                stop.await();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static LauncherConfig readConfig(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigNode.ConfigException("(file): not found");
        } catch (IOException e) {
            throw new ConfigNode.ConfigException("(file): cannot read: " + e.getMessage());
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigNode.ConfigException("(file): not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage());
        }
        return LauncherConfig.parse(ConfigNode.root(json), file.toAbsolutePath().getParent());
    }

    static final String USAGE = "java -jar tempcreds-testkit-standalone.jar [--config FILE] [--port-base N]"
            + " [--outputs FILE]";

    static final String HELP = String.join("\n",
            "tempcreds fake AWS endpoints (IMDS, STS, SSO portal + OIDC, Cognito Identity, IAM) as one account.",
            "",
            "usage: " + USAGE,
            "       java -jar tempcreds-testkit-standalone.jar --help",
            "",
            "  --config FILE   JSON file that seeds the account (see below); default: an empty account",
            "  --port-base N   listen on N (imds), N+1 (sts), N+2 (sso and oidc), N+3 (cognito),",
            "                  N+4 (container), N+5 (iam);",
            "                  default: free ports",
            "  --outputs FILE  write every minted or seeded value (endpoints, token files, SSO cache",
            "                  entries with their tokens and client registrations, user keys) as JSON",
            "                  to FILE, owner-only and atomically, before 'ready'; printed as outputs=PATH",
            "",
            "Prints one line per endpoint, then 'ready':",
            "  imds=http://127.0.0.1:PORT/  sts=...  sso=...  oidc=...  cognito=...  iam=...",
            "  container=http://127.0.0.1:PORT/v2/credentials/ID (the full credentials URI)",
            "  container-token-file=PATH (only with \"container\": {\"mode\": \"podIdentity\"})",
            "and runs until SIGTERM/SIGINT (exit 0). Bad arguments or configuration: exit 2 with the",
            "field named on stderr. Point clients at it with AWS_EC2_METADATA_SERVICE_ENDPOINT,",
            "AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC,",
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY (the URLs above, with or without the trailing slash),",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI (container=) and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.",
            "The clock follows the system clock; every credential is fake (ASIAFAKE..., AKIAFAKE...).",
            "",
            LauncherConfig.HELP,
            "");

    /** Command-line options. */
    private static final class Options {
        boolean help;
        Path config;
        Path outputs;
        int portBase;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help":
                    case "-h":
                        o.help = true;
                        break;
                    case "--config":
                        o.config = Path.of(value(args, ++i, a));
                        break;
                    case "--outputs":
                        o.outputs = Path.of(value(args, ++i, a));
                        break;
                    case "--port-base":
                        String v = value(args, ++i, a);
                        try {
                            o.portBase = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port-base: must be a number 1024..65530, was " + v);
                        }
                        if (o.portBase < 1024 || o.portBase > 65530) {
                            throw new IllegalArgumentException("--port-base: must be 1024..65530, was " + v);
                        }
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + a);
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /**
     * SIGTERM and SIGINT handling through {@code sun.misc.Signal} (module {@code jdk.unsupported}), called
     * reflectively so that the build has no internal-API warning. Without it, the shutdown hook still
     * closes the fakes and the JVM ends with 143.
     */
    private static final class Signals {
        static void onTermination(Runnable action) {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                Object proxy = Proxy.newProxyInstance(FakeAwsLauncher.class.getClassLoader(), new Class<?>[] {handler},
                        (p, method, args) -> {
                            if (method.getName().equals("handle")) {
                                action.run();
                                return null;
                            }
                            return method.getName().equals("toString") ? "tempcreds-launcher-stop"
                                    : method.getName().equals("hashCode") ? System.identityHashCode(p)
                                    : (Object) (p == args[0]);
                        });
                Method handle = signal.getMethod("handle", signal, handler);
                for (String name : new String[] {"TERM", "INT"}) {
                    handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
                }
            } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException unsupported) {
                // this JVM or OS cannot handle the signals: the shutdown hook still closes the fakes
            }
        }
    }
}
