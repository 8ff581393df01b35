package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fakes keep Jetty and WireMock quiet whatever level the user configured: a child JVM with slf4j-simple at
 * INFO, then at TRACE, starts and stops a {@link FakeAws} and makes a signed STS request and an IMDS token
 * request; not one line comes from Jetty or WireMock. With the opt-out ({@code tempcreds.testkit.serverLogging=keep})
 * at TRACE, Jetty's lines are there (so the check can see them), and a level the user set for Jetty is kept.
 * A child JVM because slf4j-simple reads its configuration once per JVM and per logger.
 */
class ServerLoggingIT {
    private static final Pattern LINE = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");

    @TempDir
    Path dir;

    @Test
    void info_serversLogNothing() throws Exception {
        List<String> out = run("info");
        assertThat(serverLines(out)).isEmpty();
        assertThat(out).noneMatch(ServerLoggingIT::mentionsServer);
    }

    @Test
    void trace_serversLogNothing_whileOurLoggersDo() throws Exception {
        List<String> out = run("trace");
        assertThat(serverLines(out)).isEmpty();
        assertThat(out).noneMatch(ServerLoggingIT::mentionsServer);
        // TRACE is really on: the testkit's own and the SDK's DEBUG/TRACE lines are there
        assertThat(loggers(out)).anyMatch(l -> l.startsWith("io.github.tempcreds.testkit"))
                .anyMatch(l -> l.startsWith("software.amazon.awssdk"));
    }

    @Test
    void traceWithOptOut_jettyLogsAsConfigured() throws Exception {
        List<String> out = run("trace", "-Dtempcreds.testkit.serverLogging=keep");
        assertThat(serverLines(out)).anyMatch(l -> l.contains(" DEBUG org.eclipse.jetty.http.HttpParser "));
    }

    @Test
    void userSetJettyLevel_isKept() throws Exception {
        List<String> out = run("warn", "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty.server=info");
        assertThat(serverLines(out)).isNotEmpty()
                .allMatch(l -> l.contains(" org.eclipse.jetty.server"));
    }

    private List<String> run(String level, String... extra) throws IOException, InterruptedException {
        Path log = dir.resolve("child-" + level + "-" + extra.length + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level,
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-Daws.configFile=" + dir.resolve("no-config"),
                "-Daws.sharedCredentialsFile=" + dir.resolve("no-credentials")));
        cmd.addAll(List.of(extra));
        cmd.add(QuietServersMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(done).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(String.join("\n", tail(out))).isZero();
        assertThat(out).as(String.join("\n", tail(out)))
                .anyMatch(l -> l.startsWith("DONE arn:aws:iam::123456789012:user/alice"));
        return out;
    }

    private static List<String> tail(List<String> out) {
        return out.subList(Math.max(0, out.size() - 40), out.size());
    }

    static List<String> loggers(List<String> out) {
        return loggers(out, LINE);
    }

    /** The logger names of the log lines in {@code out}; {@code line}'s second group is the logger. */
    static List<String> loggers(List<String> out, Pattern line) {
        List<String> names = new ArrayList<>();
        for (String l : out) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                names.add(m.group(2));
            }
        }
        return names;
    }

    static List<String> serverLines(List<String> out) {
        return serverLines(out, LINE);
    }

    /** The log lines of Jetty's and WireMock's loggers in {@code out}; {@code line}'s second group is the logger. */
    static List<String> serverLines(List<String> out, Pattern line) {
        List<String> hits = new ArrayList<>();
        for (String l : out) {
            Matcher m = line.matcher(l);
            if (m.find() && isServerLogger(m.group(2))) {
                hits.add(l);
            }
        }
        return hits;
    }

    static boolean isServerLogger(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("org.eclipse.jetty") || n.startsWith("wiremock") || n.startsWith("com.github.tomakehurst");
    }

    static boolean mentionsServer(String line) {
        String n = line.toLowerCase(Locale.ROOT);
        return n.contains("org.eclipse.jetty") || n.contains("tomakehurst") || n.contains("wiremock");
    }
}
