package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.testkit.internal.cognito.CognitoJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire shapes of the fake Cognito, read with a plain HTTP client. */
class FakeCognitoIdentityTest {
    private static final String GUEST_ROLE = "arn:aws:iam::123456789012:role/Guest";
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CredentialRegistry registry = CredentialRegistry.create("123456789012", new Random(7));
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeCognitoIdentity cognito;
    private String poolId;

    @BeforeEach
    void start() {
        cognito = FakeCognitoIdentity.builder().clock(clock).registry(registry).random(new Random(1)).build().start();
        poolId = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().unauthenticatedRoleArn(GUEST_ROLE)
                .allowUnauthenticated(true).build());
    }

    @AfterEach
    void stop() {
        cognito.close();
    }

    private HttpResponse<String> call(String op, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cognito.url()))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityService." + op)
                .POST(HttpRequest.BodyPublishers.ofString(CognitoJson.write(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getCredentialsForIdentity_guest_numericEpochSecondsAndSecretKeyField() throws Exception {
        HttpResponse<String> id = call("GetId", Map.of("IdentityPoolId", poolId));
        assertThat(id.statusCode()).isEqualTo(200);
        assertThat(id.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.1");
        String identityId = (String) CognitoJson.parse(id.body()).get("IdentityId");
        assertThat(identityId).matches("us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

        HttpResponse<String> r = call("GetCredentialsForIdentity", Map.of("IdentityId", identityId));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"Expiration\":1.7672292E9").contains("\"SecretKey\":\"FakeSecret")
                .doesNotContain("SecretAccessKey");
        Map<?, ?> creds = (Map<?, ?>) CognitoJson.parse(r.body()).get("Credentials");
        IssuedCredentials issued = registry.find((String) creds.get("AccessKeyId")).orElseThrow();
        assertThat(issued.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Guest/CognitoIdentityCredentials");
        assertThat(issued.expiration()).contains(clock.instant().plus(Duration.ofHours(1)));
        assertThat(cognito.identityOf(issued.accessKeyId())).contains(identityId);
        assertThat(cognito.journal("GetCredentialsForIdentity")).hasSize(1);
    }

    @Test
    void getId_guestTwice_newIdentityEachTime() throws Exception {
        String a = (String) CognitoJson.parse(call("GetId", Map.of("IdentityPoolId", poolId)).body()).get("IdentityId");
        String b = (String) CognitoJson.parse(call("GetId", Map.of("IdentityPoolId", poolId)).body()).get("IdentityId");
        assertThat(a).isNotEqualTo(b);
        assertThat(cognito.identities(poolId)).containsExactly(a, b);
    }

    @Test
    void error_unknownPool_typeInBodyAndHeaders() throws Exception {
        HttpResponse<String> r = call("GetId", Map.of("IdentityPoolId", "us-east-1:00000000-0000-0000-0000-000000000000"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(CognitoJson.parse(r.body())).containsEntry("__type", "ResourceNotFoundException")
                .containsEntry("message", "IdentityPool 'us-east-1:00000000-0000-0000-0000-000000000000' not found.");
        assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException:");
        assertThat(r.headers().firstValue("x-amzn-ErrorMessage")).isPresent();
    }

    @Test
    void error_badIdentityId_validationException() throws Exception {
        HttpResponse<String> r = call("GetCredentialsForIdentity", Map.of("IdentityId", ""));
        assertThat(CognitoJson.parse(r.body())).containsEntry("__type", "ValidationException");
        assertThat((String) CognitoJson.parse(r.body()).get("message")).startsWith("1 validation error detected: Value '' at 'identityId'");
    }

    @Test
    void throttle_tooManyRequestsException() throws Exception {
        cognito.inject(Fault.throttle().times(1).onOperation("GetId"));
        HttpResponse<String> r = call("GetId", Map.of("IdentityPoolId", poolId));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(CognitoJson.parse(r.body())).containsEntry("__type", "TooManyRequestsException");
        assertThat(call("GetId", Map.of("IdentityPoolId", poolId)).statusCode()).isEqualTo(200);
    }

    @Test
    void getOpenIdTokenForDeveloperIdentity_unsigned_missingAuthenticationToken() throws Exception {
        HttpResponse<String> r = call("GetOpenIdTokenForDeveloperIdentity",
                Map.of("IdentityPoolId", poolId, "Logins", Map.of("login.example", "user-1")));
        assertThat(CognitoJson.parse(r.body())).containsEntry("__type", "MissingAuthenticationTokenException");
    }

    @Test
    void getOpenIdToken_classicFlowDisabled_invalidParameter() throws Exception {
        String id = (String) CognitoJson.parse(call("GetId", Map.of("IdentityPoolId", poolId)).body()).get("IdentityId");
        HttpResponse<String> r = call("GetOpenIdToken", Map.of("IdentityId", id));
        assertThat(CognitoJson.parse(r.body())).containsEntry("__type", "InvalidParameterException")
                .containsEntry("message", "Basic (classic) flow is not enabled, please use enhanced flow.");
    }

    @Test
    void providerName_issuerUrl_hostAndPathWithoutScheme() {
        assertThat(FakeCognitoIdentity.providerName(OidcIssuer.create("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc")))
                .isEqualTo("cognito-idp.us-east-1.amazonaws.com/us-east-1_abc");
        assertThat(FakeCognitoIdentity.providerName(OidcIssuer.create("https://accounts.example.test")))
                .isEqualTo("accounts.example.test");
    }

    @Test
    void roleRule_matchTypes_likeCognito() {
        String r = "arn:aws:iam::123456789012:role/R";
        assertThat(CognitoRoleMapping.Rule.contains("groups", "adm", r).matches(List.of("admins"))).isTrue();
        assertThat(CognitoRoleMapping.Rule.contains("groups", "adm", r).matches(List.of("admins", "x"))).isFalse();
        assertThat(CognitoRoleMapping.Rule.startsWith("email", "ann@", r).matches(List.of("ann@example.test"))).isTrue();
        assertThat(CognitoRoleMapping.Rule.notEqual("tier", "gold", r).matches(List.of())).isFalse();
        assertThat(CognitoRoleMapping.Rule.notEqual("tier", "gold", r).matches(List.of("silver"))).isTrue();
        assertThat(CognitoRoleMapping.Rule.equals("tier", "gold", r).matches(List.of("gold"))).isTrue();
    }
}
