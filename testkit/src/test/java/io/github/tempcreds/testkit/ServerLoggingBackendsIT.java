package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fakes keep Jetty and WireMock quiet with Logback, Log4j 2 and java.util.logging (slf4j-jdk14) too, each
 * configured with everything at its finest level: a child JVM whose class path has that backend instead of
 * slf4j-simple (the jars are copied to {@code target/logging-backends} by the build) runs {@link QuietServersMain}.
 * With the opt-out, Jetty's lines are there, so the check can see them.
 */
class ServerLoggingBackendsIT {
    private static final Path JARS = Path.of("target", "logging-backends");
    private static final Pattern LINE = Pattern.compile(
            "^(TRACE|DEBUG|INFO|WARN|ERROR|FINEST|FINER|FINE|CONFIG|WARNING|SEVERE) (\\S+) - ");

    enum Backend {
        LOGBACK("logback-", "-Dlogback.configurationFile=", "logback.xml", """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="TRACE"><appender-ref ref="OUT"/></root>
                </configuration>
                """),
        LOG4J2("log4j-", "-Dlog4j2.configurationFile=", "log4j2.xml", """
                <Configuration status="warn">
                  <Appenders>
                    <Console name="OUT" target="SYSTEM_OUT"><PatternLayout pattern="%level %logger - %msg%n"/></Console>
                  </Appenders>
                  <Loggers><Root level="trace"><AppenderRef ref="OUT"/></Root></Loggers>
                </Configuration>
                """),
        JUL("slf4j-jdk14-", "-Djava.util.logging.config.file=", "logging.properties", """
                handlers=java.util.logging.ConsoleHandler
                .level=ALL
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=%4$s %3$s - %5$s%n
                """);

        final String jarPrefix;
        final String configFlag;
        final String configName;
        final String config;

        Backend(String jarPrefix, String configFlag, String configName, String config) {
            this.jarPrefix = jarPrefix;
            this.configFlag = configFlag;
            this.configName = configName;
            this.config = config;
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void finestLevel_serversLogNothing_whileOurLoggersDo(Backend backend) throws Exception {
        List<String> out = run(backend, false);
        assertThat(ServerLoggingIT.serverLines(out, LINE)).isEmpty();
        assertThat(ServerLoggingIT.loggers(out, LINE)).as("the backend logs at its finest level")
                .anyMatch(l -> l.startsWith("io.github.tempcreds.testkit"))
                .anyMatch(l -> l.startsWith("software.amazon.awssdk"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void finestLevelWithOptOut_jettyLogs(Backend backend) throws Exception {
        List<String> out = run(backend, true);
        assertThat(ServerLoggingIT.serverLines(out, LINE)).anyMatch(l -> l.contains("org.eclipse.jetty"));
    }

    private List<String> run(Backend backend, boolean keep) throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve(backend.configName), backend.config);
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("slf4j-simple"))
                .collect(Collectors.joining(File.pathSeparator));
        List<Path> jars;
        try (var files = Files.list(JARS)) {
            jars = files.filter(p -> p.getFileName().toString().startsWith(backend.jarPrefix)).toList();
        }
        assertThat(jars).as("backend jars in " + JARS + " (copied by the build)").isNotEmpty();
        classPath += File.pathSeparator + jars.stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        Path log = dir.resolve("child-" + backend + "-" + keep + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, backend.configFlag + config,
                "-Daws.configFile=" + dir.resolve("no-config"),
                "-Daws.sharedCredentialsFile=" + dir.resolve("no-credentials")));
        if (keep) {
            cmd.add("-Dtempcreds.testkit.serverLogging=keep");
        }
        cmd.add(QuietServersMain.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        List<String> tail = out.subList(Math.max(0, out.size() - 40), out.size());
        assertThat(done).as("child JVM finished").isTrue();
        assertThat(p.exitValue()).as(String.join("\n", tail)).isZero();
        assertThat(out).as(String.join("\n", tail)).anyMatch(l -> l.startsWith("DONE arn:aws:iam::"));
        assertThat(out).as("SLF4J bound to the backend").noneMatch(l -> l.contains("No SLF4J providers"));
        return out;
    }
}
