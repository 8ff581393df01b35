package io.github.tempcreds.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeContainerCredentials;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** The chain against FakeAws: each source picked with the others absent, then GetCallerIdentity signed with it. */
class TemporaryCredentialsChainIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String ISSUER = "https://oidc.eks.test/id/TESTCHAIN";
    private static final String BASE_KEY = "AKIATESTCHAINBASE001";

    @TempDir
    Path home;
    FakeAws aws;
    OidcIssuer issuer = OidcIssuer.create(ISSUER);

    @AfterEach
    void stop() {
        if (aws != null) {
            aws.close();
        }
    }

    private FakeAws start(Consumer<FakeAws.Builder> more) {
        FakeAws.Builder b = FakeAws.builder().sts(s -> s.trustIssuer(issuer))
                .sso(s -> { });
        more.accept(b);
        aws = b.build().start();
        aws.sts().role(RoleSpec.builder(role("Ops")).trustAccount(ACCOUNT).build());
        aws.sts().role(RoleSpec.builder(role("Pod")).trustWebIdentity(ISSUER, "sts.amazonaws.com").build());
        aws.registry().seedUserKey(BASE_KEY, "testsecret", "base-user");
        aws.sso().account(ACCOUNT, "ReadOnly");
        return aws;
    }

    private FakeAws start() {
        return start(b -> { });
    }

    static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    /** FakeAws endpoints, IMDS off, nothing else: every source absent. */
    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(aws.clock()).homeDirectory(home).env(aws.environmentVariables())
                .env("AWS_EC2_METADATA_DISABLED", "true");
    }

    private GetCallerIdentityResponse callerIdentity(TemporaryCredentialsChain chain) {
        try (StsClient sts = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                .credentialsProvider(chain).build()) {
            return sts.getCallerIdentity();
        }
    }

    private String captureStderr(Runnable r) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static List<String> warnLines(String log) {
        return log.lines().filter(l -> l.contains(" WARN ")).toList();
    }

    private void writeConfig(String... lines) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), String.join("\n", lines) + "\n");
    }

    private void writeTokenFile() throws Exception {
        Files.writeString(home.resolve("token"), issuer.mint("system:serviceaccount:default:app", "sts.amazonaws.com",
                aws.clock().instant(), Duration.ofHours(2), Map.of()));
    }

    @Test
    void environmentWithSessionToken_picked_andSigns() {
        start();
        IssuedCredentials issued = aws.registry().issueRoleSession(role("Ops"), "env-session",
                aws.clock().instant().plus(Duration.ofHours(1)), "test");
        TempcredsEnvironment env = env().env("AWS_ACCESS_KEY_ID", issued.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", issued.secretAccessKey()).env("AWS_SESSION_TOKEN", issued.sessionToken().orElseThrow())
                .build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            String log = captureStderr(chain::resolveCredentials);
            assertThat(chain.chosenSource()).contains("environment");
            assertThat(chain.health().source()).isEqualTo("chain(environment)");
            assertThat(warnLines(log)).isEmpty();
            assertThat(callerIdentity(chain).account()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void webIdentityTokenFile_picked_andSigns() throws Exception {
        start();
        writeTokenFile();
        TempcredsEnvironment env = env().env("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("token").toString())
                .env("AWS_ROLE_ARN", role("Pod")).build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.chosenSource()).contains("web-identity");
            assertThat(callerIdentity(chain).arn()).contains(":assumed-role/Pod/");
        }
    }

    @Test
    void profileWithRoleChain_picked_andSigns() throws Exception {
        start();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + BASE_KEY + "\naws_secret_access_key = testsecret\n");
        writeConfig("[profile app]", "role_arn = " + role("Ops"), "source_profile = base");
        TempcredsEnvironment env = env().env("AWS_PROFILE", "app").build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.health().source()).isEqualTo("chain(profile:app)");
            assertThat(callerIdentity(chain).arn()).contains(":assumed-role/Ops/");
        }
    }

    @Test
    void ssoProfile_picked_andSigns() throws Exception {
        start();
        aws.sso().seedSession().cacheEntry().writeTo(home, "my-sso");
        writeConfig("[default]", "sso_session = my-sso", "sso_account_id = " + ACCOUNT, "sso_role_name = ReadOnly",
                "", "[sso-session my-sso]", "sso_start_url = " + aws.sso().startUrl(), "sso_region = us-east-1");
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env().build()).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.chosenSource()).contains("profile:default");
            assertThat(callerIdentity(chain).account()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void containerEcsMode_picked_andSigns() {
        start(b -> b.container(c -> c.mode(FakeContainerCredentials.Mode.ECS).roleName("app-role")));
        FakeContainerCredentials ecs = aws.container();
        TempcredsEnvironment env = env().env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ecs.credentialsPath())
                .env("AWS_CONTAINER_SERVICE_ENDPOINT", "http://127.0.0.1:" + ecs.port()).build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.chosenSource()).contains("container");
            assertThat(callerIdentity(chain).arn()).contains(":assumed-role/app-role/");
        }
    }

    @Test
    void containerPodIdentityMode_picked_andSigns() {
        start(b -> b.container(c -> c.mode(FakeContainerCredentials.Mode.POD_IDENTITY).roleName("app-role")));
        FakeContainerCredentials pod = aws.container();
        TempcredsEnvironment env = env().env(pod.environmentVariables()).build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.chosenSource()).contains("container");
            assertThat(pod.journal("GetCredentials").get(0).header("Authorization")).isEqualTo(pod.currentToken());
            assertThat(callerIdentity(chain).arn()).contains(":assumed-role/app-role/");
        }
    }

    @Test
    void imds_picked_andSigns() {
        start();
        TempcredsEnvironment env = env().env("AWS_EC2_METADATA_DISABLED", "false").build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThat(warnLines(captureStderr(chain::resolveCredentials))).isEmpty();
            assertThat(chain.chosenSource()).contains("imds");
            assertThat(callerIdentity(chain).account()).isEqualTo(ACCOUNT);
        }
    }

    @Test
    void nothingConfigured_notFoundListingEverySource_noWarn() {
        start();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env().build()).build()) {
            String log = captureStderr(() -> assertThatThrownBy(chain::resolveCredentials)
                    .isInstanceOf(CredentialsNotFoundException.class)
                    .hasMessageContaining("Tried, in order")
                    .hasMessageContaining("AWS_ACCESS_KEY_ID not set")
                    .hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE not set")
                    .hasMessageContaining("profile:")
                    .hasMessageContaining("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
                    .hasMessageContaining("AWS_EC2_METADATA_DISABLED=true"));
            // Sources that are merely absent are not something to act on: no WARN at all (the caller gets the
            // error that lists them).
            assertThat(warnLines(log)).isEmpty();
        }
    }

    @Test
    void brokenWebIdentity_errorFromThatSource_noFallThroughToProfile() throws Exception {
        start();
        aws.sso().seedSession().cacheEntry().writeTo(home, "my-sso");
        writeConfig("[default]", "sso_session = my-sso", "sso_account_id = " + ACCOUNT, "sso_role_name = ReadOnly",
                "", "[sso-session my-sso]", "sso_start_url = " + aws.sso().startUrl(), "sso_region = us-east-1");
        TempcredsEnvironment env = env().env("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("missing-token").toString())
                .env("AWS_ROLE_ARN", role("Pod")).build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsException.class)
                    .isNotInstanceOf(CredentialsNotFoundException.class)
                    .hasMessageContaining("missing-token");
            assertThat(chain.chosenSource()).contains("web-identity");
        }
    }

    @Test
    void profileWithUnknownRole_errorFromProfile_noFallThroughToContainer() throws Exception {
        start(b -> b.container(c -> c.mode(FakeContainerCredentials.Mode.POD_IDENTITY)));
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"),
                "[base]\naws_access_key_id = " + BASE_KEY + "\naws_secret_access_key = testsecret\n");
        writeConfig("[default]", "role_arn = " + role("NoSuchRole"), "source_profile = base");
        TempcredsEnvironment env = env().env(aws.container().environmentVariables()).build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsException.class)
                    .isNotInstanceOf(CredentialsNotFoundException.class);
            assertThat(chain.chosenSource()).contains("profile:default");
            assertThat(aws.container().journal("GetCredentials")).isEmpty();
        }
    }

    @Test
    void resolveIdentity_doesNotBlockNorChooseOnCallerThread() throws Exception {
        start();
        writeTokenFile();
        TempcredsEnvironment env = env().env("AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("token").toString())
                .env("AWS_ROLE_ARN", role("Pod")).build();
        List<Runnable> queued = new ArrayList<>();
        Executor held = r -> {
            synchronized (queued) {
                queued.add(r);
            }
        };
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).executor(held)
                .build()) {
            CompletableFuture<AwsCredentialsIdentity> f = chain.resolveIdentity(ResolveIdentityRequest.builder().build());

            assertThat(f).isNotDone();
            assertThat(chain.chosenSource()).isEmpty(); // nothing read or chosen on this thread
            Thread runner = new Thread(() -> {
                while (!f.isDone()) {
                    Runnable r;
                    synchronized (queued) {
                        r = queued.isEmpty() ? null : queued.remove(0);
                    }
                    if (r != null) {
                        r.run();
                    } else {
                        Thread.onSpinWait();
                    }
                }
            });
            runner.start();
            AwsCredentialsIdentity c = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            runner.join(30_000);
            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
            assertThat(chain.chosenSource()).contains("web-identity");
        }
    }

    @Test
    void configurationError_typeIsConfiguration_forSecretMissing() {
        start();
        TempcredsEnvironment env = env().env("AWS_ACCESS_KEY_ID", "ASIATESTNOSECRET0001").build();
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.builder().environment(env).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
        }
    }
}
