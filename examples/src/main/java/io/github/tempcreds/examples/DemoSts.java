package io.github.tempcreds.examples;

import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The STS part of the demo: a two-hop role chain whose source is the instance role from IMDS, checked
 * with {@code GetCallerIdentity}, and web identity with a token file that rotates between refreshes.
 */
final class DemoSts {
    static final String READER = "arn:aws:iam::123456789012:role/demo-reader";
    static final String ADMIN = "arn:aws:iam::123456789012:role/demo-admin";
    static final String WEB = "arn:aws:iam::123456789012:role/demo-web";
    static final String AUDIENCE = "sts.amazonaws.com";

    private final DemoRun run;
    private final FakeImds imds;
    private final RefreshableCredentialsProvider instanceRole;
    private FakeSts sts;

    DemoSts(DemoRun run, FakeImds imds, RefreshableCredentialsProvider instanceRole) {
        this.run = run;
        this.imds = imds;
        this.instanceRole = instanceRole;
    }

    void run() {
        OidcIssuer cluster = OidcIssuer.create("https://oidc.eks.us-east-1.amazonaws.com/id/DEMO", "RS256");
        String instanceRoleArn = imds.roleArn().orElseThrow();
        sts = run.manage(FakeSts.builder().clock(run.clock()).registry(run.registry())
                .role(RoleSpec.builder(READER).trustPrincipal(instanceRoleArn).build())
                .role(RoleSpec.builder(ADMIN).trustPrincipal(READER).build())
                .role(RoleSpec.builder(WEB).trustWebIdentity(cluster.issuer(), AUDIENCE).build())
                .trustIssuer(cluster).build().start());
        roleChain();
        webIdentity(cluster);
    }

    private void roleChain() {
        run.section("role-chain", "Two-hop role chain (RoleChainCredentialsProvider): instance role -> demo-reader"
                + " -> demo-admin", "Each hop is signed with the previous hop's credentials (the fake STS checks"
                + " SigV4); chained sessions are capped at 1 hour.");
        RefreshTracker tracker = new RefreshTracker();
        RoleChainCredentialsProvider chain = run.manage(RoleChainCredentialsProvider.builder().source(instanceRole)
                .addHop(READER).addHop(ADMIN).endpoint(sts.uri()).region(DemoClients.REGION.id())
                .environment(run.environment()).addListener(tracker).build());
        run.resolve("first call", "role-chain", chain, tracker, imds, sts);
        callerIdentity(chain);
        run.clock().advance(Duration.ofMinutes(50));
        run.resolve("50 min later: advisory window", "role-chain", chain, tracker, imds, sts);
        run.resolve("next call", "role-chain", chain, tracker, imds, sts);
    }

    private void callerIdentity(RoleChainCredentialsProvider chain) {
        var before = run.journalSizes(sts);
        long t0 = System.nanoTime();
        try (StsClient client = DemoClients.sts(sts.uri(), chain, run.clock())) {
            String arn = client.getCallerIdentity().arn();
            run.info("GetCallerIdentity with the chain", "sts", Duration.ofNanos(System.nanoTime() - t0),
                    run.upstreamSince(before), "the caller is " + arn);
        }
    }

    private void webIdentity(OidcIssuer cluster) {
        run.section("web-identity", "Web identity (WebIdentityCredentialsProvider), token file as EKS IRSA mounts it",
                "The token file is read again on every refresh, so a rotated token is the one sent.");
        Path tokenFile = run.home().resolve("eks-token");
        writeToken(cluster, tokenFile, "system:serviceaccount:demo:app");
        RefreshTracker tracker = new RefreshTracker();
        WebIdentityCredentialsProvider web = run.manage(WebIdentityCredentialsProvider.builder().roleArn(WEB)
                .webIdentityTokenFile(tokenFile).endpoint(sts.uri()).region(DemoClients.REGION.id())
                .environment(run.environment()).addListener(tracker).build());
        run.resolve("first call", "web-identity", web, tracker, sts);
        run.clock().advance(Duration.ofMinutes(50));
        writeToken(cluster, tokenFile, "system:serviceaccount:demo:app");
        run.note("the kubelet rotated the token file");
        run.resolve("50 min later: advisory window", "web-identity", web, tracker, sts);
        run.resolve("next call", "web-identity", web, tracker, sts);
    }

    private void writeToken(OidcIssuer issuer, Path file, String subject) {
        String token = issuer.mint(subject, AUDIENCE, run.clock().instant(), Duration.ofHours(1), Map.of());
        try {
            Files.writeString(file, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
