package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** {@link ImdsCredentialsProvider} against {@link FakeImds}: every behaviour and error of issue 2. */
class ImdsCredentialsProviderIT {
    static final String EXT = "/latest/meta-data/iam/security-credentials-extended/";
    static final String LEGACY = "/latest/meta-data/iam/security-credentials/";

    @TempDir
    Path root;

    final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final List<CredentialsException> errorsSeen = new CopyOnWriteArrayList<>();
    FakeImds imds;
    ImdsCredentialsProvider provider;

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(7)))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        imds.close();
        // IMDSv1 is never spoken: every GET carried a token.
        assertThat(imds.journal()).filteredOn(r -> !r.method().equals("PUT"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).as("token on " + r).isPresent());
        for (CredentialsException e : errorsSeen) {
            assertThat(e.getMessage()).doesNotContain("FakeSecret", "FakeSessionToken", "FakeImdsToken");
        }
    }

    TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(clock).random(new Random(1)).homeDirectory(root);
    }

    ImdsCredentialsProvider.BuilderImpl builder(TempcredsEnvironment env) {
        ImdsCredentialsProvider.BuilderImpl b = (ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .endpoint(imds.uri()).environment(env).readTimeout(Duration.ofSeconds(3));
        return b.fileSystemRoot(root).sleeper(sleeps::add);
    }

    ImdsCredentialsProvider provider() {
        provider = builder(env().build()).build();
        return provider;
    }

    CredentialsException failure(ImdsCredentialsProvider p) {
        try {
            p.resolveCredentials();
        } catch (CredentialsException e) {
            errorsSeen.add(e);
            return e;
        }
        throw new AssertionError("expected a CredentialsException");
    }

    List<String> ops() {
        return imds.journal().stream().map(RecordedRequest::operation).toList();
    }

    @Test
    void resolve_extendedPath_credentialsWithAccountIdInThreeRequests() {
        AwsCredentials c = provider().resolveCredentials();
        IssuedCredentials issued = imds.currentCredentials();
        assertThat(c).isInstanceOf(AwsSessionCredentials.class);
        AwsSessionCredentials s = (AwsSessionCredentials) c;
        assertThat(s.accessKeyId()).isEqualTo(issued.accessKeyId());
        assertThat(s.secretAccessKey()).isEqualTo(issued.secretAccessKey());
        assertThat(s.sessionToken()).isEqualTo(issued.sessionToken().orElseThrow());
        assertThat(s.expirationTime()).contains(Instant.parse("2026-01-01T06:00:00Z"));
        assertThat(s.accountId()).contains("111122223333");
        assertThat(ops()).containsExactly("GetToken", "ListRolesExtended", "GetCredentialsExtended");
        assertThat(imds.journal("GetToken").get(0).header(FakeImds.TTL_HEADER)).contains("21600");
        assertThat(provider.health().isUsable()).isTrue();
    }

    @Test
    void resolve_extendedPathOff_legacyPathStickyAndNoAccountId() {
        imds.extendedPath(false);
        AwsSessionCredentials c = (AwsSessionCredentials) provider().resolveCredentials();
        assertThat(c.accountId()).isEmpty();
        assertThat(ops()).containsExactly("GetToken", "ListRolesExtended", "ListRoles", "GetCredentials");
        imds.clearJournal();
        clock.advance(Duration.ofMinutes(30));
        provider.invalidate(c.accessKeyId());
        provider.resolveCredentials();
        assertThat(ops()).containsExactly("GetCredentials");
    }

    @Test
    void refresh_steadyState_oneRequestPerRefresh() {
        AwsCredentials first = provider().resolveCredentials();
        imds.clearJournal();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(10));
            AwsCredentials c = provider.resolveCredentials();
            provider.invalidate(c.accessKeyId());
            provider.resolveCredentials();
        }
        assertThat(ops()).containsOnly("GetCredentialsExtended").hasSize(5);
        assertThat(first.accessKeyId()).isNotNull();
    }

    @Test
    void token_expiresByClock_renewedBeforeExpiry() {
        provider = builder(env().build()).tokenTtl(Duration.ofSeconds(120)).build();
        AwsCredentials c = provider.resolveCredentials();
        assertThat(imds.journal("GetToken").get(0).header(FakeImds.TTL_HEADER)).contains("120");
        clock.advance(Duration.ofSeconds(95)); // renewal point is ttl - min(5 min, ttl/4) = 90 s
        provider.invalidate(c.accessKeyId());
        provider.resolveCredentials();
        assertThat(imds.tokensIssued()).isEqualTo(2);
        assertThat(ops()).containsExactly("GetToken", "ListRolesExtended", "GetCredentialsExtended",
                "GetToken", "GetCredentialsExtended");
    }

    @Test
    void token_rejectedWith401_renewedOnceAndRequestRepeated() {
        AwsCredentials c = provider().resolveCredentials();
        imds.invalidateTokens();
        imds.clearJournal();
        provider.invalidate(c.accessKeyId());
        provider.resolveCredentials();
        assertThat(ops()).containsExactly("GetCredentialsExtended", "GetToken", "GetCredentialsExtended");
        assertThat(imds.tokensIssued()).isEqualTo(2);
    }

    @Test
    void token_401Twice_retrievalError() {
        provider().resolveCredentials();
        imds.inject(Fault.status(401).onOperation("GetCredentialsExtended"));
        imds.invalidateTokens();
        clock.advance(Duration.ofMinutes(5));
        provider.invalidate(imds.currentCredentials().accessKeyId());
        clock.advance(Duration.ofHours(6));
        CredentialsException e = failure(provider);
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("HTTP 401");
    }

    @Test
    void roleRenamed_rediscoveredOn404() {
        AwsCredentials old = provider().resolveCredentials();
        imds.renameRole("renamed-role");
        imds.clearJournal();
        provider.invalidate(old.accessKeyId());
        AwsCredentials renamed = provider.resolveCredentials();
        assertThat(renamed.accessKeyId()).isNotEqualTo(old.accessKeyId());
        assertThat(imds.journal()).extracting(RecordedRequest::path).containsExactly(
                EXT + "demo-role", EXT, EXT + "renamed-role");
    }

    @Test
    void hopLimit_tokenPutUnanswered_timeoutWithHopLimitAdviceWithinReadTimeout() throws IOException {
        imds.hopLimitExceeded(true);
        Files.createFile(root.resolve(".dockerenv"));
        provider = builder(env().env("KUBERNETES_SERVICE_HOST", "10.0.0.1").build())
                .readTimeout(Duration.ofMillis(300)).build();
        long start = System.nanoTime();
        CredentialsException e = failure(provider);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isLessThan(Duration.ofMillis(300 + 1500));
        assertThat(e).isInstanceOf(CredentialsTimeoutException.class);
        assertThat(e.getMessage()).contains("HttpPutResponseHopLimit", "hop-limit 2", "/.dockerenv exists",
                "KUBERNETES_SERVICE_HOST", "ECS task roles", "IRSA", "Pod Identity", "never falls back to IMDSv1");
        assertThat(ops()).containsExactly("GetToken"); // not retried, and never a token-less GET
        assertThat(e.source()).contains("imds");
    }

    @Test
    void connectionRefused_notFound() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        provider = ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port)).environment(env().build())).sleeper(sleeps::add).build();
        CredentialsException e = failure(provider);
        assertThat(e).isInstanceOf(CredentialsNotFoundException.class);
        assertThat(e.getMessage()).contains("not reachable", "not an EC2 instance");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void disabledInstance403_configurationErrorNamingHttpEndpoint() {
        imds.disabled(true);
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsConfigurationException.class);
        assertThat(e.getMessage()).contains("403", "HttpEndpoint", "--http-endpoint enabled");
    }

    @Test
    void noRoleAttached_notFound() {
        imds.detachRole();
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsNotFoundException.class);
        assertThat(e.getMessage()).contains("No IAM role is attached", "associate-iam-instance-profile");
    }

    @Test
    void disabledBySetting_notFoundWithoutAnyRequest() {
        provider = builder(env().env("AWS_EC2_METADATA_DISABLED", "true").build()).build();
        CredentialsException e = failure(provider);
        assertThat(e).isInstanceOf(CredentialsNotFoundException.class);
        assertThat(e.getMessage()).contains("AWS_EC2_METADATA_DISABLED");
        assertThat(imds.journal()).isEmpty();
    }

    @Test
    void malformedJson_retrievalErrorWithoutTheBody() {
        imds.inject(Fault.malformedBody().onOperation("GetCredentialsExtended"));
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("not a JSON object").doesNotContain("<not valid json");
    }

    @Test
    void incompleteDocument_retrievalErrorNamingMissingFields() {
        imds.inject(Fault.body(200, "text/plain",
                "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIATESTONLY\",\"Token\":\"testtoken-not-secret\"}")
                .onOperation("GetCredentialsExtended"));
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("missing or not a string: SecretAccessKey, Expiration")
                .doesNotContain("testtoken-not-secret");
    }

    @Test
    void codeNotSuccess_retrievalErrorQuotingCodeAndMessage() {
        imds.credentialsError("AssumeRoleUnauthorizedAccess", "EC2 cannot assume the role demo-role.");
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("Code 'AssumeRoleUnauthorizedAccess'",
                "EC2 cannot assume the role demo-role.", "trust policy");
    }

    @Test
    void expiredCredentialsServed_neverReturned() {
        imds.serveExpiredCredentials(true);
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("expired at 2025-12-31T23:55:00Z");
    }

    @Test
    void throttlingAnd5xx_retriedWithBackoff_thenSucceed() {
        imds.inject(Fault.throttle().times(2).onOperation("GetCredentialsExtended"));
        imds.inject(Fault.status(503).times(1).onOperation("GetToken"));
        provider().resolveCredentials();
        assertThat(imds.journal("GetToken")).hasSize(2);
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(3);
        assertThat(sleeps).hasSize(3).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(sleeps.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(100)); // doubled: 200 ms * [0.5, 1]
    }

    @Test
    void persistent5xx_boundedRetries_retrievalError() {
        imds.inject(Fault.status(500).onOperation("GetCredentialsExtended"));
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(e.getMessage()).contains("HTTP 500 after 4 attempt(s)");
        assertThat(imds.journal("GetCredentialsExtended")).hasSize(4);
    }

    @Test
    void extendedPathNon404Error_isFatalNotAFallback() {
        imds.inject(Fault.status(500).onOperation("ListRolesExtended"));
        CredentialsException e = failure(provider());
        assertThat(e).isInstanceOf(CredentialsRetrievalException.class);
        assertThat(ops()).doesNotContain("ListRoles", "GetCredentials");
    }

    @Test
    void insecureEndpoint_refusedAtBuildUnlessAllowed() {
        assertThatThrownBy(() -> ImdsCredentialsProvider.builder().endpoint(URI.create("http://10.1.2.3")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("allowInsecureEndpoint(true)");
        ImdsCredentialsProvider.builder().endpoint(URI.create("http://10.1.2.3")).allowInsecureEndpoint(true)
                .build().close();
    }

    @Test
    void ipv6Loopback_fakeBoundToIpv6_served() {
        Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
        try (FakeImds v6 = FakeImds.builder().clock(clock).bindAddress("::1").build().start();
             ImdsCredentialsProvider p = ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                     .endpoint(v6.uri()).environment(env().build())).sleeper(sleeps::add).build()) {
            assertThat(v6.url()).startsWith("http://[::1]:");
            assertThat(p.resolveCredentials().accessKeyId()).isEqualTo(v6.currentCredentials().accessKeyId());
        }
    }

    @Test
    void endpointFromProfileFile_used() throws IOException {
        Files.createDirectories(root.resolve(".aws"));
        Files.writeString(root.resolve(".aws/config"), "[profile imds]\nec2_metadata_service_endpoint = "
                + imds.url() + "\n");
        provider = ((ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .environment(env().env("AWS_PROFILE", "imds").build())).sleeper(sleeps::add).build();
        assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(imds.currentCredentials().accessKeyId());
    }

    @Test
    void secrets_neverInToStringOrDiagnosis() {
        AwsSessionCredentials c = (AwsSessionCredentials) provider().resolveCredentials();
        ImdsDiagnosis d = provider.diagnose();
        for (String text : List.of(provider.toString(), d.toString(), provider.health().toString(), c.toString())) {
            assertThat(text).doesNotContain(c.secretAccessKey()).doesNotContain(c.sessionToken())
                    .doesNotContain("FakeImdsToken");
        }
        assertThat(provider.toString()).contains("ImdsCredentialsProvider", imds.url(), "tokenTtl=PT6H");
    }

    @Test
    void profileSource_registeredForEc2InstanceMetadata() {
        var sources = java.util.ServiceLoader.load(io.github.tempcreds.core.profile.ProfileCredentialsSource.class);
        assertThat(sources.stream().map(p -> p.get()))
                .anySatisfy(s -> {
                    assertThat(s.name()).isEqualTo("Ec2InstanceMetadata");
                    assertThat(s.artifact()).isEqualTo("io.github.tempcreds:tempcreds-imds");
                });
    }

    static boolean ipv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
