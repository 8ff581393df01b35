package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * {@link FakeSts} over plain HTTP with requests signed by the SDK's own {@link AwsV4HttpSigner} at the
 * fake clock (frozen), so that exact requests can be replayed.
 */
class FakeStsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/demo";
    private static final String USER_KEY = "AKIATESTUSER00001";
    private static final String USER_SECRET = "testsecret";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private CredentialRegistry registry;
    private FakeSts sts;

    @BeforeEach
    void start() {
        registry = CredentialRegistry.create();
        registry.seedUserKey(USER_KEY, USER_SECRET, "alice");
        sts = FakeSts.builder().clock(clock).registry(registry).role(RoleSpec.of(ROLE)).build().start();
    }

    @AfterEach
    void stop() {
        sts.close();
    }

    private static String form(Map<String, String> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20")));
        return j.toString();
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Version", "2011-06-15");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private SdkHttpRequest signedPost(AwsCredentialsIdentity identity, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(sts.uri())
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .contentStreamProvider(() -> new ByteArrayInputStream(bytes)).build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    }

    private HttpResponse<String> send(SdkHttpRequest signed, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.getUri())
                .method(signed.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(AwsCredentialsIdentity identity, Map<String, String> params) throws Exception {
        String body = form(params);
        return send(signedPost(identity, body), body);
    }

    private static AwsCredentialsIdentity user() {
        return AwsCredentialsIdentity.create(USER_KEY, USER_SECRET);
    }

    private static AwsCredentialsIdentity identity(IssuedCredentials c) {
        return AwsSessionCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken().orElseThrow());
    }

    private static Document xml(HttpResponse<String> r) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document d, String tag) {
        return d.getElementsByTagName(tag).item(0).getTextContent();
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        Document d = xml(r);
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("ErrorResponse");
        assertThat(text(d, "Code")).isEqualTo(code);
        assertThat(text(d, "Message")).contains(message);
        assertThat(text(d, "Type")).isEqualTo(status >= 500 ? "Receiver" : "Sender");
        // FakeSts.errorFault answers through Fault.body, which sets no x-amzn-RequestId header.
        r.headers().firstValue("x-amzn-RequestId").ifPresent(id -> assertThat(id).isEqualTo(text(d, "RequestId")));
        assertThat(text(d, "RequestId")).isNotBlank();
        assertThat(r.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(r.headers().firstValue("Date")).isPresent();
    }

    @Test
    void sameSignedRequest_succeedsThenAfterExpirationFailsWithExpiredToken() throws Exception {
        IssuedCredentials session = registry.issueRoleSession(ROLE, "replay", clock.instant().plusSeconds(900), "test");
        String body = form(params("Action", "GetCallerIdentity"));
        SdkHttpRequest signed = signedPost(identity(session), body);

        HttpResponse<String> first = send(signed, body);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(text(xml(first), "Arn")).isEqualTo(session.principalArn());

        clock.advance(Duration.ofSeconds(900));

        assertError(send(signed, body), 403, "ExpiredToken", "The security token included in the request is expired");
    }

    @Test
    void assumeRole_successDocument_hasResultWrapperNamespaceAndRequestId() throws Exception {
        HttpResponse<String> r = post(user(), params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName",
                "doc", "PolicyArns", ""));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = xml(r);
        assertThat(d.getDocumentElement().getTagName()).isEqualTo("AssumeRoleResponse");
        assertThat(d.getDocumentElement().getAttribute("xmlns")).isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
        assertThat(d.getElementsByTagName("AssumeRoleResult").getLength()).isEqualTo(1);
        assertThat(text(d, "Expiration")).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(text(d, "Arn")).isEqualTo("arn:aws:sts::123456789012:assumed-role/demo/doc");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).contains(text(d, "RequestId"));
        assertThat(d.getElementsByTagName("PackedPolicySize").getLength()).isZero();
        IssuedCredentials issued = registry.find(text(d, "AccessKeyId")).orElseThrow();
        assertThat(issued.expiration()).contains(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(issued.kind()).isEqualTo(IssuedCredentials.Kind.ROLE_SESSION);
    }

    @Test
    void presignedGet_getCallerIdentity_verifiedUntilItExpires() throws Exception {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(sts.uri())
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .build();
        SdkHttpRequest presigned = AwsV4HttpSigner.create().sign(r -> r.identity(user()).request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        assertThat(presigned.getUri().getQuery()).contains("X-Amz-Signature=");

        HttpResponse<String> ok = send(presigned, null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(text(xml(ok), "Arn")).isEqualTo("arn:aws:iam::123456789012:user/alice");

        URI tampered = URI.create(presigned.getUri().toString().replace("Version=2011-06-15",
                "Version=2011-06-15&Extra=1"));
        assertError(send(presigned.toBuilder().uri(tampered).build(), null), 403, "SignatureDoesNotMatch",
                "does not match");

        clock.advance(Duration.ofMinutes(6));
        assertError(send(presigned, null), 403, "SignatureDoesNotMatch", "Signature expired: 20260101T000000Z");
    }

    @Test
    void presignedGet_sessionCredentialsWithExtraSignedHeader_verifiedLikeEksTokens() throws Exception {
        IssuedCredentials session = registry.issueRoleSession(ROLE, "eks", clock.instant().plusSeconds(900), "test");
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(sts.uri())
                .putRawQueryParameter("Action", "GetCallerIdentity").putRawQueryParameter("Version", "2011-06-15")
                .putHeader("x-k8s-aws-id", "my-cluster").build();
        SdkHttpRequest presigned = AwsV4HttpSigner.create().sign(r -> r.identity(identity(session)).request(request)
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60))
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        assertThat(presigned.getUri().getQuery()).contains("X-Amz-Security-Token=").contains("x-k8s-aws-id");

        HttpResponse<String> ok = send(presigned, null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(text(xml(ok), "Arn")).isEqualTo(session.principalArn());

        assertError(send(presigned.toBuilder().putHeader("x-k8s-aws-id", "other-cluster").build(), null), 403,
                "SignatureDoesNotMatch", "does not match");
    }

    @Test
    void signature_xAmzDateTwentyMinutesOld_signatureExpiredWithStsText() throws Exception {
        String body = form(params("Action", "GetCallerIdentity"));
        SdkHttpRequest signed = signedPost(user(), body);
        clock.advance(Duration.ofMinutes(20));

        assertError(send(signed, body), 403, "SignatureDoesNotMatch",
                "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T002000Z - 15 min.)");
        clock.advance(Duration.ofMinutes(-40));
        assertError(send(signed, body), 403, "SignatureDoesNotMatch",
                "Signature not yet current: 20260101T000000Z is still later than 20251231T235500Z");
    }

    @Test
    void signature_tamperedBody_signatureDoesNotMatch() throws Exception {
        String body = form(params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "one"));
        SdkHttpRequest signed = signedPost(user(), body);

        assertError(send(signed, body.replace("one", "two")), 403, "SignatureDoesNotMatch", "x-amz-content-sha256");
        SdkHttpRequest withoutHashHeader = signed.toBuilder().removeHeader("x-amz-content-sha256").build();
        assertError(send(withoutHashHeader, body), 403, "SignatureDoesNotMatch", "does not match");
    }

    @Test
    void successResponses_carryRequestIdHeader() throws Exception {
        HttpResponse<String> r = post(user(), params("Action", "GetCallerIdentity"));

        assertThat(r.headers().firstValue("x-amzn-RequestId")).contains(text(xml(r), "RequestId"));
        assertThat(r.headers().firstValue("Date")).contains("Thu, 1 Jan 2026 00:00:00 GMT");
    }

    @Test
    void unsignedRequestToSignedOperation_missingAuthenticationToken() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(sts.uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params("Action", "GetCallerIdentity")))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(r, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    @Test
    void actionAndVersion_unknownOrMissing_answeredAsSts() throws Exception {
        assertError(post(user(), params("Action", "DecodeAuthorizationMessage")), 400, "InvalidAction",
                "Could not find operation DecodeAuthorizationMessage for version 2011-06-15");
        Map<String, String> noVersion = new LinkedHashMap<>(Map.of("Action", "GetCallerIdentity"));
        assertError(post(user(), noVersion), 400, "MissingParameter", "Version");
        assertError(post(user(), Map.of("Action", "GetCallerIdentity", "Version", "2010-01-01")), 400,
                "InvalidAction", "for version 2010-01-01");
    }

    @Test
    void queryStringGet_withVerificationOff_dispatchesAndIdentifiesAccountRoot() throws Exception {
        try (FakeSts open = FakeSts.builder().clock(clock).registry(registry).verifySignatures(false).build().start()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(open.url() + "?Action=GetCallerIdentity&Version=2011-06-15")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(text(xml(r), "Arn")).isEqualTo("arn:aws:iam::123456789012:root");
            assertThat(open.journal().get(0).operation()).isEqualTo("GetCallerIdentity");
            assertThat(open.toString()).contains("signatures not verified");
        }
    }

    @Test
    void validation_listsEveryViolationWithStsTexts() throws Exception {
        Map<String, String> p = params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "x",
                "DurationSeconds", "50000");
        assertError(post(user(), p), 400, "ValidationError", "2 validation errors detected: Value 'x' at "
                + "'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; "
                + "Value '50000' at 'durationSeconds' failed to satisfy constraint: Member must have value less than "
                + "or equal to 43200");

        Map<String, String> many = params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "many");
        for (int i = 1; i <= 11; i++) {
            many.put("PolicyArns.member." + i + ".arn", "arn:aws:iam::aws:policy/P" + i);
        }
        assertError(post(user(), many), 400, "ValidationError",
                "at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10");

        Map<String, String> tags = params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "tags",
                "Tags.member.1.Key", "bad key!", "Tags.member.1.Value", "v");
        assertError(post(user(), tags), 400, "ValidationError", "Value 'bad key!' at 'tags.1.member.key'");

        assertError(post(user(), params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "src",
                "SourceIdentity", "aws:admin")), 400, "ValidationError", "Member must not start with 'aws:'");
        assertError(post(user(), params("Action", "AssumeRole", "RoleSessionName", "src")), 400, "ValidationError",
                "Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
        assertError(post(user(), params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "dup",
                "Tags.member.1.Key", "Team", "Tags.member.1.Value", "a", "Tags.member.2.Key", "team",
                "Tags.member.2.Value", "b")), 400, "InvalidParameterValue", "Duplicate tag keys found");
    }

    @Test
    void sessionTags_roleWithoutTagSession_accessDenied() throws Exception {
        String arn = "arn:aws:iam::123456789012:role/notags";
        sts.role(RoleSpec.builder(arn).sessionTags(false).build());

        assertError(post(user(), params("Action", "AssumeRole", "RoleArn", arn, "RoleSessionName", "tagged",
                "Tags.member.1.Key", "Team", "Tags.member.1.Value", "a")), 403, "AccessDenied", "sts:TagSession");
        assertThat(post(user(), params("Action", "AssumeRole", "RoleArn", arn, "RoleSessionName", "plain"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void trust_onlyTrustedPrincipalsAndSessionsOfTrustedRoles() throws Exception {
        String target = "arn:aws:iam::123456789012:role/target";
        sts.role(RoleSpec.builder(target).trustPrincipal(ROLE).build());

        assertError(post(user(), params("Action", "AssumeRole", "RoleArn", target, "RoleSessionName", "direct")), 403,
                "AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
                        + "sts:AssumeRole on resource: " + target);
        IssuedCredentials demoSession = registry.issueRoleSession(ROLE, "hop", clock.instant().plusSeconds(3600), "t");
        assertThat(post(identity(demoSession), params("Action", "AssumeRole", "RoleArn", target,
                "RoleSessionName", "chained")).statusCode()).isEqualTo(200);

        sts.removeRole(target);
        assertError(post(identity(demoSession), params("Action", "AssumeRole", "RoleArn", target,
                "RoleSessionName", "chained")), 403, "AccessDenied", target);
    }

    @Test
    void revokedKey_invalidClientTokenId() throws Exception {
        IssuedCredentials session = registry.issueRoleSession(ROLE, "revoked", clock.instant().plusSeconds(3600), "t");
        registry.revoke(session.accessKeyId());

        assertError(post(identity(session), params("Action", "GetCallerIdentity")), 403, "InvalidClientTokenId",
                "The security token included in the request is invalid.");
    }

    @Test
    void errorFault_andInjectedStatuses_useTheErrorResponseShape() throws Exception {
        sts.inject(Fault.status(500).times(1));
        assertError(post(user(), params("Action", "GetCallerIdentity")), 500, "InternalFailure", "");
        sts.inject(Fault.throttle().times(1));
        assertError(post(user(), params("Action", "GetCallerIdentity")), 400, "Throttling", "Rate exceeded");
        sts.inject(FakeSts.errorFault(400, "IDPCommunicationError", "unreachable").onOperation("GetCallerIdentity"));
        assertError(post(user(), params("Action", "GetCallerIdentity")), 400, "IDPCommunicationError", "unreachable");
    }

    @Test
    void toString_neverShowsSecrets() throws Exception {
        HttpResponse<String> r = post(user(), params("Action", "AssumeRole", "RoleArn", ROLE, "RoleSessionName", "ts"));
        String secret = text(xml(r), "SecretAccessKey");
        String token = text(xml(r), "SessionToken");

        for (Object o : List.of(sts, sts.journal().get(0), registry, RoleSpec.of(ROLE))) {
            assertThat(o.toString()).doesNotContain(secret).doesNotContain(token).doesNotContain(USER_SECRET);
        }
    }
}
