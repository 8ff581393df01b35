package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.FakeAwsLauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The cold-start mains, short form: the launcher in a process of its own with the configuration
 * {@code ColdStart setup} writes (started once for the class), and each main in a new JVM, as the
 * README's commands run them.
 */
class ColdStartTest {
    @TempDir
    static Path dir;
    private static Process launcher;
    private static final Map<String, String> endpoints = new HashMap<>();

    @BeforeAll
    static void startLauncher() throws Exception {
        ColdStart.setup(dir);
        launcher = new ProcessBuilder(List.of(java(), "-cp", System.getProperty("java.class.path"),
                FakeAwsLauncher.class.getName(), "--config", dir.resolve("launcher.json").toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null && !line.equals("ready"); line = out.readLine()) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                endpoints.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(endpoints).containsKeys("imds", "sts", "sso");
    }

    @AfterAll
    static void stopLauncher() throws Exception {
        launcher.destroy();
        if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
    }

    @ParameterizedTest
    @CsvSource({"imds,ours", "imds,sdk", "chain,ours", "chain,sdk", "chain,direct", "sso,ours", "sso,sdk", "http,sdkclient", "http,raw"})
    void main_newJvm_printsFirstCredentials(String scenario, String which) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dcoldstart.timing=true", "-cp",
                System.getProperty("java.class.path"), ColdStart.class.getName(), scenario, which));
        if (!scenario.equals("sso")) {
            cmd.add(endpoints.get(scenario.equals("chain") ? "sts" : scenario.equals("http") ? "imds" : scenario));
        }
        Path out = dir.resolve(scenario + "-" + which + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().remove("AWS_EC2_METADATA_DISABLED"); // the build turns IMDS off for tests
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("aws-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.environment().put("AWS_ENDPOINT_URL_SSO", endpoints.get("sso"));
        Process child = pb.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(printed).isZero();
        if (scenario.equals("http")) {
            assertThat(printed).contains("status=200");
        } else {
            assertThat(printed).contains("accessKeyId=ASIA").contains("first_call_ms=");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
