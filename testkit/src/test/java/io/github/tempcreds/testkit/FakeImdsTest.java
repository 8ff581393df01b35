package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeImdsTest {
    private static final String CREDS = "/latest/meta-data/iam/security-credentials/";
    private static final String EXT = "/latest/meta-data/iam/security-credentials-extended/";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeImds imds;

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(1)))
                .build().start();
    }

    @AfterEach
    void stop() {
        imds.close();
    }

    private HttpResponse<String> put(String path, String ttl, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(imds.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.noBody());
        if (ttl != null) {
            b.header(FakeImds.TTL_HEADER, ttl);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        HttpResponse<String> r = put(FakeImds.TOKEN_PATH, "21600");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(imds.url() + path.substring(1)))
                .timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header(FakeImds.TOKEN_HEADER, token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getToken_validTtl_issuesTokenAndEchoesTtl() throws Exception {
        HttpResponse<String> r = put(FakeImds.TOKEN_PATH, "300");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue(FakeImds.TTL_HEADER)).contains("300");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.headers().firstValue("Server")).contains("EC2ws");
        assertThat(r.body()).isNotBlank();
        assertThat(imds.tokensIssued()).isEqualTo(1);
        assertThat(imds.journal("GetToken")).hasSize(1);
    }

    @Test
    void getToken_missingOrOutOfRangeTtl_400() throws Exception {
        assertThat(put(FakeImds.TOKEN_PATH, null).statusCode()).isEqualTo(400);
        assertThat(put(FakeImds.TOKEN_PATH, "0").statusCode()).isEqualTo(400);
        assertThat(put(FakeImds.TOKEN_PATH, "21601").statusCode()).isEqualTo(400);
        assertThat(put(FakeImds.TOKEN_PATH, "abc").statusCode()).isEqualTo(400);
        HttpResponse<String> r = put(FakeImds.TOKEN_PATH, "-1");
        assertThat(r.body()).contains("<title>400 - Missing or Invalid Parameters</title>");
        assertThat(put(FakeImds.TOKEN_PATH, "1").statusCode()).isEqualTo(200);
        assertThat(put(FakeImds.TOKEN_PATH, "21600").statusCode()).isEqualTo(200);
        assertThat(imds.tokensIssued()).isEqualTo(2);
    }

    @Test
    void getToken_forwardedOrVersionedPath_403() throws Exception {
        assertThat(put(FakeImds.TOKEN_PATH, "60", "X-Forwarded-For", "10.0.0.1").statusCode()).isEqualTo(403);
        assertThat(put("/2021-03-23/api/token", "60").statusCode()).isEqualTo(403);
        assertThat(imds.tokensIssued()).isZero();
    }

    @Test
    void get_withoutInvalidOrExpiredToken_401() throws Exception {
        assertThat(get(CREDS, null).statusCode()).isEqualTo(401);
        assertThat(get(CREDS, "not-a-token").statusCode()).isEqualTo(401);
        String t = put(FakeImds.TOKEN_PATH, "60").body();
        assertThat(get(CREDS, t).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        HttpResponse<String> expired = get(CREDS, t);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("401 - Unauthorized");
    }

    @Test
    void listRoles_withAndWithoutSlash_namesRole() throws Exception {
        String t = token();
        assertThat(get(CREDS, t).body()).isEqualTo("demo-role");
        assertThat(get("/latest/meta-data/iam/security-credentials", t).body()).isEqualTo("demo-role");
        assertThat(imds.journal("ListRoles")).hasSize(2);
    }

    @Test
    void getCredentials_pretyPrintedDocumentFromRegistry() throws Exception {
        String t = token();
        HttpResponse<String> r = get(CREDS + "demo-role", t);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        IssuedCredentials c = imds.currentCredentials();
        assertThat(r.body()).startsWith("{\n  \"Code\" : \"Success\",\n")
                .contains("\"Type\" : \"AWS-HMAC\"")
                .contains("\"AccessKeyId\" : \"" + c.accessKeyId() + "\"")
                .contains("\"SecretAccessKey\" : \"" + c.secretAccessKey() + "\"")
                .contains("\"Token\" : \"" + c.sessionToken().orElseThrow() + "\"")
                .contains("\"Expiration\" : \"2026-01-01T06:00:00Z\"")
                .contains("\"LastUpdated\" : \"2026-01-01T00:00:00Z\"")
                .doesNotContain("AccountId");
        assertThat(c.kind()).isEqualTo(IssuedCredentials.Kind.ROLE_SESSION);
        assertThat(c.principalArn()).isEqualTo("arn:aws:sts::111122223333:assumed-role/demo-role/i-0123456789abcdef0");
        assertThat(imds.registry().find(c.accessKeyId())).contains(c);
        assertThat(imds.journal("GetCredentials")).hasSize(1);
    }

    @Test
    void getCredentials_rotateWithin15MinutesOfExpiry() throws Exception {
        String t = token();
        IssuedCredentials first = imds.currentCredentials();
        clock.advance(Duration.ofHours(5).plusMinutes(44));
        String t2 = token();
        assertThat(get(CREDS + "demo-role", t2).body()).contains(first.accessKeyId());
        clock.advance(Duration.ofMinutes(1));
        String body = get(CREDS + "demo-role", t2).body();
        assertThat(body).doesNotContain(first.accessKeyId()).contains("\"Expiration\" : \"2026-01-01T11:45:00Z\"");
        assertThat(imds.credentialsIssued()).isEqualTo(2);
        assertThat(t).isNotEqualTo(t2);
    }

    @Test
    void extended_onByDefault_carriesAccountId_offGives404() throws Exception {
        String t = token();
        assertThat(get(EXT, t).body()).isEqualTo("demo-role");
        assertThat(get(EXT + "demo-role", t).body()).contains("\"AccountId\" : \"111122223333\"");
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(1);
        imds.extendedPath(false);
        assertThat(get(EXT, t).statusCode()).isEqualTo(404);
        assertThat(get(EXT + "demo-role", t).statusCode()).isEqualTo(404);
        assertThat(get(CREDS + "demo-role", t).statusCode()).isEqualTo(200);
    }

    @Test
    void renameRole_oldPath404_newRoleListed() throws Exception {
        String t = token();
        String old = imds.currentCredentials().accessKeyId();
        imds.renameRole("renamed-role");
        assertThat(get(CREDS + "demo-role", t).statusCode()).isEqualTo(404);
        assertThat(get(CREDS, t).body()).isEqualTo("renamed-role");
        assertThat(get(CREDS + "renamed-role", t).body()).doesNotContain(old);
        assertThat(imds.currentCredentials().principalArn()).contains("assumed-role/renamed-role/");
    }

    @Test
    void detachRole_listingAndInfo404() throws Exception {
        String t = token();
        assertThat(get("/latest/meta-data/iam/info", t).body())
                .contains("\"InstanceProfileArn\" : \"arn:aws:iam::111122223333:instance-profile/demo-role\"");
        imds.detachRole();
        assertThat(get(CREDS, t).statusCode()).isEqualTo(404);
        assertThat(get("/latest/meta-data/iam/info", t).statusCode()).isEqualTo(404);
        assertThatThrownBy(imds::currentCredentials).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void disabled_everything403() throws Exception {
        imds.disabled(true);
        assertThat(put(FakeImds.TOKEN_PATH, "60").statusCode()).isEqualTo(403);
        assertThat(get(CREDS, null).statusCode()).isEqualTo(403);
    }

    @Test
    void unknownPath_404_andOtherMethods405() throws Exception {
        String t = token();
        assertThat(get("/latest/meta-data/nothing-here", t).statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(imds.url() + "latest/meta-data/"))
                .header(FakeImds.TOKEN_HEADER, t).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void credentialsError_answers200WithCodeAndNoKeys() throws Exception {
        String t = token();
        imds.credentialsError("AssumeRoleUnauthorizedAccess", "EC2 cannot assume the role demo-role.");
        HttpResponse<String> r = get(CREDS + "demo-role", t);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"Code\" : \"AssumeRoleUnauthorizedAccess\"").doesNotContain("AccessKeyId");
        imds.credentialsError(null, null);
        assertThat(get(CREDS + "demo-role", t).body()).contains("\"Code\" : \"Success\"");
    }

    @Test
    void serveExpiredCredentials_expirationInThePast() throws Exception {
        String t = token();
        imds.serveExpiredCredentials(true);
        assertThat(get(CREDS + "demo-role", t).body()).contains("\"Expiration\" : \"2025-12-31T23:55:00Z\"");
    }

    @Test
    void throttleAndStatusFaults_answerXhtmlPages() throws Exception {
        String t = token();
        imds.inject(Fault.throttle().times(1).onOperation("GetCredentials"));
        HttpResponse<String> r = get(CREDS + "demo-role", t);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.body()).contains("<title>429 - Too Many Requests</title>");
        imds.inject(Fault.status(500).times(1).onOperation("ListRoles"));
        assertThat(get(CREDS, t).body()).contains("500 - Internal Server Error");
    }

    @Test
    void hopLimitExceeded_tokenPutNeverAnsweredUntilSwitchedOff() throws Exception {
        imds.hopLimitExceeded(true);
        HttpRequest req = HttpRequest.newBuilder(URI.create(imds.url() + "latest/api/token"))
                .header(FakeImds.TTL_HEADER, "60").timeout(Duration.ofMillis(300))
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        assertThatThrownBy(() -> http.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(imds.journal("GetToken")).isNotEmpty();

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(req.uri()).header(FakeImds.TTL_HEADER, "60")
                        .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        imds.takeRequest(Duration.ofSeconds(2));
        assertThat(imds.takeRequest(Duration.ofSeconds(2))).isNotNull();
        assertThat(pending).isNotDone();
        imds.hopLimitExceeded(false);
        assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void bindIpv6Loopback_serves() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback here");
        try (FakeImds v6 = FakeImds.builder().clock(clock).bindAddress("::1").build().start()) {
            assertThat(v6.url()).startsWith("http://[::1]:");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(v6.url() + "latest/api/token"))
                    .header(FakeImds.TTL_HEADER, "60").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    static boolean ipv6LoopbackAvailable() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void builder_rejectsInconsistentSettings() {
        assertThatThrownBy(() -> FakeImds.builder().credentialsLifetime(Duration.ofMinutes(10)).build())
                .hasMessageContaining("rotateBefore");
        assertThatThrownBy(() -> FakeImds.builder().roleName("bad role"))
                .hasMessageContaining("roleName");
        assertThatThrownBy(() -> FakeImds.builder().accountId("999988887777")
                .registry(CredentialRegistry.create()).build()).hasMessageContaining("accountId");
    }
}
