package io.github.tempcreds.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RecordedRequest;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Profile files in a temporary home resolved by {@link ProfileChainCredentialsProvider} against FakeSts,
 * and, where the AWS CLI is installed, by the CLI against the same fake: both must assume the same roles
 * in the same order with the same session names and end as the same principal.
 *
 * <p>The fake runs on a clock that follows the system clock, because the CLI signs with the real time.
 */
class ProfileChainIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String USER_KEY = "AKIATESTBASE0000001";
    private static final String ENV_KEY = "AKIATESTENVIRON0001";
    private static final String ISSUER = "https://oidc.eks.test/id/TESTCLUSTER";
    private static final Pattern CALLER = Pattern.compile("\"Arn\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    Path home;
    MutableClock clock;
    CredentialRegistry registry;
    FakeSts sts;
    OidcIssuer issuer;

    static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    @BeforeEach
    void start() throws IOException {
        clock = MutableClock.systemUtc();
        registry = CredentialRegistry.create(ACCOUNT, new Random(11));
        registry.seedUserKey(USER_KEY, "testsecret", "base-user");
        registry.seedUserKey(ENV_KEY, "testsecret", "env-user");
        issuer = OidcIssuer.create(ISSUER);
        sts = FakeSts.builder().clock(clock).registry(registry).trustIssuer(issuer).build().start();
        sts.role(RoleSpec.builder(role("Ops")).trustAccount(ACCOUNT).build());
        sts.role(RoleSpec.builder(role("App")).trustAccount(ACCOUNT).build());
        sts.role(RoleSpec.builder(role("Pod")).trustWebIdentity(ISSUER, "sts.amazonaws.com").build());
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + USER_KEY + "\naws_secret_access_key = testsecret\n");
        Files.writeString(home.resolve("token"),
                issuer.mint("system:serviceaccount:default:app", "sts.amazonaws.com", clock.instant(),
                        Duration.ofHours(2), Map.of()));
        Files.writeString(home.resolve(".aws/config"), String.join("\n",
                "[profile app]",
                "role_arn = " + role("App"),
                "source_profile = ops",
                "role_session_name = app-session",
                "",
                "[profile ops]",
                "role_arn = " + role("Ops"),
                "source_profile = base",
                "role_session_name = ops-session",
                "duration_seconds = 900",
                "",
                "[profile from-env]",
                "role_arn = " + role("Ops"),
                "credential_source = Environment",
                "role_session_name = env-session",
                "",
                "[profile pod]",
                "role_arn = " + role("Pod"),
                "web_identity_token_file = " + home.resolve("token"),
                "role_session_name = pod-session",
                "",
                "[profile pod-app]",
                "role_arn = " + role("App"),
                "source_profile = pod",
                "role_session_name = pod-app-session",
                ""));
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private Map<String, String> awsEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
        env.put("AWS_ENDPOINT_URL_STS", sts.url());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", ENV_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", "testsecret");
        return env;
    }

    /** Our provider's final caller ARN for a profile. */
    private String ours(String profile) {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home).env(awsEnv()).build();
        try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName(profile)
                .environment(env).build()) {
            AwsCredentials c = p.resolveCredentials();
            try (StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
                return client.getCallerIdentity().arn();
            }
        }
    }

    /** The AWS CLI's final caller ARN for a profile, or null when the CLI is not installed. */
    private String cli(String profile) throws IOException, InterruptedException {
        String aws = findOnPath("aws");
        if (aws == null) {
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder(aws, "sts", "get-caller-identity", "--profile", profile,
                "--output", "json");
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(awsEnv());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.environment().put("AWS_PAGER", "");
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as("aws cli output: %s", out).isZero();
        Matcher m = CALLER.matcher(out);
        assertThat(m.find()).as("aws cli output: %s", out).isTrue();
        return m.group(1);
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** (RoleArn, RoleSessionName) of every AssumeRole* call since the journal was cleared. */
    private List<String> assumed() {
        List<String> out = new ArrayList<>();
        for (RecordedRequest r : sts.journal()) {
            if (r.operation().startsWith("AssumeRole")) {
                out.add(r.operation() + " " + r.param("RoleArn").orElse("?") + " " + r.param("RoleSessionName").orElse("?"));
            }
        }
        return out;
    }

    private void assertSameAsCli(String profile, List<String> expectedCalls, String expectedCaller) throws Exception {
        String ourCaller = ours(profile);
        List<String> ourCalls = assumed();
        assertThat(ourCaller).isEqualTo(expectedCaller);
        assertThat(ourCalls).containsExactlyElementsOf(expectedCalls);

        sts.clearJournal();
        String cliCaller = cli(profile);
        assumeThat(cliCaller).as("AWS CLI installed").isNotNull();
        assertThat(cliCaller).isEqualTo(ourCaller);
        assertThat(assumed()).containsExactlyElementsOf(ourCalls);
    }

    @Test
    void sourceProfileChain_sameRolesOrderAndSessionNamesAsCli() throws Exception {
        assertSameAsCli("app", List.of("AssumeRole " + role("Ops") + " ops-session",
                        "AssumeRole " + role("App") + " app-session"),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/App/app-session");
        assertThat(sts.journal("AssumeRole").get(0).param("DurationSeconds")).contains("900");
    }

    @Test
    void credentialSourceEnvironment_signedWithEnvironmentKeyLikeCli() throws Exception {
        assertSameAsCli("from-env", List.of("AssumeRole " + role("Ops") + " env-session"),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/Ops/env-session");
        assertThat(sts.journal("AssumeRole").get(0).header("Authorization").orElse("")).contains(ENV_KEY);
    }

    @Test
    void webIdentitySourceProfile_thenRole_likeCli() throws Exception {
        assertSameAsCli("pod-app", List.of("AssumeRoleWithWebIdentity " + role("Pod") + " pod-session",
                        "AssumeRole " + role("App") + " pod-app-session"),
                "arn:aws:sts::" + ACCOUNT + ":assumed-role/App/pod-app-session");
    }

    @Test
    void plan_matchesWhatWasCalled() {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).homeDirectory(home).env(awsEnv()).build();
        ProfileChainPlan plan = ProfileChainCredentialsProvider.builder().profileName("app").environment(env).build()
                .plan();

        assertThat(plan.source().kind()).isEqualTo(ProfileChainPlan.SourceKind.STATIC_KEYS);
        assertThat(plan.hops().stream().map(h -> h.roleArn() + " " + h.roleSessionName().orElse(""))
                .collect(Collectors.toList())).containsExactly(role("Ops") + " ops-session",
                role("App") + " app-session");
        assertThat(plan.toString()).contains(USER_KEY).doesNotContain("testsecret");
    }
}
