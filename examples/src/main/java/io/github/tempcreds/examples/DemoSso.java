package io.github.tempcreds.examples;

import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The IAM Identity Center part of the demo: a token cache as {@code aws sso login} leaves it, with an
 * access token that expires before the role credentials need refreshing; the provider refreshes the
 * token with the refresh-token grant, writes it back, and gets new role credentials, with no login.
 */
final class DemoSso {
    static final String SESSION = "demo-sso";
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "DemoDeveloper";

    private final DemoRun run;

    DemoSso(DemoRun run) {
        this.run = run;
    }

    void run() {
        FakeSso sso = run.manage(FakeSso.builder().clock(run.clock()).registry(run.registry()).build().start());
        sso.account(ACCOUNT, ROLE);
        FakeSso.Session login = sso.seedSession(Duration.ofMinutes(20));
        Path cacheFile = login.cacheEntry().writeTo(run.home(), SESSION);

        run.section("sso", "IAM Identity Center (SsoSessionCredentialsProvider), token cache of `aws sso login`",
                "The access token expires in 20 min; the role credentials outlive it. The provider refreshes the"
                        + " token (refresh_token grant) and writes it back: no new login.");
        RefreshTracker tracker = new RefreshTracker();
        SsoSessionCredentialsProvider provider = run.manage(SsoSessionCredentialsProvider.builder().ssoSession(SESSION)
                .startUrl(sso.startUrl()).ssoRegion(sso.region()).accountId(ACCOUNT).roleName(ROLE)
                .portalEndpoint(sso.uri()).oidcEndpoint(sso.uri()).environment(run.environment()).addListener(tracker)
                .build());
        String before = describe(cacheFile);
        run.resolve("first call", "sso", provider, tracker, sso);
        run.clock().advance(Duration.ofMinutes(50));
        run.note("access token expired " + DemoRun.format(Duration.between(login.accessTokenExpiresAt(),
                run.clock().instant())) + " ago");
        run.resolve("50 min later: advisory window", "sso", provider, tracker, sso);
        run.resolve("next call", "sso", provider, tracker, sso);
        run.note("token cache " + cacheFile.getFileName() + ": before " + before + "; after " + describe(cacheFile)
                + "; refresh token rotated: " + !readField(cacheFile, "refreshToken").equals(login.refreshToken()));
    }

    /** The cache file's access-token expiry and permissions; never a token. */
    private static String describe(Path file) {
        String perms;
        try {
            perms = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) : "n/a";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "expiresAt " + readField(file, "expiresAt") + " (" + perms + ")";
    }

    private static String readField(Path file, String field) {
        try {
            return JsonNode.parser().parse(Files.readString(file)).field(field).map(JsonNode::asString).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For tests: the cache file path of the demo session under a home. */
    static Path cacheFile(Path home) {
        return SsoTokenCacheFiles.cacheFile(home, SESSION);
    }
}
