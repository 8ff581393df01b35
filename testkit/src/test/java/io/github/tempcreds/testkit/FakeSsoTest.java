package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wire shapes of {@link FakeSso} and the cache files of {@link SsoTokenCacheFiles}, over plain HTTP. */
class FakeSsoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OIDC_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeSso sso;

    @BeforeEach
    void start() {
        sso = FakeSso.builder().clock(clock).build().start().account("111122223333", "ReadOnly");
    }

    @AfterEach
    void stop() {
        sso.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sso.url() + pathAndQuery.substring(1)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("x-amz-sso_bearer_token", token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getRoleCredentials_success_wrapsCredentialsWithEpochMillisExpiration() throws Exception {
        FakeSso.Session s = sso.seedSession();
        HttpResponse<String> r = send("GET", "/federation/credentials?role_name=ReadOnly&account_id=111122223333",
                s.accessToken(), null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode rc = JSON.readTree(r.body()).get("roleCredentials");
        assertThat(rc.get("expiration").isIntegralNumber()).isTrue();
        assertThat(rc.get("expiration").asLong()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z").toEpochMilli());
        assertThat(rc.get("accessKeyId").asText()).startsWith("ASIAFAKE");
        assertThat(sso.journal()).extracting(RecordedRequest::operation).containsExactly("GetRoleCredentials");
    }

    @Test
    void portalErrors_carryHeaderAndTypedBody() throws Exception {
        HttpResponse<String> r = send("GET", "/federation/credentials?role_name=ReadOnly&account_id=111122223333",
                null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("UnauthorizedException");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo("com.amazonaws.switchboard.portal#UnauthorizedException");
        assertThat(body.get("message").asText()).isEqualTo("Session token not found or invalid");

        FakeSso.Session s = sso.seedSession();
        r = send("GET", "/federation/credentials?role_name=Admin&account_id=111122223333", s.accessToken(), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
        r = send("GET", "/federation/credentials?role_name=ReadOnly", s.accessToken(), null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestException");

        sso.inject(Fault.throttle().times(1).onOperation("ListAccounts"));
        r = send("GET", "/assignment/accounts", s.accessToken(), null);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
        assertThat(JSON.readTree(r.body()).get("message").asText()).isEqualTo("Rate exceeded");
    }

    @Test
    void oidcErrors_carryCoralHeaderAndOauthBody() throws Exception {
        FakeSso.Session s = sso.seedSession();
        String refresh = "{\"grantType\":\"refresh_token\",\"clientId\":\"" + s.clientId() + "\",\"clientSecret\":\""
                + s.clientSecret() + "\",\"refreshToken\":\"" + s.refreshToken() + "\"}";
        HttpResponse<String> ok = send("POST", "/token", null, refresh);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode t = JSON.readTree(ok.body());
        assertThat(t.get("expiresIn").isIntegralNumber()).isTrue();
        assertThat(t.get("tokenType").asText()).isEqualTo("Bearer");

        HttpResponse<String> reused = send("POST", "/token", null, refresh);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.headers().firstValue("x-amzn-ErrorType")).contains("InvalidGrantException" + OIDC_SUFFIX);
        assertThat(JSON.readTree(reused.body()).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> bad = send("POST", "/token", null, "not json");
        assertThat(bad.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestException" + OIDC_SUFFIX);
        HttpResponse<String> grant = send("POST", "/token", null, "{\"grantType\":\"password\"}");
        assertThat(grant.headers().firstValue("x-amzn-ErrorType")).contains("UnsupportedGrantTypeException" + OIDC_SUFFIX);

        sso.inject(Fault.status(500).times(1).onOperation("CreateToken"));
        HttpResponse<String> fault = send("POST", "/token", null, refresh);
        assertThat(fault.statusCode()).isEqualTo(500);
        assertThat(fault.headers().firstValue("x-amzn-ErrorType")).contains("InternalServerException" + OIDC_SUFFIX);
    }

    @Test
    void verificationUriComplete_openedInABrowser_approvesTheDevice() throws Exception {
        JsonNode client = JSON.readTree(send("POST", "/client/register", null,
                "{\"clientName\":\"x\",\"clientType\":\"public\"}").body());
        JsonNode device = JSON.readTree(send("POST", "/device_authorization", null, "{\"clientId\":\""
                + client.get("clientId").asText() + "\",\"clientSecret\":\"" + client.get("clientSecret").asText()
                + "\",\"startUrl\":\"" + sso.startUrl() + "\"}").body());
        String complete = device.get("verificationUriComplete").asText();
        assertThat(complete).startsWith(sso.url() + "device?user_code=");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(complete)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> token = send("POST", "/token", null, "{\"grantType\":\""
                + "urn:ietf:params:oauth:grant-type:device_code\",\"clientId\":\"" + client.get("clientId").asText()
                + "\",\"clientSecret\":\"" + client.get("clientSecret").asText() + "\",\"deviceCode\":\""
                + device.get("deviceCode").asText() + "\"}");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(token.body()).has("refreshToken")).isTrue();
    }

    @Test
    void pkceFlow_authorizeRedirectsWithCode_andCreateTokenChecksTheVerifier() throws Exception {
        FakeSso.Session s = sso.seedSession();
        String verifier = "tempcreds-test-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes()));
        String redirect = "http://127.0.0.1:4711/oauth/callback";
        HttpResponse<String> auth = send("GET", "/authorize?response_type=code&client_id="
                + java.net.URLEncoder.encode(s.clientId(), "UTF-8")
                + "&redirect_uri=" + java.net.URLEncoder.encode(redirect, "UTF-8") + "&state=st8"
                + "&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=" + challenge, null, null);
        assertThat(auth.statusCode()).isEqualTo(302);
        String location = auth.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(redirect + "?code=").endsWith("&state=st8");
        String code = java.net.URLDecoder.decode(location.substring(location.indexOf("code=") + 5,
                location.indexOf("&state")), "UTF-8");
        String base = "{\"grantType\":\"authorization_code\",\"clientId\":\"" + s.clientId()
                + "\",\"clientSecret\":\"" + s.clientSecret() + "\",\"code\":\"" + code
                + "\",\"redirectUri\":\"" + redirect + "\",\"codeVerifier\":\"";
        HttpResponse<String> wrong = send("POST", "/token", null, base + "not-the-verifier\"}");
        assertThat(JSON.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_grant");
        HttpResponse<String> ok = send("POST", "/token", null, base + verifier + "\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(sso.accessTokenValid(JSON.readTree(ok.body()).get("accessToken").asText())).isTrue();
        assertThat(send("POST", "/token", null, base + verifier + "\"}").statusCode()).isEqualTo(400); // code spent
        assertThat(sso.journal("Authorize")).hasSize(1);
    }

    @Test
    void startDeviceAuthorization_unknownStartUrl_isInvalidRequest() throws Exception {
        FakeSso.Session s = sso.seedSession();
        HttpResponse<String> r = send("POST", "/device_authorization", null, "{\"clientId\":\"" + s.clientId()
                + "\",\"clientSecret\":\"" + s.clientSecret() + "\",\"startUrl\":\"https://other.awsapps.com/start\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void cacheKey_matchesTheDocumentedExamples() {
        assertThat(SsoTokenCacheFiles.cacheKey("my-sso")).isEqualTo("0ad374308c5a4e22f723adf10145eafad7c4031c");
        assertThat(SsoTokenCacheFiles.cacheKey("https://my-sso-portal.awsapps.com/start"))
                .isEqualTo("c7aaaf71fcc8777ae2475525ed049d39fe16c484");
    }

    @Test
    void cacheEntry_cliAndJsForms_haveTheRealClientsLayout(@TempDir Path home) throws Exception {
        SsoTokenCacheFiles.Entry e = SsoTokenCacheFiles.entry().startUrl("https://x.awsapps.com/start")
                .region("us-east-1").accessToken("aoaTEST").expiresAt(Instant.parse("2026-01-01T12:00:00Z"))
                .clientId("cid").clientSecret("csecret").registrationExpiresAt(Instant.parse("2026-03-31T12:00:00Z"))
                .refreshToken("aorTEST");
        assertThat(e.toCliJson()).isEqualTo("{\"startUrl\": \"https://x.awsapps.com/start\", \"region\": \"us-east-1\", "
                + "\"accessToken\": \"aoaTEST\", \"expiresAt\": \"2026-01-01T12:00:00Z\", \"clientId\": \"cid\", "
                + "\"clientSecret\": \"csecret\", \"registrationExpiresAt\": \"2026-03-31T12:00:00Z\", "
                + "\"refreshToken\": \"aorTEST\"}");
        assertThat(e.toJsJson()).startsWith("{\n  \"startUrl\": \"https://x.awsapps.com/start\",\n")
                .contains("\"expiresAt\": \"2026-01-01T12:00:00.000Z\"").endsWith("\"refreshToken\": \"aorTEST\"\n}");
        Path file = e.writeTo(home, "my-sso");
        assertThat(file).isEqualTo(home.resolve(".aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json"));
        assertThat(JSON.readTree(file.toFile()).get("accessToken").asText()).isEqualTo("aoaTEST");
        assertThat(e.toString()).doesNotContain("aoaTEST").doesNotContain("csecret").doesNotContain("aorTEST");
    }

    @Test
    void session_toString_hidesSecrets() {
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(5));
        assertThat(s.accessTokenExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(s.toString()).doesNotContain(s.accessToken()).doesNotContain(s.refreshToken())
                .doesNotContain(s.clientSecret());
    }

    private HttpResponse<String> refresh(String clientId, String secret, String refreshToken) throws Exception {
        return send("POST", "/token", null, "{\"grantType\":\"refresh_token\",\"clientId\":\"" + clientId
                + "\",\"clientSecret\":\"" + secret + "\",\"refreshToken\":\"" + refreshToken + "\"}");
    }

    @Test
    void seedSession_chosenValues_areAcceptedAsIs() throws Exception {
        FakeSso.Session s = sso.seedSession(FakeSso.SessionSeed.builder().accessToken("test-access-token")
                .accessTokenExpiresAt(clock.instant().plusSeconds(600)).refreshToken("test-refresh-token")
                .clientId("test-client").clientSecret("test-client-secret")
                .registrationExpiresAt(clock.instant().plus(Duration.ofDays(1))).build());
        assertThat(s.accessToken()).isEqualTo("test-access-token");
        assertThat(s.clientId()).isEqualTo("test-client");
        assertThat(s.registrationExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        assertThat(send("GET", "/assignment/accounts?max_result=10", "test-access-token", null).statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(600));
        assertThat(sso.accessTokenValid("test-access-token")).as("expired at the chosen instant").isFalse();
        HttpResponse<String> r = refresh("test-client", "test-client-secret", "test-refresh-token");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sso.accessTokenValid(JSON.readTree(r.body()).get("accessToken").asText())).isTrue();
        assertThat(s.toString()).doesNotContain("test-access-token", "test-refresh-token", "test-client-secret");
    }

    @Test
    void seedSession_expiredRegistration_refreshIsRefusedAsExpiredClient() throws Exception {
        sso.seedSession(FakeSso.SessionSeed.builder().clientId("old-client").clientSecret("old-secret")
                .refreshToken("old-refresh").registrationExpiresAt(clock.instant().minusSeconds(1)).build());
        HttpResponse<String> r = refresh("old-client", "old-secret", "old-refresh");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("invalid_client", "expired");
    }

    @Test
    void rotateRefreshTokens_perClient_oneClientRotatesTheOtherDoesNot() throws Exception {
        FakeSso.Session rotating = sso.seedSession(FakeSso.SessionSeed.builder().clientId("rotating")
                .clientSecret("s1").rotateRefreshTokens(true).build());
        FakeSso.Session fixed = sso.seedSession(FakeSso.SessionSeed.builder().clientId("fixed")
                .clientSecret("s2").rotateRefreshTokens(false).build());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = refresh("fixed", "s2", fixed.refreshToken());
            assertThat(r.statusCode()).as("non-rotating refresh #%s", i + 1).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("refreshToken").asText()).isEqualTo(fixed.refreshToken());
        }
        HttpResponse<String> first = refresh("rotating", "s1", rotating.refreshToken());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).get("refreshToken").asText()).isNotEqualTo(rotating.refreshToken());
        assertThat(refresh("rotating", "s1", rotating.refreshToken()).statusCode()).as("rotated away").isEqualTo(400);

        sso.rotateRefreshTokens("fixed", true);
        assertThat(refresh("fixed", "s2", fixed.refreshToken()).statusCode()).isEqualTo(200);
        assertThat(refresh("fixed", "s2", fixed.refreshToken()).statusCode()).as("switched on").isEqualTo(400);
    }

    @Test
    void seedSession_clashingValues_areTypedErrors() {
        sso.seedSession(FakeSso.SessionSeed.builder().accessToken("a-token").clientId("c").clientSecret("s").build());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sso.seedSession(FakeSso.SessionSeed.builder()
                .clientId("c").clientSecret("zzSecret").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another secret")
                .hasMessageNotContaining("zzSecret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sso.seedSession(FakeSso.SessionSeed.builder()
                .accessToken("a-token").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already in use");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FakeSso.SessionSeed.builder().accessToken("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("has space");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FakeSso.SessionSeed.builder().clientSecret("s").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("clientSecret needs a clientId");
    }

    @Test
    void cacheEntry_writeTo_isOwnerOnlyAndReplacesAtomically(@TempDir Path home) throws Exception {
        FakeSso.Session s = sso.seedSession();
        Path file = s.cacheEntry().writeTo(home, "my-sso");
        if (java.nio.file.Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        }
        java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Object inode = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        sso.seedSession().cacheEntry().writeTo(home, "my-sso");
        assertThat(java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .as("a new file renamed over the old one, not the old one rewritten in place").isNotEqualTo(inode);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(file.getParent())) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }
}
