package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.cognitoidentity.model.GetOpenIdTokenForDeveloperIdentityResponse;
import software.amazon.awssdk.services.cognitoidentity.model.GetOpenIdTokenResponse;
import software.amazon.awssdk.services.cognitoidentity.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentity.model.InvalidIdentityPoolConfigurationException;
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentity.model.TooManyRequestsException;

/** The real SDK v2 {@code CognitoIdentityClient} against the fake: every answer and every error parses. */
class FakeCognitoIdentitySdkIT {
    private static final String ACCOUNT = "123456789012";
    private static final String AUTH = "arn:aws:iam::" + ACCOUNT + ":role/Auth";
    private static final String GUEST = "arn:aws:iam::" + ACCOUNT + ":role/Guest";
    private static final String GOLD = "arn:aws:iam::" + ACCOUNT + ":role/Gold";
    private static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":role/Admin";
    private static final OidcIssuer USER_POOL =
            OidcIssuer.create("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test", "RS256");
    private static final OidcIssuer OTHER = OidcIssuer.create("https://accounts.example.test", "RS256");
    private static final String UP = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CredentialRegistry registry = CredentialRegistry.create(ACCOUNT, new Random(3));
    private FakeCognitoIdentity cognito;
    private CognitoIdentityClient client;
    private String poolId;

    @BeforeEach
    void start() {
        cognito = FakeCognitoIdentity.builder().clock(clock).registry(registry).build().start();
        poolId = cognito.pool(FakeCognitoIdentity.PoolSpec.builder()
                .authenticatedRoleArn(AUTH).unauthenticatedRoleArn(GUEST).allowUnauthenticated(true)
                .allowClassicFlow(true).identityProvider(USER_POOL).developerProviderName("login.example")
                .build());
        client = client(AnonymousCredentialsProvider.create());
    }

    private CognitoIdentityClient client(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider creds) {
        return CognitoIdentityClient.builder().endpointOverride(cognito.uri()).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create())
                .authSchemeProvider(signingWithFakeClock())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterEach
    void stop() {
        client.close();
        cognito.close();
    }

    private String idToken(String sub, Map<String, Object> claims) {
        return USER_POOL.mint(sub, "client-1", clock.instant(), Duration.ofHours(1), claims);
    }

    private Credentials credentials(String identityId, Map<String, String> logins, String customRole) {
        return client.getCredentialsForIdentity(r -> r.identityId(identityId).logins(logins).customRoleArn(customRole))
                .credentials();
    }

    private String roleOf(Credentials c) {
        return registry.find(c.accessKeyId()).orElseThrow().principalArn();
    }

    @Test
    void guestFlow_sdkParsesNumericExpirationAndSecretKey() {
        String id = client.getId(r -> r.identityPoolId(poolId)).identityId();
        Credentials c = credentials(id, Map.of(), null);
        assertThat(c.expiration()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(c.secretKey()).startsWith("FakeSecret");
        assertThat(c.sessionToken()).startsWith("FakeSessionToken");
        assertThat(roleOf(c)).endsWith(":assumed-role/Guest/CognitoIdentityCredentials");
    }

    @Test
    void authenticated_sameSubject_stableIdentityAndAuthRole() {
        Map<String, String> logins = Map.of(UP, idToken("alice", Map.of()));
        String a = client.getId(r -> r.identityPoolId(poolId).logins(logins)).identityId();
        String b = client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, idToken("alice", Map.of()))))
                .identityId();
        String other = client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, idToken("bob", Map.of()))))
                .identityId();
        assertThat(a).isEqualTo(b).isNotEqualTo(other);
        assertThat(roleOf(credentials(a, logins, null))).contains(":assumed-role/Auth/");
    }

    @Test
    void authenticatedIdentity_withoutLogins_notAuthorized() {
        String id = client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, idToken("alice", Map.of()))))
                .identityId();
        assertThatThrownBy(() -> credentials(id, Map.of(), null)).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Access to Identity '" + id + "' is forbidden.");
    }

    @Test
    void customRole_inTokenRoles_granted_otherwiseNotAuthorized() {
        Map<String, String> logins = Map.of(UP, idToken("alice", Map.of("cognito:roles", List.of(AUTH, ADMIN))));
        String id = client.getId(r -> r.identityPoolId(poolId).logins(logins)).identityId();
        assertThat(roleOf(credentials(id, logins, ADMIN))).contains(":assumed-role/Admin/");
        assertThatThrownBy(() -> credentials(id, logins, GOLD)).isInstanceOf(NotAuthorizedException.class);
    }

    @Test
    void rulesMapping_claimRuleChoosesRole_ambiguousDenied() {
        String pool = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().authenticatedRoleArn(AUTH)
                .identityProvider(USER_POOL)
                .roleMapping(UP, CognitoRoleMapping.rules(CognitoRoleMapping.Ambiguous.DENY,
                        CognitoRoleMapping.Rule.equals("custom:tier", "gold", GOLD),
                        CognitoRoleMapping.Rule.contains("cognito:groups", "admins", ADMIN)))
                .build());
        Map<String, String> gold = Map.of(UP, idToken("g", Map.of("custom:tier", "gold")));
        String goldId = client.getId(r -> r.identityPoolId(pool).logins(gold)).identityId();
        assertThat(roleOf(credentials(goldId, gold, null))).contains(":assumed-role/Gold/");
        Map<String, String> admin = Map.of(UP, idToken("a", Map.of("cognito:groups", List.of("users", "admins"))));
        String adminId = client.getId(r -> r.identityPoolId(pool).logins(admin)).identityId();
        assertThat(roleOf(credentials(adminId, admin, null))).contains(":assumed-role/Admin/");
        Map<String, String> none = Map.of(UP, idToken("n", Map.of("custom:tier", "silver")));
        String noneId = client.getId(r -> r.identityPoolId(pool).logins(none)).identityId();
        assertThatThrownBy(() -> credentials(noneId, none, null)).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("The ambiguous role mapping rules for: " + UP + " denied this request.");
    }

    @Test
    void tokenMapping_preferredRoleOrAuthenticatedRoleWhenAmbiguous() {
        String pool = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().authenticatedRoleArn(AUTH)
                .identityProvider(USER_POOL)
                .roleMapping(UP, CognitoRoleMapping.token(CognitoRoleMapping.Ambiguous.AUTHENTICATED_ROLE)).build());
        Map<String, String> pref = Map.of(UP, idToken("p", Map.of("cognito:roles", List.of(GOLD, ADMIN),
                "cognito:preferred_role", GOLD)));
        String pId = client.getId(r -> r.identityPoolId(pool).logins(pref)).identityId();
        assertThat(roleOf(credentials(pId, pref, null))).contains(":assumed-role/Gold/");
        Map<String, String> two = Map.of(UP, idToken("t", Map.of("cognito:roles", List.of(GOLD, ADMIN))));
        String tId = client.getId(r -> r.identityPoolId(pool).logins(two)).identityId();
        assertThat(roleOf(credentials(tId, two, null))).contains(":assumed-role/Auth/");
    }

    @Test
    void logins_unknownProviderWrongIssuerBadSignatureExpired_notAuthorizedWithCognitoTexts() {
        String otherToken = OTHER.mint("x", "a", clock.instant(), Duration.ofHours(1), Map.of());
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId).logins(Map.of("accounts.example.test",
                otherToken)))).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Token is not from a supported provider of this identity pool.");
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, otherToken))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid login token. Issuer doesn't match providerName");
        String token = idToken("alice", Map.of());
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, tampered))))
                .isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Invalid login token. Couldn't verify signed token.");
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId).logins(Map.of(UP, token))))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Invalid login token. Token expired");
    }

    @Test
    void guestsDisabled_notAuthorized() {
        String pool = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().authenticatedRoleArn(AUTH).build());
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(pool))).isInstanceOf(NotAuthorizedException.class)
                .hasMessageContaining("Unauthenticated access is not supported for this identity pool.");
    }

    @Test
    void deletedIdentity_resourceNotFound() {
        String id = client.getId(r -> r.identityPoolId(poolId)).identityId();
        assertThat(cognito.deleteIdentity(id)).isTrue();
        assertThatThrownBy(() -> credentials(id, Map.of(), null)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Identity '" + id + "' not found.");
    }

    @Test
    void noAuthenticatedRole_invalidIdentityPoolConfiguration() {
        String pool = cognito.pool(FakeCognitoIdentity.PoolSpec.builder().identityProvider(USER_POOL).build());
        Map<String, String> logins = Map.of(UP, idToken("alice", Map.of()));
        String id = client.getId(r -> r.identityPoolId(pool).logins(logins)).identityId();
        assertThatThrownBy(() -> credentials(id, logins, null))
                .isInstanceOf(InvalidIdentityPoolConfigurationException.class);
    }

    @Test
    void faults_throttleAndInternalError_parsedAsModeledExceptions() {
        cognito.inject(Fault.throttle().times(1));
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId)))
                .isInstanceOf(TooManyRequestsException.class)
                .satisfies(e -> assertThat(((TooManyRequestsException) e).isThrottlingException()).isTrue());
        cognito.inject(Fault.status(500).times(1));
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId))).isInstanceOf(InternalErrorException.class);
        cognito.inject(Fault.malformedBody().times(1));
        assertThatThrownBy(() -> client.getId(r -> r.identityPoolId(poolId)))
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class);
    }

    @Test
    void getOpenIdToken_rs512JwtForIdentity_verifiableByOpenIdIssuer() {
        Map<String, String> logins = Map.of(UP, idToken("alice", Map.of()));
        String id = client.getId(r -> r.identityPoolId(poolId).logins(logins)).identityId();
        GetOpenIdTokenResponse r = client.getOpenIdToken(b -> b.identityId(id).logins(logins));
        OidcIssuer.VerifiedToken t = cognito.openIdIssuer().verify(r.token(), clock.instant()).orElseThrow();
        assertThat(t.issuer()).isEqualTo("https://cognito-identity.amazonaws.com");
        assertThat(t.subject()).isEqualTo(id);
        assertThat(t.audience()).isEqualTo(poolId);
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(t.stringListClaim("amr")).startsWith("authenticated", UP);
        assertThat(cognito.openIdIssuer().algorithm()).isEqualTo("RS512");
    }

    @Test
    void developerIdentity_signedWithKnownKey_tokenUsableAsLogin() {
        registry.seedUserKey("AKIAFAKEBACKEND0001", "testsecret", "backend");
        try (CognitoIdentityClient signed = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEBACKEND0001", "testsecret")))) {
            GetOpenIdTokenForDeveloperIdentityResponse r = signed.getOpenIdTokenForDeveloperIdentity(b -> b
                    .identityPoolId(poolId).logins(Map.of("login.example", "user-42")).tokenDuration(600L));
            GetOpenIdTokenForDeveloperIdentityResponse again = signed.getOpenIdTokenForDeveloperIdentity(b -> b
                    .identityPoolId(poolId).logins(Map.of("login.example", "user-42")));
            assertThat(again.identityId()).isEqualTo(r.identityId());
            Credentials c = credentials(r.identityId(), Map.of(FakeCognitoIdentity.OPEN_ID_PROVIDER, r.token()), null);
            assertThat(roleOf(c)).contains(":assumed-role/Auth/");
            assertThat(cognito.identityOf(c.accessKeyId())).contains(r.identityId());
        }
        try (CognitoIdentityClient wrongSecret = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEBACKEND0001", "notthesecret")))) {
            assertThatThrownBy(() -> wrongSecret.getOpenIdTokenForDeveloperIdentity(b -> b.identityPoolId(poolId)
                    .logins(Map.of("login.example", "user-42"))))
                    .satisfies(e -> assertThat(((software.amazon.awssdk.awscore.exception.AwsServiceException) e)
                            .awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
        try (CognitoIdentityClient unknown = client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEUNKNOWN0001", "testsecret")))) {
            assertThatThrownBy(() -> unknown.getOpenIdTokenForDeveloperIdentity(b -> b.identityPoolId(poolId)
                    .logins(Map.of("login.example", "user-42"))))
                    .hasMessageContaining("The security token included in the request is invalid.")
                    .satisfies(e -> assertThat(((software.amazon.awssdk.awscore.exception.AwsServiceException) e)
                            .awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    /** Signs with the fake clock, so the fake's 15-minute skew check agrees with the signature date. */
    private software.amazon.awssdk.services.cognitoidentity.auth.scheme.CognitoIdentityAuthSchemeProvider signingWithFakeClock() {
        var defaults = software.amazon.awssdk.services.cognitoidentity.auth.scheme.CognitoIdentityAuthSchemeProvider
                .defaultProvider();
        return params -> defaults.resolveAuthScheme(params).stream()
                .map(o -> o.toBuilder().putSignerProperty(
                        software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock).build())
                .collect(java.util.stream.Collectors.toList());
    }
}
