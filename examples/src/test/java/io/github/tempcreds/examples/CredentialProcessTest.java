package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

class CredentialProcessTest {
    private static final String USER_KEY = "AKIATESTUSER00000001";
    private static final String USER_SECRET = "testsecret-alice";
    private static final String READER = "arn:aws:iam::123456789012:role/reader";
    private static final String ADMIN = "arn:aws:iam::123456789012:role/admin";

    @TempDir
    Path home;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CredentialRegistry registry = CredentialRegistry.create("123456789012", new Random(3));
    private FakeSts sts;

    @BeforeEach
    void startSts() {
        registry.seedUserKey(USER_KEY, USER_SECRET, "alice");
        sts = FakeSts.builder().clock(clock).registry(registry)
                .role(RoleSpec.builder(READER).trustPrincipal("arn:aws:iam::123456789012:user/alice").build())
                .role(RoleSpec.builder(ADMIN).trustPrincipal(READER).build()).build().start();
    }

    @AfterEach
    void stopSts() {
        sts.close();
    }

    private TempcredsEnvironment env() {
        return TempcredsEnvironment.builder().clock(clock).random(new Random(1)).homeDirectory(home)
                .env("AWS_ACCESS_KEY_ID", USER_KEY).env("AWS_SECRET_ACCESS_KEY", USER_SECRET).build();
    }

    private RunResult process(String... extra) {
        List<String> args = new ArrayList<>(List.of("credential-process", "--sts-endpoint", sts.url()));
        args.addAll(List.of(extra));
        return RunResult.run(env(), args.toArray(String[]::new));
    }

    private static Map<String, JsonNode> parse(RunResult r) {
        return JsonNode.parser().parse(r.out).asObject();
    }

    @Test
    void run_twoHopChainFromEnvironmentKeys_printsCredentialProcessJsonOfLastRole() {
        RunResult r = process("--role-arn", READER, "--role-arn", ADMIN, "--source-env");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.err).isEmpty();
        assertThat(r.out.lines()).hasSize(1);
        Map<String, JsonNode> json = parse(r);
        assertThat(json.keySet()).containsExactly("Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration");
        assertThat(json.get("Version").asNumber()).isEqualTo("1");
        String keyId = json.get("AccessKeyId").asString();
        IssuedCredentials issued = registry.find(keyId).orElseThrow();
        assertThat(issued.principalArn()).startsWith("arn:aws:sts::123456789012:assumed-role/admin/");
        assertThat(json.get("SecretAccessKey").asString()).isEqualTo(issued.secretAccessKey());
        assertThat(json.get("SessionToken").asString()).isEqualTo(issued.sessionToken().orElseThrow());
        assertThat(Instant.parse(json.get("Expiration").asString())).isEqualTo(issued.expiration().orElseThrow());
        assertThat(sts.journal("AssumeRole")).hasSize(2);
    }

    @Test
    void run_imds_printsInstanceRoleCredentials() {
        try (FakeImds imds = FakeImds.builder().clock(clock).registry(registry).build().start()) {
            RunResult r = RunResult.run(env(), "credential-process", "--imds", "--imds-endpoint", imds.url());

            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(parse(r).get("AccessKeyId").asString()).isEqualTo(imds.currentCredentials().accessKeyId());
        }
    }

    @Test
    void run_roleNotTrusted_errorOnStderrNothingOnStdout() {
        RunResult r = process("--role-arn", ADMIN, "--source-env");

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).startsWith("credential-process: ").contains(ADMIN)
                .doesNotContain(USER_SECRET);
    }

    @Test
    void run_stsDown_errorNeverPartialJson() {
        sts.inject(Fault.status(503));
        RunResult r = process("--role-arn", READER, "--source-env");

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("credential-process:");
    }

    @Test
    void run_profileWithLongTermKeys_refused() throws IOException {
        Path creds = home.resolve("creds");
        Files.writeString(creds, "[static]\naws_access_key_id = " + USER_KEY + "\naws_secret_access_key = " + USER_SECRET + "\n");

        RunResult r = RunResult.run(env(), "credential-process", "--profile", "static", "--credentials-file",
                creds.toString(), "--config-file", home.resolve("none").toString());

        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("long-term credentials").doesNotContain(USER_SECRET);
    }

    @Test
    void run_profileChainFromFiles_assumesTheProfilesRole() throws IOException {
        Path config = home.resolve("config");
        Path creds = home.resolve("creds");
        Files.writeString(creds, "[alice]\naws_access_key_id = " + USER_KEY + "\naws_secret_access_key = " + USER_SECRET + "\n");
        Files.writeString(config, "[profile reader]\nrole_arn = " + READER + "\nsource_profile = alice\nregion = us-east-1\n");

        RunResult r = process("--profile", "reader", "--config-file", config.toString(), "--credentials-file",
                creds.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(registry.find(parse(r).get("AccessKeyId").asString()).orElseThrow().principalArn())
                .contains(":assumed-role/reader/");
    }

    @Test
    void run_cacheFile_reusedWhileFreshOwnerOnlyRefetchedWhenTooShort() throws IOException {
        Path cache = home.resolve("cache/cp.json");

        RunResult first = process("--role-arn", READER, "--source-env", "--cache-file", cache.toString());
        RunResult second = process("--role-arn", READER, "--source-env", "--cache-file", cache.toString());

        assertThat(first.exitCode).as(first.toString()).isZero();
        assertThat(second.out).isEqualTo(first.out);
        assertThat(sts.journal("AssumeRole")).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache.getParent()))).isEqualTo("rwx------");
        try (var files = Files.list(cache.getParent())) {
            // no temp file left behind; the (empty, owner-only) lock file stays
            assertThat(files).containsExactlyInAnyOrder(cache, cache.resolveSibling(cache.getFileName() + ".lock"));
        }

        clock.advance(Duration.ofMinutes(56)); // 4 minutes left: less than the default 5
        RunResult third = process("--role-arn", READER, "--source-env", "--cache-file", cache.toString());

        assertThat(third.exitCode).isZero();
        assertThat(third.out).isNotEqualTo(first.out);
        assertThat(sts.journal("AssumeRole")).hasSize(2);
    }

    @Test
    void run_cacheFileOfAnotherCommandLine_notReused() {
        Path cache = home.resolve("shared.json");
        process("--role-arn", READER, "--source-env", "--cache-file", cache.toString());

        RunResult other = process("--role-arn", READER, "--role-arn", ADMIN, "--source-env", "--cache-file", cache.toString());

        assertThat(other.exitCode).isZero();
        assertThat(registry.find(parse(other).get("AccessKeyId").asString()).orElseThrow().principalArn())
                .contains(":assumed-role/admin/");
    }

    @Test
    void run_defaultCache_underHomeAndNoCacheWithoutFlag() throws IOException {
        process("--role-arn", READER, "--source-env");
        assertThat(home.resolve(".aws/tempcreds")).doesNotExist();

        RunResult r = process("--role-arn", READER, "--source-env", "--cache");

        assertThat(r.exitCode).isZero();
        try (var files = Files.list(home.resolve(".aws/tempcreds/credential-process"))) {
            assertThat(files.filter(f -> !f.toString().endsWith(".lock"))).hasSize(1);
        }
    }

    @Test
    void run_usageErrors_exitTwo() {
        assertThat(process().exitCode).isEqualTo(2);
        assertThat(process("--imds", "--profile", "x").exitCode).isEqualTo(2);
        assertThat(process("--role-arn", READER).err).contains("exactly one source");
        assertThat(process("--role-arn", READER, "--source-env", "--source-imds").exitCode).isEqualTo(2);
        assertThat(process("--profile", "x", "--external-id", "e").err).contains("--external-id goes with --role-arn");
        assertThat(process("--role-arn", READER, "--source-env", "--cache", "--cache-file", "x").exitCode).isEqualTo(2);
        RunResult r = process("--role-arn", READER, "--source-env", "--duration-seconds", "lots");
        assertThat(r.exitCode).isEqualTo(2);
        assertThat(r.out).isEmpty();
    }
}
