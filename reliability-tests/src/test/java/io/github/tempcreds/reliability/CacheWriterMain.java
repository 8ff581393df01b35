package io.github.tempcreds.reliability;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * The child JVM of {@link CacheFileKillIT}: an SSO provider whose access token is always inside its refresh
 * window, so every load refreshes the token and rewrites the token cache file through the provider's public
 * path. Prints {@code wrote N} after each load; runs until killed.
 */
public final class CacheWriterMain {
    private CacheWriterMain() {
    }

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        FakeSso sso = FakeSso.builder().clock(clock).accessTokenTtl(Duration.ofMinutes(10)).build().start();
        FakeSso.Session s = sso.seedSession(Duration.ofMinutes(10));
        s.account("123456789012", "ReadOnly");
        // A big extra field makes each write take long enough to be killed in the middle of it.
        s.cacheEntry().extra("padding", "x".repeat(256 * 1024)).writeTo(home, "kill");
        SsoClient portal = SsoClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        SsoOidcClient oidc = SsoOidcClient.builder().endpointOverride(sso.uri()).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        SsoSessionCredentialsProvider p = SsoSessionCredentialsProvider.builder().ssoSession("kill")
                .startUrl(sso.startUrl()).ssoRegion("us-east-1").accountId("123456789012").roleName("ReadOnly")
                .ssoClient(portal).oidcClient(oidc)
                .environment(TempcredsEnvironment.builder().clock(clock).homeDirectory(home).build()).build();
        for (long n = 1; ; n++) {
            AwsCredentials c = p.resolveCredentials();
            System.out.println("wrote " + n);
            System.out.flush();
            clock.advance(Duration.ofMinutes(1));
            p.invalidate(c.accessKeyId());
        }
    }
}
