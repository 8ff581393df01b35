package io.github.tempcreds.examples;

import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;

/** Real SDK clients pointed at the demo's fakes on loopback. */
final class DemoClients {
    static final Region REGION = Region.US_EAST_1;

    private DemoClients() {
    }

    /** A Cognito Identity client for the fake; its public operations need no credentials. */
    static CognitoIdentityClient cognito(URI endpoint) {
        return CognitoIdentityClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build();
    }

    /**
     * An STS client for the fake, signing with {@code credentials} at the demo clock's time (the fake STS
     * checks {@code X-Amz-Date} against that clock).
     *
     * <p>The provider is passed as a plain lambda: closing an SDK client closes the credentials provider it
     * was given, and although a tempcreds provider works again after that, it would load anew; the demo
     * counts upstream calls across several short-lived clients, so they must not reset its cache.
     */
    static StsClient sts(URI endpoint, AwsCredentialsProvider credentials, Clock clock) {
        AwsCredentialsProvider borrowed = credentials::resolveCredentials;
        StsAuthSchemeProvider defaults = StsAuthSchemeProvider.defaultProvider();
        StsAuthSchemeProvider fakeClock = params -> defaults.resolveAuthScheme(params).stream()
                .map(o -> o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build()).toList();
        return StsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(borrowed)
                .authSchemeProvider(fakeClock).httpClient(UrlConnectionHttpClient.create()).build();
    }
}
