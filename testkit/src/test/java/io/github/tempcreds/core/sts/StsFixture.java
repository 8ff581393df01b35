package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeSts;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** One fake account: a frozen clock, a registry with one IAM user, a started FakeSts. */
final class StsFixture implements AutoCloseable {
    static final String ACCOUNT = CredentialRegistry.DEFAULT_ACCOUNT_ID;
    static final String USER_KEY = "AKIATESTUSER0000001";
    static final String USER_SECRET = "testsecret";
    static final String USER_ARN = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern AUTH_KEY = Pattern.compile("Credential=([A-Z0-9]+)/");

    final MutableClock clock = MutableClock.at(START);
    final CredentialRegistry registry = CredentialRegistry.create(ACCOUNT, new Random(7));
    final FakeSts sts;

    StsFixture() {
        registry.seedUserKey(USER_KEY, USER_SECRET, "alice");
        sts = FakeSts.builder().clock(clock).registry(registry).build().start();
    }

    static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    StaticCredentialsProvider user() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET));
    }

    TempcredsEnvironment env(Path home) {
        return TempcredsEnvironment.builder().clock(clock).homeDirectory(home).random(new Random(1)).build();
    }

    RoleChainCredentialsProvider.Builder chain(Path home) {
        return RoleChainCredentialsProvider.builder().environment(env(home)).endpoint(sts.uri()).region("us-east-1")
                .source(user());
    }

    /** The caller ARN STS reports for these credentials. */
    String callerArn(AwsCredentials c) {
        try (StsClient client = StsClient.builder().endpointOverride(sts.uri()).region(Region.US_EAST_1)
                .authSchemeProvider(StsClients.signingWith(clock))
                .credentialsProvider(StaticCredentialsProvider.create(c)).build()) {
            return client.getCallerIdentity().arn();
        }
    }

    List<RecordedRequest> assumeRoles() {
        return sts.journal("AssumeRole");
    }

    List<String> assumedRoleArns() {
        return assumeRoles().stream().map(r -> r.param("RoleArn").orElse("?")).collect(Collectors.toList());
    }

    /** The access key id a request was signed with. */
    static String signingKey(RecordedRequest r) {
        Matcher m = AUTH_KEY.matcher(r.header("Authorization").orElse(""));
        return m.find() ? m.group(1) : null;
    }

    /** The principal the registry knows for an access key id. */
    String principalOf(String accessKeyId) {
        return registry.find(accessKeyId).map(IssuedCredentials::principalArn).orElse("unknown");
    }

    @Override
    public void close() {
        sts.close();
    }

    /** Captures System.err (where slf4j-simple writes) while running an action. */
    static String captureStderr(Runnable action) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
