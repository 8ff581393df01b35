package io.github.tempcreds.cognito;

import static io.github.tempcreds.cognito.CognitoFixture.AUTH;
import static io.github.tempcreds.cognito.CognitoFixture.GUEST;
import static io.github.tempcreds.cognito.CognitoFixture.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.RoleSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The basic (classic) flow: Cognito OpenID token exchanged by the fake STS. */
class CognitoBasicFlowIT {
    private final CognitoFixture fx = new CognitoFixture();
    private FakeSts sts;
    private StsClient stsClient;

    @AfterEach
    void close() {
        if (stsClient != null) {
            stsClient.close();
        }
        if (sts != null) {
            sts.close();
        }
        fx.close();
    }

    /** A fake STS whose roles trust the fake Cognito's tokens for {@code pool}. */
    private void startSts(String pool, String... roles) {
        FakeSts.Builder b = FakeSts.builder().clock(fx.clock).registry(fx.registry)
                .trustIssuer(fx.cognito.openIdIssuer());
        for (String role : roles) {
            b.role(RoleSpec.builder(role).trustWebIdentity(FakeCognitoIdentity.OPEN_ID_ISSUER, pool).build());
        }
        sts = b.build().start();
        stsClient = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @Test
    void resolve_authenticatedBasicFlow_openIdTokenExchangedForConfiguredRole_refreshes() {
        String pool = fx.pool(b -> b.allowClassicFlow(true));
        startSts(pool, AUTH);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).stsClient(stsClient).basicFlow(AUTH)
                .logins(() -> CognitoLogins.of(UP, fx.idToken("alice", Map.of()))).build()) {
            AwsCredentials c = p.resolveCredentials();
            assertThat(fx.registry.find(c.accessKeyId()).orElseThrow().principalArn())
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/Auth/tempcreds-cognito");
            assertThat(((AwsSessionCredentials) c).expirationTime()).isPresent();
            assertThat(fx.cognito.journal("GetOpenIdToken")).hasSize(1);
            assertThat(fx.cognito.journal("GetCredentialsForIdentity")).isEmpty();
            assertThat(sts.journal("AssumeRoleWithWebIdentity")).hasSize(1);
            assertThat(sts.journal("AssumeRoleWithWebIdentity").get(0).header("Authorization")).isEmpty();

            fx.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            AwsCredentials again = p.resolveCredentials();
            assertThat(again.accessKeyId()).isNotEqualTo(c.accessKeyId());
            assertThat(fx.cognito.journal("GetId")).hasSize(1);
            assertThat(fx.cognito.journal("GetOpenIdToken")).hasSize(2);
        }
    }

    @Test
    void resolve_guestBasicFlow_guestRole() {
        String pool = fx.pool(b -> b.allowClassicFlow(true));
        startSts(pool, GUEST);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).stsClient(stsClient).basicFlow(GUEST).build()) {
            assertThat(fx.roleOf(p.resolveCredentials())).isEqualTo("Guest");
        }
    }

    @Test
    void resolve_roleDoesNotTrustPool_configurationErrorAboutTrustPolicy() {
        String pool = fx.pool(b -> b.allowClassicFlow(true));
        startSts("us-east-1:00000000-0000-0000-0000-000000000000", AUTH);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).stsClient(stsClient).basicFlow(AUTH).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("AccessDenied").hasMessageContaining("trust policy");
        }
    }

    @Test
    void resolve_classicFlowDisabledOnPool_configurationError() {
        String pool = fx.pool(b -> b);
        startSts(pool, AUTH);
        try (CognitoIdentityCredentialsProvider p = fx.provider(pool).stsClient(stsClient).basicFlow(AUTH).build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("Basic (classic) flow is not enabled");
        }
    }

    @Test
    void resolve_developerIdentityBasicFlow_backendTokenExchangedBySts() {
        fx.registry.seedUserKey("AKIAFAKEBACKEND0002", "testsecret", "backend");
        String pool = fx.pool(b -> b.developerProviderName("login.example"));
        startSts(pool, AUTH);
        try (CognitoIdentityClient signed = fx.client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEBACKEND0002", "testsecret")));
             CognitoIdentityCredentialsProvider p = fx.provider(pool).cognitoClient(signed).stsClient(stsClient)
                     .basicFlow(AUTH).developerIdentity("login.example", "user-7").build()) {
            assertThat(fx.roleOf(p.resolveCredentials())).isEqualTo("Auth");
            assertThat(fx.cognito.journal("GetOpenIdTokenForDeveloperIdentity")).hasSize(1);
            assertThat(sts.journal("AssumeRoleWithWebIdentity")).hasSize(1);
        }
    }
}
