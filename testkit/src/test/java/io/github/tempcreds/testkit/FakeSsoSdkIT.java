package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.auth.SsoCredentialsProvider;
import software.amazon.awssdk.services.sso.model.GetRoleCredentialsRequest;
import software.amazon.awssdk.services.sso.model.GetRoleCredentialsResponse;
import software.amazon.awssdk.services.sso.model.ListAccountsResponse;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.TooManyRequestsException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/** The real SDK v2 SSO and SSO-OIDC clients, and the SDK's own SSO providers, against {@link FakeSso}. */
class FakeSsoSdkIT {
    private static final String ACCOUNT = "111122223333";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeSso sso;
    private SsoClient portal;
    private SsoOidcClient oidc;

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start();
        sso.account(ACCOUNT, "ReadOnly", "Admin");
        portal = SsoClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        oidc = SsoOidcClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    @AfterEach
    void stop() {
        portal.close();
        oidc.close();
        sso.close();
    }

    @Test
    void getRoleCredentials_assignedRole_issuesRegisteredRoleSessionWithMillisecondExpiration() {
        FakeSso.Session s = sso.seedSession();
        GetRoleCredentialsResponse r = portal.getRoleCredentials(b -> b.accessToken(s.accessToken())
                .accountId(ACCOUNT).roleName("ReadOnly"));
        String keyId = r.roleCredentials().accessKeyId();
        IssuedCredentials issued = sso.registry().find(keyId).orElseThrow();
        assertThat(issued.kind()).isEqualTo(IssuedCredentials.Kind.ROLE_SESSION);
        assertThat(issued.issuer()).isEqualTo("sso");
        assertThat(issued.principalArn()).startsWith("arn:aws:sts::" + ACCOUNT + ":assumed-role/AWSReservedSSO_ReadOnly_");
        assertThat(r.roleCredentials().expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)).toEpochMilli());
        assertThat(r.roleCredentials().secretAccessKey()).isEqualTo(issued.secretAccessKey());
        assertThat(sso.journal("GetRoleCredentials")).hasSize(1);
    }

    @Test
    void portal_errors_areParsedByTheSdkWithTheRightCodes() {
        FakeSso.Session s = sso.seedSession();
        assertThatThrownBy(() -> portal.getRoleCredentials(b -> b.accessToken("not-a-token")
                .accountId(ACCOUNT).roleName("ReadOnly")))
                .isInstanceOf(UnauthorizedException.class).hasMessageContaining("Session token not found or invalid");
        assertThatThrownBy(() -> portal.getRoleCredentials(b -> b.accessToken(s.accessToken())
                .accountId(ACCOUNT).roleName("Nope")))
                .isInstanceOfSatisfying(SsoException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ForbiddenException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No access");
                });
        sso.inject(Fault.throttle().onOperation("GetRoleCredentials"));
        SsoClient noRetry = SsoClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1))).build();
        assertThatThrownBy(() -> noRetry.getRoleCredentials(b -> b.accessToken(s.accessToken())
                .accountId(ACCOUNT).roleName("ReadOnly")))
                .isInstanceOfSatisfying(TooManyRequestsException.class,
                        e -> assertThat(((SdkServiceException) e).isThrottlingException()).isTrue());
        noRetry.close();
        sso.clearFaults();

        clock.advance(Duration.ofHours(1));
        assertThatThrownBy(() -> portal.getRoleCredentials(b -> b.accessToken(s.accessToken())
                .accountId(ACCOUNT).roleName("ReadOnly"))).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void listAccountsAndRoles_paginateAndLogoutRevokesTheToken() {
        sso.account("444455556666", "Dev");
        FakeSso.Session s = sso.seedSession();
        ListAccountsResponse first = portal.listAccounts(b -> b.accessToken(s.accessToken()).maxResults(1));
        assertThat(first.accountList()).hasSize(1);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = portal.listAccountsPaginator(b -> b.accessToken(s.accessToken()).maxResults(1))
                .accountList().stream().map(a -> a.accountId()).collect(Collectors.toList());
        assertThat(all).containsExactly(ACCOUNT, "444455556666");
        assertThat(portal.listAccountRoles(b -> b.accessToken(s.accessToken()).accountId(ACCOUNT)).roleList())
                .extracting(r -> r.roleName()).containsExactly("ReadOnly", "Admin");

        portal.logout(b -> b.accessToken(s.accessToken()));
        assertThat(sso.journal("Logout")).hasSize(1);
        assertThatThrownBy(() -> portal.listAccounts(b -> b.accessToken(s.accessToken())))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void sessionAssignments_overrideTheDefaults() {
        FakeSso.Session s = sso.seedSession().account("999988887777", "Only");
        assertThat(portal.listAccounts(b -> b.accessToken(s.accessToken())).accountList())
                .extracting(a -> a.accountId()).containsExactly("999988887777");
        assertThatThrownBy(() -> portal.getRoleCredentials(b -> b.accessToken(s.accessToken())
                .accountId(ACCOUNT).roleName("ReadOnly"))).isInstanceOf(SsoException.class)
                .extracting(e -> ((SsoException) e).statusCode()).isEqualTo(403);
    }

    @Test
    void deviceFlow_pendingSlowDownApproveThenTokenAndRotatingRefresh() {
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName("tempcreds-test").clientType("public"));
        assertThat(client.clientSecretExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(90)).getEpochSecond());
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(sso.startUrl()));
        assertThat(device.interval()).isEqualTo(1);
        assertThat(device.expiresIn()).isEqualTo(600);
        assertThat(device.verificationUriComplete()).contains(device.userCode());

        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(device.deviceCode())))
                .isInstanceOfSatisfying(AuthorizationPendingException.class,
                        e -> assertThat(e.error()).isEqualTo("authorization_pending"));
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(device.deviceCode())))
                .isInstanceOf(SlowDownException.class);
        assertThat(sso.approveDevice(device.userCode())).isTrue();
        clock.advance(Duration.ofSeconds(6));
        CreateTokenResponse token = oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(device.deviceCode()));
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresIn()).isEqualTo(3600);
        assertThat(sso.accessTokenValid(token.accessToken())).isTrue();
        assertThat(portal.getRoleCredentials(b -> b.accessToken(token.accessToken()).accountId(ACCOUNT)
                .roleName("Admin")).roleCredentials().accessKeyId()).startsWith("ASIAFAKE");
        // The device code is spent.
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(device.deviceCode())))
                .isInstanceOf(InvalidGrantException.class);

        CreateTokenResponse refreshed = oidc.createToken(b -> b.grantType("refresh_token").clientId(client.clientId())
                .clientSecret(client.clientSecret()).refreshToken(token.refreshToken()));
        assertThat(refreshed.refreshToken()).isNotEqualTo(token.refreshToken());
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType("refresh_token").clientId(client.clientId())
                .clientSecret(client.clientSecret()).refreshToken(token.refreshToken())))
                .isInstanceOfSatisfying(InvalidGrantException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.error()).isEqualTo("invalid_grant");
                    assertThat(e.errorDescription()).isEqualTo("Invalid refresh token provided");
                });
    }

    @Test
    void deviceFlow_expiredOrDenied_answersExpiredTokenAndAccessDenied() {
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName("t").clientType("public"));
        StartDeviceAuthorizationResponse d1 = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(sso.startUrl()));
        StartDeviceAuthorizationResponse d2 = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(sso.startUrl()));
        assertThat(sso.denyDevice(d2.userCode())).isTrue();
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(d2.deviceCode())))
                .isInstanceOf(AccessDeniedException.class);
        clock.advance(Duration.ofMinutes(10));
        assertThat(sso.approveDevice(d1.userCode())).isFalse();
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType(DEVICE_GRANT).clientId(client.clientId())
                .clientSecret(client.clientSecret()).deviceCode(d1.deviceCode())))
                .isInstanceOfSatisfying(ExpiredTokenException.class, e -> assertThat(e.error()).isEqualTo("expired_token"));
    }

    @Test
    void createToken_expiredRegistration_isInvalidClient401() {
        FakeSso.Session s = sso.seedSession();
        clock.advance(Duration.ofDays(90));
        assertThatThrownBy(() -> oidc.createToken(b -> b.grantType("refresh_token").clientId(s.clientId())
                .clientSecret(s.clientSecret()).refreshToken(s.refreshToken())))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        assertThat(sso.refreshTokenValid(s.refreshToken())).isTrue();
    }

    @Test
    void sdkSsoCredentialsProvider_getsCredentialsFromTheFake() {
        FakeSso.Session s = sso.seedSession();
        SsoCredentialsProvider.Builder builder = SsoCredentialsProvider.builder();
        builder.ssoClient(portal).refreshRequest(GetRoleCredentialsRequest.builder().accessToken(s.accessToken()).accountId(ACCOUNT)
                        .roleName("ReadOnly").build());
        try (SsoCredentialsProvider p = builder.build()) {
            AwsCredentials c = p.resolveCredentials();
            assertThat(sso.registry().find(c.accessKeyId())).isPresent();
            assertThat(((AwsSessionCredentials) c).sessionToken()).startsWith("FakeSessionToken");
        }
    }

    @Test
    void sdkProfileProvider_inChildJvmWithTempHome_refreshesTheTokenAndGetsCredentials(@TempDir Path home)
            throws Exception {
        // The SDK reads HOME from the environment, so its profile provider runs in a child JVM. The fake
        // follows the system clock here because the child does.
        try (FakeSso live = FakeSso.builder().clock(MutableClock.systemUtc()).build().start()) {
            live.account(ACCOUNT, "ReadOnly");
            FakeSso.Session s = live.seedSession(Duration.ofMinutes(2)); // inside the SDK's 5 min prefetch
            s.cacheEntry().writeTo(home, "my-sso");
            Path config = home.resolve("config");
            Files.writeString(config, String.join("\n",
                    "[profile dev]", "sso_session = my-sso", "sso_account_id = " + ACCOUNT,
                    "sso_role_name = ReadOnly", "region = us-east-1", "",
                    "[sso-session my-sso]", "sso_start_url = " + live.startUrl(), "sso_region = us-east-1", ""));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Daws.configFile=" + config,
                    "-Daws.sharedCredentialsFile=" + home.resolve("none"),
                    SdkProfileSsoMain.class.getName(), "dev"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            pb.environment().put("AWS_ENDPOINT_URL_SSO", live.url());
            pb.environment().put("AWS_ENDPOINT_URL_SSO_OIDC", live.url());
            Process p = pb.start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            String keyId = out.lines().filter(l -> l.startsWith("accessKeyId=")).findFirst()
                    .orElseThrow(() -> new AssertionError(out)).substring("accessKeyId=".length());
            assertThat(live.registry().find(keyId)).isPresent();
            assertThat(live.journal("CreateToken")).hasSize(1);
            assertThat(live.refreshTokenValid(s.refreshToken())).isFalse();
            assertThat(readCache(home)).contains("\"refreshToken\"").doesNotContain(s.refreshToken());
        }
    }

    private static String readCache(Path home) throws IOException {
        return Files.readString(SsoTokenCacheFiles.cacheFile(home, "my-sso"));
    }
}
