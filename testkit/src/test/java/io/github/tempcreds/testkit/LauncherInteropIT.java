package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;

/**
 * The stand-alone launcher (a child JVM) seeded with an SSO session whose tokens and client registration
 * the configuration chose, and trusting an external OIDC issuer by its JWKS; then the AWS CLI v2 and the
 * AWS SDK for Java v2 use exactly those values. The CLI scenarios are skipped when no AWS CLI v2 is
 * installed; the SDK scenarios always run.
 */
class LauncherInteropIT {
    private static final String ACCOUNT = "123456789012";
    private static final String ISSUER = "https://ci.example.test";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/ci-deploy";
    private static final String ACCESS_TOKEN = "interop-access-token-0001";
    private static final String REFRESH_TOKEN = "interop-refresh-token-0001";
    private static final String CLIENT_ID = "interop-client";
    private static final String CLIENT_SECRET = "interop-client-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    @TempDir
    static Path dir;
    /** Minted by the test, outside the launcher: the launcher knows only its public keys. */
    private static final OidcIssuer EXTERNAL = OidcIssuer.create(ISSUER);
    private static FakeAwsLauncherIT.Launched launcher;
    private static Map<String, String> endpoints;
    private static JsonNode outputs;
    private static Path home;
    private static Path configFile;
    private static Path tokenFile;

    @BeforeAll
    static void launch() throws Exception {
        Files.writeString(dir.resolve("ci-jwks.json"), EXTERNAL.jwksJson());
        String config = ("{'sso': {'accounts': [{'accountId': '" + ACCOUNT + "', 'roles': ['ReadOnly']}],"
                + "  'sessions': [{'name': 'dev', 'home': 'home', 'accessToken': '" + ACCESS_TOKEN + "',"
                + "    'accessTokenExpiresInSeconds': 3600, 'refreshToken': '" + REFRESH_TOKEN + "',"
                + "    'clientId': '" + CLIENT_ID + "', 'clientSecret': '" + CLIENT_SECRET + "',"
                + "    'registrationExpiresInSeconds': 86400, 'rotateRefreshTokens': false}]},"
                + " 'roles': [{'arn': '" + ROLE_ARN + "', 'webIdentity': [{'issuer': '" + ISSUER + "',"
                + "   'audience': 'sts.amazonaws.com'}]}],"
                + " 'externalIssuers': [{'issuer': '" + ISSUER + "', 'jwksFile': 'ci-jwks.json'}],"
                + " 'outputs': 'out/outputs.json'}").replace('\'', '"');
        Path file = dir.resolve("launcher.json");
        Files.writeString(file, config);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FakeAwsLauncher.class.getName(), "--config", file.toString());
        launcher = new FakeAwsLauncherIT.Launched(new ProcessBuilder(cmd).start());
        endpoints = launcher.awaitReady(Duration.ofSeconds(120));
        assertThat(endpoints.get("outputs")).isEqualTo(dir.resolve("out/outputs.json").toString());
        outputs = JSON.readTree(Path.of(endpoints.get("outputs")).toFile());
        home = dir.resolve("home");

        configFile = dir.resolve("aws-config");
        Files.writeString(configFile, String.join("\n",
                "[profile dev]",
                "sso_session = dev",
                "sso_account_id = " + ACCOUNT,
                "sso_role_name = ReadOnly",
                "region = us-east-1",
                "",
                "[sso-session dev]",
                "sso_start_url = " + outputs.at("/ssoSessions/0/startUrl").asText(),
                "sso_region = us-east-1",
                "sso_registration_scopes = sso:account:access",
                ""));
        tokenFile = dir.resolve("ci-token.jwt");
        Files.writeString(tokenFile, EXTERNAL.mint("repo:tempcreds/ci", "sts.amazonaws.com", Instant.now(),
                Duration.ofHours(1), Map.of()));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (launcher != null) {
            launcher.process.toHandle().destroy();
            if (!launcher.process.waitFor(20, TimeUnit.SECONDS)) {
                launcher.process.destroyForcibly();
            }
        }
    }

    private static URI uri(String name) {
        return URI.create(endpoints.get(name));
    }

    private static String callerArn(AwsSessionCredentials c) {
        try (StsClient sts = StsClient.builder().endpointOverride(uri("sts")).region(Region.US_EAST_1)
                .httpClient(HTTP).credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    // ------------------------------------------------------------------ the launcher's outputs

    @Test
    void outputs_nameTheSeededValuesAndTheCacheFile() throws Exception {
        JsonNode s = outputs.at("/ssoSessions/0");
        Path cache = SsoTokenCacheFiles.cacheFile(home, "dev");
        assertThat(s.get("cacheFile").asText()).isEqualTo(cache.toString());
        assertThat(s.get("accessToken").asText()).isEqualTo(ACCESS_TOKEN);
        assertThat(s.get("clientId").asText()).isEqualTo(CLIENT_ID);
        assertThat(outputs.at("/endpoints/sts").asText()).isEqualTo(endpoints.get("sts"));
        assertThat(outputs.at("/externalIssuers/0/issuer").asText()).isEqualTo(ISSUER);
        JsonNode entry = JSON.readTree(cache.toFile());
        assertThat(entry.get("accessToken").asText()).isEqualTo(ACCESS_TOKEN);
        assertThat(entry.get("clientSecret").asText()).isEqualTo(CLIENT_SECRET);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)))
                .isEqualTo("rw-------");
    }

    // ------------------------------------------------------------------ AWS SDK for Java v2

    @Test
    void sdk_ssoClientWithSeededAccessToken_getsRoleCredentialsStsAccepts() {
        try (SsoClient sso = SsoClient.builder().endpointOverride(uri("sso")).region(Region.US_EAST_1).httpClient(HTTP)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            RoleCredentials rc = sso.getRoleCredentials(r -> r.accessToken(ACCESS_TOKEN).accountId(ACCOUNT)
                    .roleName("ReadOnly")).roleCredentials();
            String arn = callerArn(AwsSessionCredentials.create(rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken()));
            assertThat(arn).startsWith("arn:aws:sts::" + ACCOUNT + ":assumed-role/AWSReservedSSO_ReadOnly_");
        }
    }

    @Test
    void sdk_ssoOidcRefreshWithSeededClient_rotationOff_keepsTheRefreshToken() {
        try (SsoOidcClient oidc = SsoOidcClient.builder().endpointOverride(uri("oidc")).region(Region.US_EAST_1)
                .httpClient(HTTP).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            for (int i = 0; i < 2; i++) {
                CreateTokenResponse t = oidc.createToken(r -> r.grantType("refresh_token").clientId(CLIENT_ID)
                        .clientSecret(CLIENT_SECRET).refreshToken(REFRESH_TOKEN));
                assertThat(t.accessToken()).isNotEqualTo(ACCESS_TOKEN);
                assertThat(t.refreshToken()).as("refresh #%s, rotation off", i + 1).isEqualTo(REFRESH_TOKEN);
            }
        }
    }

    @Test
    void sdk_stsWebIdentityTokenFromExternalIssuer_assumesTheRole() {
        try (StsClient sts = StsClient.builder().endpointOverride(uri("sts")).region(Region.US_EAST_1).httpClient(HTTP)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            AssumeRoleWithWebIdentityResponse r = sts.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE_ARN)
                    .roleSessionName("ci").webIdentityToken(readToken()));
            assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/ci-deploy/ci");
            assertThat(r.provider()).isEqualTo("ci.example.test");
            assertThat(r.subjectFromWebIdentityToken()).isEqualTo("repo:tempcreds/ci");
        }
    }

    @Test
    void sdk_stsAlgNoneTokenForTheExternalIssuer_isRefused() {
        String claims = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"iss\":\"" + ISSUER
                + "\",\"sub\":\"attacker\",\"aud\":\"sts.amazonaws.com\",\"iat\":" + Instant.now().getEpochSecond()
                + ",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"none\",\"kid\":\""
                + EXTERNAL.keyId() + "\"}").getBytes(StandardCharsets.UTF_8)) + "." + claims + ".";
        OidcIssuer other = OidcIssuer.create(ISSUER);
        String wrongKey = other.mint("attacker", "sts.amazonaws.com", Instant.now(), Duration.ofHours(1), Map.of());
        try (StsClient sts = StsClient.builder().endpointOverride(uri("sts")).region(Region.US_EAST_1).httpClient(HTTP)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            for (String token : List.of(none, wrongKey)) {
                assertThatThrownBy(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(ROLE_ARN).roleSessionName("attacker")
                        .webIdentityToken(token))).isInstanceOf(InvalidIdentityTokenException.class);
            }
        }
    }

    @Test
    void sdk_profileCredentialsProvider_ssoProfileFromTheSeededCache() throws Exception {
        String out = runJava(SdkProfileSsoMain.class, List.of("dev"), sdkEnv(Map.of("HOME", home.toString(),
                "AWS_CONFIG_FILE", configFile.toString())));
        assertThat(out).containsPattern("accessKeyId=ASIA");
    }

    @Test
    void sdk_webIdentityTokenFileCredentialsProvider_externalToken() throws Exception {
        String out = runJava(SdkWebIdentityMain.class, List.of(), sdkEnv(Map.of(
                "AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString(), "AWS_ROLE_ARN", ROLE_ARN,
                "AWS_ROLE_SESSION_NAME", "ci", "HOME", dir.resolve("empty-home").toString())));
        assertThat(out).containsPattern("accessKeyId=ASIA");
    }

    private static Map<String, String> sdkEnv(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("AWS_ENDPOINT_URL_SSO", endpoints.get("sso"));
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", endpoints.get("oidc"));
        env.put("AWS_ENDPOINT_URL_STS", endpoints.get("sts"));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    private static String runJava(Class<?> main, List<String> args, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(args);
        return run(cmd, env);
    }

    private static String run(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        for (String k : List.of("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            pb.environment().remove(k);
        }
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
        return out;
    }

    private static String readToken() {
        try {
            return Files.readString(tokenFile).strip();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ AWS CLI v2

    @Test
    void cli_ssoProfile_getCallerIdentity_usesTheSeededCache() throws Exception {
        String cli = cliV2();
        assumeTrue(cli != null, "AWS CLI v2 (/usr/bin/aws answering aws-cli/2) is not installed: skipped");
        String out = run(List.of(cli, "sts", "get-caller-identity", "--profile", "dev", "--output", "json"),
                cliEnv(Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", configFile.toString())));
        assertThat(JSON.readTree(out).get("Arn").asText())
                .startsWith("arn:aws:sts::" + ACCOUNT + ":assumed-role/AWSReservedSSO_ReadOnly_");
    }

    @Test
    void cli_webIdentityTokenFile_getCallerIdentity_externalIssuer() throws Exception {
        String cli = cliV2();
        assumeTrue(cli != null, "AWS CLI v2 (/usr/bin/aws answering aws-cli/2) is not installed: skipped");
        Path cliHome = Files.createDirectories(dir.resolve("cli-home"));
        String out = run(List.of(cli, "sts", "get-caller-identity", "--output", "json"), cliEnv(Map.of(
                "HOME", cliHome.toString(), "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
                "AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString(), "AWS_ROLE_ARN", ROLE_ARN,
                "AWS_ROLE_SESSION_NAME", "ci-cli")));
        assertThat(JSON.readTree(out).get("Arn").asText()).isEqualTo("arn:aws:sts::" + ACCOUNT
                + ":assumed-role/ci-deploy/ci-cli");
    }

    /**
     * The CLI's environment. CLI versions before 2.13 do not read {@code AWS_ENDPOINT_URL_<SERVICE>}, and
     * the clients its credential providers create internally ignore {@code --endpoint-url}: an
     * {@code AWS_DATA_PATH} directory with one endpoint rule set per service points them at the fakes
     * (newer versions read the variables as well).
     */
    private static Map<String, String> cliEnv(Map<String, String> extra) throws IOException {
        Path data = dir.resolve("cli-data");
        writeRuleSet(data, "sso/2019-06-10", endpoints.get("sso"), false);
        writeRuleSet(data, "sso-oidc/2019-06-10", endpoints.get("oidc"), false);
        writeRuleSet(data, "sts/2011-06-15", endpoints.get("sts"), true);
        Map<String, String> env = sdkEnv(extra);
        env.put("AWS_DATA_PATH", data.toString());
        env.put("AWS_PAGER", "");
        return env;
    }

    private static void writeRuleSet(Path data, String serviceAndVersion, String url, boolean sts) throws IOException {
        String bool = "{\"required\": true, \"default\": false, \"type\": \"Boolean\", \"builtIn\": \"%s\"}";
        String params = "\"Region\": {\"builtIn\": \"AWS::Region\", \"required\": false, \"type\": \"String\"},"
                + "\"UseDualStack\": " + String.format(bool, "AWS::UseDualStack") + ","
                + "\"UseFIPS\": " + String.format(bool, "AWS::UseFIPS") + ","
                + "\"Endpoint\": {\"builtIn\": \"SDK::Endpoint\", \"required\": false, \"type\": \"String\"}"
                + (sts ? ",\"UseGlobalEndpoint\": " + String.format(bool, "AWS::STS::UseGlobalEndpoint") : "");
        String ruleSet = "{\"version\": \"1.0\", \"parameters\": {" + params + "}, \"rules\": [{\"conditions\": [],"
                + " \"endpoint\": {\"url\": \"" + url.replaceAll("/$", "") + "\", \"properties\": {}, \"headers\": {}},"
                + " \"type\": \"endpoint\"}]}";
        Path file = data.resolve(serviceAndVersion).resolve("endpoint-rule-set-1.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, ruleSet);
    }

    private static String cliV2() throws IOException, InterruptedException {
        Path aws = Path.of(File.separator, "usr", "bin", "aws");
        if (!Files.isExecutable(aws)) {
            return null;
        }
        Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(60, TimeUnit.SECONDS) && out.startsWith("aws-cli/2") ? aws.toString() : null;
    }
}
