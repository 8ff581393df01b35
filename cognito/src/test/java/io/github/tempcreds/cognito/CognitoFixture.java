package io.github.tempcreds.cognito;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.OidcIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;

/** A fake Cognito, a user pool issuer, one clock for both sides, and real SDK clients. */
final class CognitoFixture implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String AUTH = "arn:aws:iam::" + ACCOUNT + ":role/Auth";
    static final String GUEST = "arn:aws:iam::" + ACCOUNT + ":role/Guest";
    static final String GOLD = "arn:aws:iam::" + ACCOUNT + ":role/Gold";
    static final String ADMIN = "arn:aws:iam::" + ACCOUNT + ":role/Admin";
    static final OidcIssuer USER_POOL =
            OidcIssuer.create("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test", "RS256");
    static final String UP = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Test";

    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final CredentialRegistry registry = CredentialRegistry.create(ACCOUNT, new Random(11));
    final TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(new Random(5)).build();
    final FakeCognitoIdentity cognito;
    final CognitoIdentityClient client;

    CognitoFixture() {
        cognito = FakeCognitoIdentity.builder().clock(clock).registry(registry).build().start();
        client = client(AnonymousCredentialsProvider.create());
    }

    CognitoIdentityClient client(AwsCredentialsProvider credentials) {
        return CognitoIdentityClient.builder().endpointOverride(cognito.uri()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(ApacheHttpClient.builder().maxConnections(32).build())
                .authSchemeProvider(signingWithFakeClock())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** A pool with guests, the user pool provider and the given extras. */
    String pool(java.util.function.UnaryOperator<FakeCognitoIdentity.PoolSpecBuilder> extra) {
        return cognito.pool(extra.apply(FakeCognitoIdentity.PoolSpec.builder().authenticatedRoleArn(AUTH)
                .unauthenticatedRoleArn(GUEST).allowUnauthenticated(true).identityProvider(USER_POOL)).build());
    }

    String idToken(String subject, Map<String, Object> claims) {
        return USER_POOL.mint(subject, "client-1", clock.instant(), Duration.ofHours(1), claims);
    }

    CognitoIdentityCredentialsProvider.Builder provider(String poolId) {
        return CognitoIdentityCredentialsProvider.builder().identityPoolId(poolId).cognitoClient(client)
                .environment(env);
    }

    /** The role name the credentials were issued for, from the registry. */
    String roleOf(AwsCredentials c) {
        String arn = registry.find(c.accessKeyId()).orElseThrow().principalArn();
        return arn.split("/")[1];
    }

    /** The Cognito identity the credentials were issued to. */
    String identityOf(AwsCredentials c) {
        return cognito.identityOf(c.accessKeyId()).orElseThrow();
    }

    @Override
    public void close() {
        client.close();
        cognito.close();
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
