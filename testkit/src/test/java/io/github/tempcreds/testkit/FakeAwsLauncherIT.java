package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-alone launcher in a child JVM on the test class path, as a test in another language uses it. */
class FakeAwsLauncherIT {
    private static final Duration START_LIMIT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    /** A launcher process with its output lines. */
    static final class Launched {
        final Process process;
        final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
        final StringBuffer stderr = new StringBuffer();
        final long startedNanos = System.nanoTime();

        Launched(Process process) {
            this.process = process;
            pump(process.getInputStream(), stdout::add, "stdout");
            pump(process.getErrorStream(), l -> stderr.append(l).append('\n'), "stderr");
        }

        private static void pump(InputStream in, java.util.function.Consumer<String> sink, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "launcher-" + name);
            t.setDaemon(true);
            t.start();
        }

        /** Lines up to and including {@code ready}; fails if it does not come within the limit. */
        Map<String, String> awaitReady(Duration limit) throws InterruptedException {
            Map<String, String> endpoints = new LinkedHashMap<>();
            long deadline = startedNanos + limit.toNanos();
            while (true) {
                String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(line).as("launcher printed 'ready' within %s; stderr: %s", limit, stderr).isNotNull();
                if (line.equals("ready")) {
                    return endpoints;
                }
                int eq = line.indexOf('=');
                assertThat(eq).as("endpoint line '%s'", line).isPositive();
                endpoints.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    private Launched launch(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FakeAwsLauncher.class.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        processes.add(p);
        return new Launched(p);
    }

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    private int status(String method, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void launch_noConfig_printsEndpointsAndReadyQuickly_servesThem_andStopsCleanlyOnSigterm() throws Exception {
        Launched l = launch();
        Map<String, String> endpoints = l.awaitReady(START_LIMIT);
        long startMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - l.startedNanos);
        System.out.println("launcher start to ready: " + startMillis + " ms");

        assertThat(endpoints).containsKey("imds"); // TODO all five once every fake landed
        assertThat(endpoints.values()).allMatch(u -> u.matches("http://127\\.0\\.0\\.1:\\d+/"));
        assertThat(status("PUT", endpoints.get("imds") + "latest/api/token",
                Map.of(FakeImds.TTL_HEADER, "21600"))).isEqualTo(200);
        assertThat(status("GET", endpoints.get("imds") + "latest/meta-data/iam/security-credentials/", Map.of()))
                .as("IMDSv1 is never spoken").isEqualTo(401);

        long stopStart = System.nanoTime();
        // SIGTERM on Linux; through the handle, because Process.destroy() also closes our end of stdout
        assertThat(l.process.toHandle().destroy()).isTrue();
        assertThat(l.process.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopStart);
        System.out.println("launcher SIGTERM to exit: " + stopMillis + " ms");
        assertThat(l.process.exitValue()).as("stderr: %s", l.stderr).isIn(0, 143);
        if (l.process.exitValue() == 0) {
            assertThat(l.stdout.poll(2, TimeUnit.SECONDS)).isEqualTo("stopped");
        }
        assertThat(l.stderr.toString()).doesNotContain("Exception");
    }

    @Test
    void launch_help_explainsConfigAndExitsZero() throws Exception {
        Launched l = launch("--help");
        assertThat(l.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(l.process.exitValue()).isZero();
        List<String> lines = new ArrayList<>();
        l.stdout.drainTo(lines);
        String help = String.join("\n", lines);
        assertThat(help).contains("--config FILE", "--port-base N", "userKeys", "imds");
    }

    @Test
    void launch_unknownArgument_exitsTwoWithUsage() throws Exception {
        Launched l = launch("--bogus");
        assertThat(l.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(l.process.exitValue()).isEqualTo(2);
        assertThat(l.stderr.toString()).contains("unknown argument: --bogus", "usage:");
    }

    @Test
    void launch_badConfig_exitsTwoNamingTheField() throws Exception {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, "{\"userKeys\": [{\"userName\": \"alice\", \"accessKeyId\": \"AKIATESTALICE0001\","
                + " \"secretAccessKey\": \"testsecret\"}, {\"userName\": \"bob\", \"accessKeyId\": \"nope\","
                + " \"secretAccessKey\": \"testsecret\"}]}");
        Launched l = launch("--config", config.toString());
        assertThat(l.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(l.process.exitValue()).isEqualTo(2);
        assertThat(l.stderr.toString()).contains("userKeys[1].accessKeyId: must be AKIA");
        assertThat(l.stdout).doesNotContain("ready");
    }

    @Test
    void launch_configNotJson_exitsTwoWithLine() throws Exception {
        Path config = dir.resolve("broken.json");
        Files.writeString(config, "{\n  \"region\": \"us-east-1\",\n  oops\n}");
        Launched l = launch("--config", config.toString());
        assertThat(l.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(l.process.exitValue()).isEqualTo(2);
        assertThat(l.stderr.toString()).contains("not valid JSON at line 3");
    }
}
