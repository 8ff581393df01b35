package io.github.tempcreds.sso;

import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.internal.TokenCacheEntry;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Child-JVM entry point of {@link TwoProcessRefreshIT}: builds a provider, prints {@code ready}, waits
 * for a line on stdin, resolves credentials and prints their access key id.
 *
 * <p>Args: home, endpoint, sso-session, start URL, account id, role name.
 */
public final class TwoProcessRefreshMain {
    private TwoProcessRefreshMain() {
    }

    /** Loads the SDK's classes before "ready", so both children reach the refresh at about the same time. */
    private static void warmUp(String endpoint) {
        SsoOidcClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build().close();
        SsoClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build().close();
        TokenCacheEntry.parse("{\"accessToken\":\"x\",\"expiresAt\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8)).toJson();
    }

    public static void main(String[] args) throws Exception {
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(Clock.systemUTC())
                .homeDirectory(Path.of(args[0])).env("AWS_ENDPOINT_URL_SSO", args[1])
                .env("AWS_ENDPOINT_URL_SSO_OIDC", args[1]).build();
        try (SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().ssoSession(args[2])
                .startUrl(args[3]).ssoRegion("us-east-1").accountId(args[4]).roleName(args[5]).environment(env)
                .refreshPolicy(RefreshPolicy.builder().loadTimeout(Duration.ofSeconds(60)).build())
                .build()) {
            warmUp(args[1]);
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            try {
                AwsCredentials c = p.resolveCredentials();
                System.out.println("accessKeyId=" + c.accessKeyId());
            } catch (RuntimeException e) {
                System.out.println("error=" + e);
                System.exit(1);
            }
        }
    }
}
