package io.github.tempcreds.examples;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.sts.StsClient;

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

    /** An STS client for the fake, signing with {@code credentials}. */
    static StsClient sts(URI endpoint, AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
