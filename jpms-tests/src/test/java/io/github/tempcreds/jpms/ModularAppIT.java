package io.github.tempcreds.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application that {@code requires} the tempcreds modules starts on the module path with no
 * extra flag ({@code --add-modules} or {@code --add-reads}) and gets credentials from every kind of source
 * it uses, in a new JVM against the fakes.
 */
class ModularAppIT {
    static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    Path home;

    @Test
    void modularApp_onTheModulePath_getsCredentialsFromEachSource() throws Exception {
        try (FakeAws aws = FakeAws.builder().clock(MutableClock.systemUtc()).build().start()) {
            String appRole = "arn:aws:iam::" + aws.accountId() + ":role/App";
            aws.sts().role(RoleSpec.builder(appRole).trustPrincipal(aws.container().roleArn()).build());
            Path config = home.resolve(".aws/config");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "[profile ecs-app]\nrole_arn = " + appRole
                    + "\ncredential_source = EcsContainer\nrole_session_name = modular\n");

            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--module-path", modulePath(),
                    "-m", "io.github.tempcreds.jpms.app/io.github.tempcreds.jpms.ModularApp",
                    aws.imds().url(), "ecs-app"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.putAll(aws.environmentVariables());
            env.putAll(aws.container().environmentVariables());
            env.put("HOME", home.toString());
            env.put("AWS_CONFIG_FILE", config.toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
            Process process = pb.start();
            boolean ended = process.waitFor(120, TimeUnit.SECONDS);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ended) {
                process.destroyForcibly();
            }

            assertThat(ended).as("the modular app ended; output:%n%s", output).isTrue();
            assertThat(process.exitValue()).as("exit code; output:%n%s", output).isZero();
            assertThat(output).contains("chain OK", "chain-async OK", "imds OK", "profile-ecs OK",
                    "builders true true true",
                    "module io.github.tempcreds.jpms.app core-module io.github.tempcreds.chain");
            assertThat(aws.sts().journal("AssumeRole")).as("the profile's role was assumed").isNotEmpty();
        }
    }

    /** This module's classes plus its runtime dependencies (written by the build), as a module path. */
    static String modulePath() throws IOException {
        String dependencies = Files.readString(TARGET.resolve("module-path.txt")).trim();
        return TARGET.resolve("classes") + File.pathSeparator + dependencies;
    }
}
