package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetSessionTokenResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * The real SDK v2 {@link StsClient} and {@link StsAssumeRoleCredentialsProvider} against {@link FakeSts}.
 * The fake clock follows the system clock (the SDK signs with real time) and is moved ahead where a test
 * needs expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FakeStsSdkIT {
    private static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    private static final String DEMO = "arn:aws:iam::" + ACCOUNT + ":role/demo";
    private static final String LONG = "arn:aws:iam::" + ACCOUNT + ":role/long";
    private static final String MFA = "arn:aws:iam::" + ACCOUNT + ":role/mfa";
    private static final String EXTERNAL = "arn:aws:iam::" + ACCOUNT + ":role/partner";
    private static final String WEB = "arn:aws:iam::" + ACCOUNT + ":role/web";
    private static final String MFA_SERIAL = "arn:aws:iam::" + ACCOUNT + ":mfa/alice";
    private static final String USER_KEY = "AKIATESTUSER00001";
    private static final String USER_SECRET = "testsecret";

    private final MutableClock clock = MutableClock.systemUtc();
    private final OidcIssuer issuer = OidcIssuer.create("https://oidc.example.test");
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private FakeSts sts;
    private StsClient userClient;

    @BeforeAll
    void start() {
        // Other test classes in this JVM may have left the SDK a learnt JVM-wide clock offset.
        SdkGlobalTime.setGlobalTimeOffset(0);
        CredentialRegistry registry = CredentialRegistry.create();
        registry.seedUserKey(USER_KEY, USER_SECRET, "alice");
        sts = FakeSts.builder().clock(clock).registry(registry)
                .role(RoleSpec.of(DEMO))
                .role(RoleSpec.builder(LONG).maxSessionDuration(Duration.ofHours(4)).build())
                .role(RoleSpec.builder(MFA).mfa(MFA_SERIAL, Set.of("123456", "654321")).build())
                .role(RoleSpec.builder(EXTERNAL).externalId("partner-ext-1").build())
                .role(RoleSpec.builder(WEB).trustWebIdentity(issuer.issuer(), "sts.amazonaws.com").build())
                .trustIssuer(issuer)
                .build().start();
        userClient = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET)));
    }

    @AfterEach
    void reset() {
        sts.clearFaults();
        sts.enableRegion("us-east-1");
        clock.set(Instant.now());
        // Errors answered at a moved fake clock make the SDK learn a JVM-wide clock offset from the Date header.
        SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @AfterAll
    void stop() {
        userClient.close();
        sts.close();
        http.close();
    }

    private StsClient client(AwsCredentialsProvider credentials) {
        return client(credentials, o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    private StsClient client(AwsCredentialsProvider credentials, Consumer<ClientOverrideConfiguration.Builder> o) {
        return StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1).httpClient(http)
                .credentialsProvider(credentials).overrideConfiguration(o).build();
    }

    private static StaticCredentialsProvider session(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    private static AwsServiceException serviceError(Runnable call) {
        return catchThrowableOfType(AwsServiceException.class, call::run);
    }

    private static void assertError(Runnable call, int status, String code, String messagePart) {
        AwsServiceException e = serviceError(call);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
        assertThat(e.requestId()).isNotBlank();
    }

    @Test
    void assumeRole_userKeys_issuesCredentialsThatIdentifyAsTheRole() {
        AssumeRoleResponse r = userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("it-session"));

        assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(Duration.between(clock.instant(), r.credentials().expiration()))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(60));
        assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/demo/it-session");
        assertThat(r.assumedRoleUser().assumedRoleId()).endsWith(":it-session").startsWith("AROA");
        try (StsClient role = client(session(r.credentials()))) {
            GetCallerIdentityResponse id = role.getCallerIdentity();
            assertThat(id.arn()).isEqualTo(r.assumedRoleUser().arn());
            assertThat(id.userId()).isEqualTo(r.assumedRoleUser().assumedRoleId());
            assertThat(id.account()).isEqualTo(ACCOUNT);
        }
        assertThat(sts.journal("AssumeRole")).isNotEmpty();
    }

    @Test
    void assumeRole_withPolicyTagsAndSourceIdentity_echoesSourceIdentityAndPackedSize() {
        AssumeRoleResponse r = userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("tagged")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"*\"}]}")
                .policyArns(p -> p.arn("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                .tags(Tag.builder().key("Project").value("Pegasus").build())
                .transitiveTagKeys("Project").sourceIdentity("DevUser123").durationSeconds(900));

        assertThat(r.sourceIdentity()).isEqualTo("DevUser123");
        assertThat(r.packedPolicySize()).isBetween(1, 100);
        assertThat(Duration.between(clock.instant(), r.credentials().expiration()))
                .isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15));
    }

    @Test
    void assumeRole_roleChaining_capsDurationAtOneHour() {
        Credentials first = userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("first")).credentials();
        try (StsClient chained = client(session(first))) {
            assertError(() -> chained.assumeRole(b -> b.roleArn(LONG).roleSessionName("second").durationSeconds(7200)),
                    400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");

            AssumeRoleResponse ok = chained.assumeRole(b -> b.roleArn(LONG).roleSessionName("second")
                    .durationSeconds(3600));
            assertThat(ok.assumedRoleUser().arn()).endsWith(":assumed-role/long/second");
        }
        // Not chained: the same duration is fine within the role's 4 h maximum.
        assertThat(userClient.assumeRole(b -> b.roleArn(LONG).roleSessionName("direct").durationSeconds(7200))
                .credentials()).isNotNull();
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("too-long").durationSeconds(7200)),
                400, "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    @Test
    void signedRequest_afterFakeClockPassesExpiration_failsWithExpiredToken() {
        Credentials c = userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("expiring").durationSeconds(900))
                .credentials();
        try (StsClient role = client(session(c))) {
            assertThat(role.getCallerIdentity().arn()).endsWith("/expiring");

            clock.advance(Duration.ofSeconds(901));

            assertError(role::getCallerIdentity, 403, "ExpiredToken",
                    "The security token included in the request is expired");
        }
    }

    @Test
    void sigV4_wrongSecretUnknownKeyAndBadToken_areRejected() {
        try (StsClient wrongSecret = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(USER_KEY, "not-the-secret")))) {
            assertError(wrongSecret::getCallerIdentity, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.");
        }
        try (StsClient unknown = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIATESTUNKNOWN01", USER_SECRET)))) {
            assertError(unknown::getCallerIdentity, 403, "InvalidClientTokenId",
                    "The security token included in the request is invalid");
        }
        Credentials c = userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("tok")).credentials();
        try (StsClient badToken = client(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), "FakeOtherToken")))) {
            assertError(badToken::getCallerIdentity, 403, "InvalidClientTokenId", "is invalid");
        }
    }

    @Test
    void sigV4_clockSkewTwentyMinutes_signatureExpiredUnlessSdkCorrectsFromDateHeader() {
        clock.advance(Duration.ofMinutes(20));
        // Own clients: the SDK keeps a per-client (and a JVM-wide) clock offset learnt from skew errors.
        try (StsClient noRetry = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(USER_KEY, USER_SECRET)))) {
            assertError(noRetry::getCallerIdentity, 403, "SignatureDoesNotMatch", "Signature expired: ");
        }
        // The SDK's standard retry reads the Date header of the error and corrects its clock offset.
        try (StsClient retrying = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(USER_KEY, USER_SECRET)), o -> { })) {
            assertThat(retrying.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
        }
    }

    @Test
    void assumeRole_mfaRole_requiresValidUnusedCode() {
        assertError(() -> userClient.assumeRole(b -> b.roleArn(MFA).roleSessionName("mfa-session")), 403, "AccessDenied",
                "is not authorized to perform: sts:AssumeRole on resource: " + MFA);
        assertError(() -> userClient.assumeRole(b -> b.roleArn(MFA).roleSessionName("mfa-session").serialNumber(MFA_SERIAL)
                .tokenCode("000000")), 403, "AccessDenied", "MultiFactorAuthentication failed");

        AssumeRoleRequest valid = AssumeRoleRequest.builder().roleArn(MFA).roleSessionName("mfa-session")
                .serialNumber(MFA_SERIAL).tokenCode("123456").build();
        assertThat(userClient.assumeRole(valid).credentials()).isNotNull();

        assertError(() -> userClient.assumeRole(valid), 403, "AccessDenied", "MultiFactorAuthentication failed");
    }

    @Test
    void assumeRole_externalIdRole_requiresTheExternalId() {
        assertError(() -> userClient.assumeRole(b -> b.roleArn(EXTERNAL).roleSessionName("partner")), 403, "AccessDenied",
                "User: arn:aws:iam::" + ACCOUNT + ":user/alice is not authorized to perform: sts:AssumeRole");
        assertError(() -> userClient.assumeRole(b -> b.roleArn(EXTERNAL).roleSessionName("partner").externalId("wrong-id")),
                403, "AccessDenied", "sts:AssumeRole");
        assertThat(userClient.assumeRole(b -> b.roleArn(EXTERNAL).roleSessionName("partner").externalId("partner-ext-1"))
                .credentials()).isNotNull();
    }

    @Test
    void assumeRole_invalidParameters_validationErrorsAsSts() {
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("a:b")), 400, "ValidationError",
                "1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("x").durationSeconds(600)), 400,
                "ValidationError", "2 validation errors detected: ");
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("ok").policy("{not json")), 400,
                "MalformedPolicyDocument", "Syntax errors in policy.");
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("ok")
                        .tags(Tag.builder().key("A").value("1").build()).transitiveTagKeys("B")), 400,
                "InvalidParameterValue", "transitive tag key");
        assertError(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("ok")
                        .policy(randomPolicy(2000))), 400, "PackedPolicyTooLarge", "% of allotted space");
        assertError(() -> userClient.assumeRole(b -> b.roleArn("arn:aws:iam::" + ACCOUNT + ":role/none")
                .roleSessionName("ok")), 403, "AccessDenied", "role/none");
    }

    private static String randomPolicy(int length) {
        StringBuilder sb = new StringBuilder("{\"Statement\":[],\"Sid\":\"");
        java.util.Random random = new java.util.Random(7);
        while (sb.length() < length - 2) {
            sb.append("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(62)));
        }
        return sb.append("\"}").toString();
    }

    @Test
    void assumeRoleWithWebIdentity_trustedIssuer_issuesCredentials() {
        String jwt = issuer.mint("user-42", "sts.amazonaws.com", clock.instant(), Duration.ofMinutes(10), Map.of());
        try (StsClient anonymous = client(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, "x")))) {
            AssumeRoleWithWebIdentityResponse r = anonymous.assumeRoleWithWebIdentity(b -> b.roleArn(WEB)
                    .roleSessionName("web-session").webIdentityToken(jwt));

            assertThat(r.subjectFromWebIdentityToken()).isEqualTo("user-42");
            assertThat(r.audience()).isEqualTo("sts.amazonaws.com");
            assertThat(r.provider()).isEqualTo("oidc.example.test");
            assertThat(r.assumedRoleUser().arn()).endsWith(":assumed-role/web/web-session");
            try (StsClient web = client(session(r.credentials()))) {
                assertThat(web.getCallerIdentity().arn()).isEqualTo(r.assumedRoleUser().arn());
            }
            assertThat(sts.journal("AssumeRoleWithWebIdentity").get(0).header("Authorization")).isEmpty();
        }
    }

    @Test
    void assumeRoleWithWebIdentity_badTokens_errorsAsSts() {
        String expired = issuer.mint("u", "sts.amazonaws.com", clock.instant().minusSeconds(3600),
                Duration.ofMinutes(10), Map.of());
        assertError(() -> userClient.assumeRoleWithWebIdentity(b -> b.roleArn(WEB).roleSessionName("web")
                .webIdentityToken(expired)), 400, "ExpiredTokenException", "Token expired: current date/time");
        assertThatThrownBy(() -> userClient.assumeRoleWithWebIdentity(b -> b.roleArn(WEB).roleSessionName("web")
                .webIdentityToken(expired))).isInstanceOf(ExpiredTokenException.class);

        OidcIssuer impostor = OidcIssuer.create(issuer.issuer(), "RS256", issuer.keyId());
        String forged = impostor.mint("u", "sts.amazonaws.com", clock.instant(), Duration.ofMinutes(10), Map.of());
        assertError(() -> userClient.assumeRoleWithWebIdentity(b -> b.roleArn(WEB).roleSessionName("web")
                .webIdentityToken(forged)), 400, "InvalidIdentityToken", "oidc.example.test");
        assertError(() -> userClient.assumeRoleWithWebIdentity(b -> b.roleArn(WEB).roleSessionName("web")
                .webIdentityToken("not-a-jwt")), 400, "InvalidIdentityToken", "not a valid JWT");

        String otherAudience = issuer.mint("u", "someone-else", clock.instant(), Duration.ofMinutes(10), Map.of());
        assertError(() -> userClient.assumeRoleWithWebIdentity(b -> b.roleArn(WEB).roleSessionName("web")
                .webIdentityToken(otherAudience)), 403, "AccessDenied",
                "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void getSessionToken_userKeys_issuesUserSession() {
        GetSessionTokenResponse r = userClient.getSessionToken(b -> b.durationSeconds(1800));

        assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
        assertThat(sts.registry().find(r.credentials().accessKeyId()).orElseThrow().kind())
                .isEqualTo(IssuedCredentials.Kind.USER_SESSION);
        try (StsClient userSession = client(session(r.credentials()))) {
            assertThat(userSession.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/alice");
            assertError(() -> userSession.getSessionToken(), 403, "AccessDenied",
                    "Cannot call GetSessionToken with session credentials");
        }
    }

    @Test
    void stsAssumeRoleCredentialsProvider_ofTheSdk_resolvesFromTheFake() {
        try (StsAssumeRoleCredentialsProvider provider = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(userClient)
                .refreshRequest(b -> b.roleArn(DEMO).roleSessionName("sdk-provider"))
                .build()) {
            AwsCredentials credentials = provider.resolveCredentials();

            assertThat(credentials.accessKeyId()).startsWith("ASIAFAKE");
            assertThat(credentials.expirationTime()).isPresent();
            try (StsClient role = client(StaticCredentialsProvider.create(credentials))) {
                assertThat(role.getCallerIdentity().arn()).endsWith(":assumed-role/demo/sdk-provider");
            }
        }
    }

    @Test
    void faults_throttleAndStatuses_areParsedAsStsErrors() {
        sts.inject(Fault.throttle().onOperation("GetCallerIdentity").times(1));
        assertError(userClient::getCallerIdentity, 400, "Throttling", "Rate exceeded");
        sts.inject(Fault.status(500).onOperation("GetCallerIdentity").times(1));
        assertError(userClient::getCallerIdentity, 500, "InternalFailure", "");
        sts.inject(Fault.status(503).onOperation("GetCallerIdentity").times(1));
        assertError(userClient::getCallerIdentity, 503, "ServiceUnavailable", "");
        sts.inject(FakeSts.errorFault(400, "IDPCommunicationError", "The identity provider could not be reached.")
                .onOperation("GetCallerIdentity").times(1));
        assertError(userClient::getCallerIdentity, 400, "IDPCommunicationError", "could not be reached");

        sts.inject(Fault.throttle().onOperation("AssumeRole").times(2));
        try (StsClient retrying = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(USER_KEY, USER_SECRET)), o -> { })) {
            int before = sts.journal("AssumeRole").size();
            assertThat(retrying.assumeRole(b -> b.roleArn(DEMO).roleSessionName("retried")).credentials()).isNotNull();
            assertThat(sts.journal("AssumeRole")).hasSize(before + 3);
        }
    }

    @Test
    void disableRegion_signedInThatRegion_regionDisabledException() {
        sts.disableRegion("us-east-1");

        assertError(userClient::getCallerIdentity, 403, "RegionDisabledException",
                "STS is not activated in this region for account:" + ACCOUNT);
    }

    @Test
    void malformedBody_failsTheSdkParse() {
        sts.inject(Fault.malformedBody().onOperation("AssumeRole").times(1));

        assertThatThrownBy(() -> userClient.assumeRole(b -> b.roleArn(DEMO).roleSessionName("mfa-session")))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }

    @Test
    void journal_recordsOperationsByAction() {
        userClient.getCallerIdentity();

        List<RecordedRequest> calls = sts.journal("GetCallerIdentity");
        RecordedRequest last = calls.get(calls.size() - 1);
        assertThat(last.method()).isEqualTo("POST");
        assertThat(last.param("Version")).contains("2011-06-15");
        assertThat(URI.create(sts.url()).getPort()).isEqualTo(sts.port());
    }
}
