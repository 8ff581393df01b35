package io.github.tempcreds.imds;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeImds;
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
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImdsCredentialsProvider#diagnose()} against {@link FakeImds}. */
class ImdsDiagnosisIT {
    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private FakeImds imds;
    private ImdsCredentialsProvider provider;

    @BeforeEach
    void start() {
        imds = FakeImds.builder().clock(clock).registry(CredentialRegistry.create("111122223333", new Random(5)))
                .build().start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        imds.close();
        assertThat(imds.journal()).filteredOn(r -> !r.method().equals("PUT"))
                .allSatisfy(r -> assertThat(r.header(FakeImds.TOKEN_HEADER)).isPresent());
    }

    private ImdsCredentialsProvider provider(TempcredsEnvironment.Builder env, URI endpoint, Duration readTimeout) {
        ImdsCredentialsProvider.BuilderImpl b = (ImdsCredentialsProvider.BuilderImpl) ImdsCredentialsProvider.builder()
                .environment(env.clock(clock).homeDirectory(root).build()).readTimeout(readTimeout);
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        provider = b.fileSystemRoot(root).sleeper(d -> { }).build();
        return provider;
    }

    private ImdsCredentialsProvider provider() {
        return provider(TempcredsEnvironment.builder(), imds.uri(), Duration.ofSeconds(3));
    }

    @Test
    void diagnose_healthyInstance_reportsEachStep() {
        ImdsDiagnosis d = provider().diagnose();
        assertThat(d.healthy()).isTrue();
        assertThat(d.reachable()).isTrue();
        assertThat(d.tokenObtained()).isTrue();
        assertThat(d.hopLimitSuspected()).isFalse();
        assertThat(d.roleAttached()).isTrue();
        assertThat(d.roleName()).contains("demo-role");
        assertThat(d.extendedPathAvailable()).isTrue();
        assertThat(d.accountId()).contains("111122223333");
        assertThat(d.credentialsValid()).isTrue();
        assertThat(d.credentialsExpiration()).contains(Instant.parse("2026-01-01T06:00:00Z"));
        assertThat(d.tokenTime()).isPresent();
        assertThat(d.roleTime()).isPresent();
        assertThat(d.credentialsTime()).isPresent();
        assertThat(d.findings()).isEmpty();
        assertThat(d.endpoint()).contains(imds.url());
        assertThat(d.endpointSource()).contains("the builder");
        assertThat(imds.journal()).extracting(RecordedRequest::operation)
                .containsExactly("GetToken", "ListRolesExtended", "GetCredentialsExtended");
    }

    @Test
    void diagnose_eachCall_exercisesTheTokenRequest() {
        provider().resolveCredentials();
        provider.diagnose();
        assertThat(imds.tokensIssued()).isEqualTo(2);
    }

    @Test
    void diagnose_extendedPathOff_infoFindingAndNoAccountId() {
        imds.extendedPath(false);
        ImdsDiagnosis d = provider().diagnose();
        assertThat(d.healthy()).isTrue();
        assertThat(d.extendedPathAvailable()).isFalse();
        assertThat(d.accountId()).isEmpty();
        assertThat(d.findings()).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(ImdsFinding.Severity.INFO));
    }

    @Test
    void diagnose_hopLimit_suspectedWithHintsWithinTheTimeout() throws IOException {
        imds.hopLimitExceeded(true);
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/cgroup"), "12:pids:/docker/0123abcd\n");
        long start = System.nanoTime();
        ImdsDiagnosis d = provider(TempcredsEnvironment.builder().env("ECS_CONTAINER_METADATA_URI", "http://x"),
                imds.uri(), Duration.ofMillis(300)).diagnose();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300 + 1500));
        assertThat(d.healthy()).isFalse();
        assertThat(d.reachable()).isTrue();
        assertThat(d.tokenObtained()).isFalse();
        assertThat(d.hopLimitSuspected()).isTrue();
        assertThat(d.containerHints()).containsExactly("/proc/self/cgroup names docker", "ECS_CONTAINER_METADATA_URI is set (ECS)");
        assertThat(d.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(ImdsFinding.Severity.ERROR);
            assertThat(f.summary()).isEqualTo("hop limit suspected");
            assertThat(f.fix()).contains("HttpPutResponseHopLimit", "hop-limit 2", "ECS task roles");
        });
    }

    @Test
    void diagnose_nothingListening_notReachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ImdsDiagnosis d = provider(TempcredsEnvironment.builder(), URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(1)).diagnose();
        assertThat(d.reachable()).isFalse();
        assertThat(d.hopLimitSuspected()).isFalse();
        assertThat(d.findings()).extracting(ImdsFinding::summary).containsExactly("IMDS not reachable");
    }

    @Test
    void diagnose_noRole_disabledInstance_badDocument() {
        imds.detachRole();
        ImdsDiagnosis noRole = provider().diagnose();
        assertThat(noRole.roleAttached()).isFalse();
        assertThat(noRole.tokenObtained()).isTrue();
        assertThat(noRole.findings()).extracting(ImdsFinding::summary).containsExactly("no IAM role attached");

        imds.renameRole("back-role");
        imds.credentialsError("AssumeRoleUnauthorizedAccess", "EC2 cannot assume the role back-role.");
        ImdsDiagnosis bad = provider.diagnose();
        assertThat(bad.credentialsValid()).isFalse();
        assertThat(bad.findings()).singleElement().satisfies(f -> assertThat(f.fix())
                .contains("AssumeRoleUnauthorizedAccess"));

        imds.disabled(true);
        ImdsDiagnosis off = provider.diagnose();
        assertThat(off.reachable()).isTrue();
        assertThat(off.findings()).extracting(ImdsFinding::summary).containsExactly("HTTP 403: IMDS turned off for this instance, or a proxy answering");
    }

    @Test
    void diagnose_invalidSettings_findingWithoutAnyRequest() {
        ImdsDiagnosis d = provider(TempcredsEnvironment.builder()
                .env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5"), null, Duration.ofSeconds(1)).diagnose();
        assertThat(d.endpoint()).isEmpty();
        assertThat(d.findings()).singleElement().satisfies(f -> {
            assertThat(f.summary()).isEqualTo("invalid IMDS settings");
            assertThat(f.fix()).contains("IPv5");
        });
        assertThat(imds.journal()).isEmpty();
    }

    @Test
    void diagnose_ipv6Mode_selectsImdsIpv6EndpointWithoutSendingToIt() {
        ImdsCredentialsProvider p = provider(TempcredsEnvironment.builder()
                .env("AWS_EC2_METADATA_DISABLED", "true").env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
                null, Duration.ofSeconds(1));
        ImdsDiagnosis d = p.diagnose();
        assertThat(d.endpoint()).contains("http://[fd00:ec2::254]");
        assertThat(d.endpointSource()).contains("endpoint mode IPV6");
        assertThat(d.findings()).extracting(ImdsFinding::summary).containsExactly("IMDS turned off by a setting");
    }
}
