package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The endpoints of the clients the provider creates: from the builder or the environment, over the
 * created client to the fake, and refused when plain HTTP would carry login tokens to another machine.
 */
class CognitoEndpointIT {
    private static final String REMOTE_HTTP = "http://10.20.30.40/";
    private final CognitoFixture fx = new CognitoFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(fx.clock).random(new Random(5));
    }

    @Test
    void endpointSetting_createdClientReachesTheFake() {
        String pool = fx.pool(b -> b);
        try (CognitoIdentityCredentialsProvider p = CognitoIdentityCredentialsProvider.builder().identityPoolId(pool)
                .endpoint(fx.cognito.uri()).environment(env().build()).build()) {
            AwsCredentials c = p.resolveCredentials();
            assertThat(fx.roleOf(c)).isEqualTo("Guest");
            assertThat(fx.cognito.journal("GetId")).hasSize(1);
        }
    }

    @Test
    void endpointFromTheEnvironment_readThroughTheProvidersEnvironment() {
        String pool = fx.pool(b -> b);
        TempcredsEnvironment env = env().env("AWS_ENDPOINT_URL_COGNITO_IDENTITY", fx.cognito.uri().toString()).build();
        try (CognitoIdentityCredentialsProvider p = CognitoIdentityCredentialsProvider.builder().identityPoolId(pool)
                .environment(env).build()) {
            assertThat(fx.roleOf(p.resolveCredentials())).isEqualTo("Guest");
        }
    }

    @Test
    void plainHttpToAnotherMachine_refusedAtBuild_namingWhereItCameFrom() {
        String pool = "us-east-1:00000000-0000-0000-0000-000000000000";
        TempcredsEnvironment env = env().env("AWS_ENDPOINT_URL_COGNITO_IDENTITY", REMOTE_HTTP).build();
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder().identityPoolId(pool).environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL_COGNITO_IDENTITY")
                .hasMessageContaining("clear text")
                .hasMessageContaining("allowInsecureEndpoint(true)");
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder().identityPoolId(pool)
                .endpoint(URI.create(REMOTE_HTTP)).environment(env().build()).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("setting endpoint");
        // the basic flow's STS endpoint is checked the same way
        TempcredsEnvironment stsEnv = env().env("AWS_ENDPOINT_URL_STS", REMOTE_HTTP).build();
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder().identityPoolId(pool)
                .basicFlow(CognitoFixture.GUEST).environment(stsEnv).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("AWS_ENDPOINT_URL_STS");
    }

    @Test
    void plainHttpToAnotherMachine_allowedWhenAskedFor_orIgnoredWithTheSdksSwitch_orNotOurClient() {
        String pool = "us-east-1:00000000-0000-0000-0000-000000000000";
        TempcredsEnvironment env = env().env("AWS_ENDPOINT_URL_COGNITO_IDENTITY", REMOTE_HTTP)
                .env("AWS_ENDPOINT_URL_STS", REMOTE_HTTP).build();
        CognitoIdentityCredentialsProvider.builder().identityPoolId(pool).basicFlow(CognitoFixture.GUEST)
                .allowInsecureEndpoint(true).environment(env).build().close();
        TempcredsEnvironment ignored = env().env("AWS_ENDPOINT_URL_COGNITO_IDENTITY", REMOTE_HTTP)
                .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true").build();
        CognitoIdentityCredentialsProvider.builder().identityPoolId(pool).environment(ignored).build().close();
        try (StsClient sts = StsClient.builder().region(Region.US_EAST_1).build()) {
            // injected clients are the user's: their endpoints are not ours to judge
            CognitoIdentityCredentialsProvider.builder().identityPoolId(pool).cognitoClient(fx.client)
                    .basicFlow(CognitoFixture.GUEST).stsClient(sts).environment(env).build().close();
        }
    }

    @Test
    void malformedEndpointInTheEnvironment_typedErrorNamingTheVariable() {
        TempcredsEnvironment env = env().env("AWS_ENDPOINT_URL", "http://bad host/").build();
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder()
                .identityPoolId("us-east-1:00000000-0000-0000-0000-000000000000").environment(env).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("AWS_ENDPOINT_URL is not a valid URI");
    }
}
