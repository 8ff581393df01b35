package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/** Developer-authenticated identities: a backend mints OpenID tokens for its own user ids. */
class CognitoDeveloperIdentityIT {
    private final CognitoFixture fx = new CognitoFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void resolve_developerUser_signedCallThenEnhancedFlowWithOwnToken_stableIdentityPerUser() {
        fx.registry.seedUserKey("AKIAFAKEBACKEND0001", "testsecret", "backend");
        String pool = fx.pool(b -> b.developerProviderName("login.example"));
        try (CognitoIdentityClient signed = fx.client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEBACKEND0001", "testsecret")));
             CognitoIdentityCredentialsProvider u1 = fx.provider(pool).cognitoClient(signed)
                     .developerIdentity("login.example", "user-1").build();
             CognitoIdentityCredentialsProvider u1again = fx.provider(pool).cognitoClient(signed)
                     .developerIdentity("login.example", "user-1").build();
             CognitoIdentityCredentialsProvider u2 = fx.provider(pool).cognitoClient(signed)
                     .developerIdentity("login.example", "user-2").build()) {
            AwsCredentials c1 = u1.resolveCredentials();
            assertThat(fx.roleOf(c1)).isEqualTo("Auth");
            assertThat(fx.identityOf(u1again.resolveCredentials())).isEqualTo(fx.identityOf(c1));
            assertThat(fx.identityOf(u2.resolveCredentials())).isNotEqualTo(fx.identityOf(c1));
            RecordedRequest dev = fx.cognito.journal("GetOpenIdTokenForDeveloperIdentity").get(0);
            assertThat(dev.header("Authorization")).hasValueSatisfying(a -> assertThat(a).contains("AKIAFAKEBACKEND0001"));
            assertThat(dev.bodyText()).contains("\"login.example\":\"user-1\"").contains("\"TokenDuration\":900");
            assertThat(fx.cognito.journal("GetCredentialsForIdentity").get(0).bodyText())
                    .contains(FakeCognitoIdentity.OPEN_ID_PROVIDER);
        }
    }

    @Test
    void resolve_developerUnknownBackendKey_configurationError() {
        String pool = fx.pool(b -> b.developerProviderName("login.example"));
        try (CognitoIdentityClient signed = fx.client(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAFAKEUNKNOWN0001", "testsecret")));
             CognitoIdentityCredentialsProvider p = fx.provider(pool).cognitoClient(signed)
                     .developerIdentity("login.example", "user-1").build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("UnrecognizedClientException")
                    .hasMessageContaining("developer provider login.example")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("testsecret"));
        }
    }

    @Test
    void build_developerWithoutWayToSign_namesTheSetting() {
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder()
                .identityPoolId("us-east-1:00000000-0000-0000-0000-000000000000")
                .developerIdentity("login.example", "u").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("developerCredentialsProvider");
    }
}
