package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RoleSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * The STS side shared by the herd and role-chain harnesses: a {@link FakeSts} on a manual clock with a
 * seeded user key and two roles, and builders for our chain and the SDK's providers against it.
 */
final class StsSetup implements AutoCloseable {
    static final String USER_KEY = "AKIATESTBENCH0001";
    static final String USER_SECRET = "testsecret";
    static final String ROLE_1 = "arn:aws:iam::" + CredentialRegistry.DEFAULT_ACCOUNT_ID + ":role/bench-hop1";
    static final String ROLE_2 = "arn:aws:iam::" + CredentialRegistry.DEFAULT_ACCOUNT_ID + ":role/bench-hop2";

    final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    final FakeSts sts;

    StsSetup() {
        CredentialRegistry registry = CredentialRegistry.create();
        registry.seedUserKey(USER_KEY, USER_SECRET, "bench");
        sts = FakeSts.builder().clock(clock).registry(registry)
                .role(RoleSpec.of(ROLE_1)).role(RoleSpec.of(ROLE_2)).build().start();
    }

    static AwsCredentialsProvider userKey() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET));
    }

    int assumeRoleCalls() {
        return sts.journal("AssumeRole").size();
    }

    /** Ours: {@link RoleChainCredentialsProvider} over the given roles, on the manual clock. */
    Subject ours(List<String> roles) {
        Subject.Tracker tracker = new Subject.Tracker();
        RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder()
                .source(userKey())
                .endpoint(sts.uri())
                .region("us-east-1")
                .defaultRoleSessionName("bench")
                .environment(TempcredsEnvironment.builder().clock(clock).build())
                .addListener(tracker);
        roles.forEach(b::addHop);
        return Subject.ours("tempcreds RoleChainCredentialsProvider", b.build(), tracker);
    }

    /** The SDK: one {@link StsAssumeRoleCredentialsProvider} per role, each hop's client signed by the previous. */
    Subject sdk(List<String> roles) {
        AwsCredentialsProvider source = userKey();
        List<AutoCloseable> closeables = new java.util.ArrayList<>();
        StsAssumeRoleCredentialsProvider last = null;
        for (String role : roles) {
            StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                    .credentialsProvider(source).authSchemeProvider(SdkHooks.signingWith(clock)).build();
            last = SdkHooks.cacheClock(StsAssumeRoleCredentialsProvider.builder().stsClient(client)
                    .refreshRequest(r -> r.roleArn(role).roleSessionName("bench")).build(), clock);
            closeables.add(client);
            closeables.add(last);
            source = last;
        }
        closeables.remove(last);
        return Subject.sdk("SDK StsAssumeRoleCredentialsProvider", last, closeables.toArray(new AutoCloseable[0]));
    }

    @Override
    public void close() {
        sts.close();
        // Errors answered at a moved clock can make the SDK learn a JVM-wide clock offset; forget it.
        software.amazon.awssdk.core.SdkGlobalTime.setGlobalTimeOffset(0);
    }
}
