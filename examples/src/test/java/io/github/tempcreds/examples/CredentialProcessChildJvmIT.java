package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credential-process} in its own JVM, as the AWS CLI and SDKs run it: the home directory follows
 * the SDK's rules ({@code HOME} first, {@code user.home} when it is unset) for both the files it reads and
 * the cache it writes, and a failure prints one line on standard error, no log lines, unless
 * {@code --verbose}.
 */
class CredentialProcessChildJvmIT {
    private static final String USER_KEY = "AKIATESTCHILDJVM0001";
    private static final String SECRET = "testsecret-child";
    private static final String ROLE = "arn:aws:iam::123456789012:role/child-reader";
    private static final String UNTRUSTED_ROLE = "arn:aws:iam::123456789012:role/not-for-you";
    private static CredentialRegistry registry;
    private static FakeSts sts;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = CredentialRegistry.create();
        registry.seedUserKey(USER_KEY, SECRET, "child-user");
        // The child JVM signs with the real clock, so the fake uses a ticking one.
        sts = FakeSts.builder().clock(MutableClock.systemUtc()).registry(registry)
                .role(RoleSpec.builder(ROLE).trustPrincipal("arn:aws:iam::123456789012:user/child-user").build())
                .role(RoleSpec.builder(UNTRUSTED_ROLE).trustAccount("210987654321").build())
                .build().start();
    }

    @AfterAll
    static void stop() {
        sts.close();
    }

    /** A child's exit code and output (standard output holds credentials: a plain class, not a record). */
    static final class Result {
        private final int code;
        private final String out;
        private final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        int code() {
            return code;
        }

        String out() {
            return out;
        }

        String err() {
            return err;
        }

        @Override
        public String toString() {
            return "Result(exit " + code + ")";
        }
    }

    private static void writeAwsFiles(Path home) throws Exception {
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("credentials"), "[seed]\naws_access_key_id = " + USER_KEY
                + "\naws_secret_access_key = " + SECRET + "\n");
        Files.writeString(aws.resolve("config"), "[default]\nregion = us-east-1\n");
    }

    private Result run(String home, Path userHome, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "credential-process"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        if (home == null) {
            pb.environment().remove("HOME");
        } else {
            pb.environment().put("HOME", home);
        }
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("credential-process finished").isTrue();
        return new Result(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> cacheFiles(Path home) throws Exception {
        Path cache = home.resolve(".aws/tempcreds/credential-process");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void homeSet_differentUserHome_readsFilesAndWritesCacheUnderHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-env"));
        Path userHome = Files.createDirectories(dir.resolve("user-home"));
        writeAwsFiles(home);
        Result r = run(home.toString(), userHome, "--role-arn", ROLE, "--source-profile", "seed",
                "--sts-endpoint", sts.url(), "--cache");
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("\"AccessKeyId\":\"ASIA");
        assertThat(cacheFiles(home)).hasSize(1);
        assertThat(cacheFiles(userHome)).as("user.home is not used while HOME is set").isEmpty();
    }

    @Test
    void homeUnset_userHomeIsUsed_forFilesAndCache() throws Exception {
        Path userHome = Files.createDirectories(dir.resolve("user-home-only"));
        writeAwsFiles(userHome);
        Result r = run(null, userHome, "--role-arn", ROLE, "--source-profile", "seed", "--sts-endpoint", sts.url(),
                "--cache");
        assertThat(r.code()).as("stderr: %s", r.err()).isZero();
        assertThat(r.out()).contains("\"AccessKeyId\":\"ASIA");
        assertThat(cacheFiles(userHome)).hasSize(1);
    }

    @Test
    void failure_printsOneErrorLineOnly_andLogLinesOnlyWhenVerbose() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home-fail"));
        writeAwsFiles(home);
        Result quiet = run(home.toString(), home, "--role-arn", UNTRUSTED_ROLE, "--source-profile", "seed",
                "--sts-endpoint", sts.url());
        assertThat(quiet.code()).isEqualTo(1);
        assertThat(quiet.out()).isEmpty();
        assertThat(quiet.err().lines().toList()).as("stderr: %s", quiet.err()).hasSize(1)
                .first().asString().startsWith("credential-process: ").doesNotContain(SECRET);

        Result verbose = run(home.toString(), home, "--role-arn", UNTRUSTED_ROLE, "--source-profile", "seed",
                "--sts-endpoint", sts.url(), "--verbose");
        assertThat(verbose.code()).isEqualTo(1);
        assertThat(verbose.out()).isEmpty();
        // the engine's thread logs while the command prints its line: both are there, in either order
        assertThat(verbose.err().lines().toList()).as("stderr: %s", verbose.err()).hasSizeGreaterThan(1)
                .anyMatch(l -> l.contains("WARN") && l.contains("io.github.tempcreds"))
                .anyMatch(l -> l.startsWith("credential-process: "));
        assertThat(verbose.err()).doesNotContain(SECRET);
    }
}
