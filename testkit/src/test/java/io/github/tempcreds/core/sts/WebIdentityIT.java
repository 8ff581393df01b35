package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RecordedRequest;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class WebIdentityIT {
    private static final String ISSUER = "https://oidc.eks.test/id/TESTCLUSTER";
    private static final String AUDIENCE = "sts.amazonaws.com";

    @TempDir
    Path home;
    StsFixture f;
    OidcIssuer issuer;
    Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        f = new StsFixture();
        issuer = OidcIssuer.create(ISSUER);
        f.sts.trustIssuer(issuer);
        f.sts.role(RoleSpec.builder(role("Pod")).trustWebIdentity(ISSUER, AUDIENCE).build());
        f.sts.role(RoleSpec.builder(role("Next")).trustPrincipal(role("Pod"))
                .maxSessionDuration(Duration.ofHours(4)).build());
        tokenFile = home.resolve("token");
        writeToken("system:serviceaccount:default:app", Duration.ofHours(24));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private String writeToken(String subject, Duration ttl) throws IOException {
        String jwt = issuer.mint(subject, AUDIENCE, f.clock.instant(), ttl, Map.of());
        Files.writeString(tokenFile, jwt);
        return jwt;
    }

    private TempcredsEnvironment kubernetesEnv() {
        return TempcredsEnvironment.builder().clock(f.clock).homeDirectory(home).random(new Random(1))
                .env("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile.toString())
                .env("AWS_ROLE_ARN", role("Pod"))
                .env("AWS_ROLE_SESSION_NAME", "app-pod-1")
                .env("AWS_ENDPOINT_URL_STS", f.sts.url())
                .env("AWS_REGION", "us-east-1")
                .build();
    }

    private List<RecordedRequest> calls() {
        return f.sts.journal("AssumeRoleWithWebIdentity");
    }

    @Test
    void resolve_tokenFileIsFifoDeviceOrDirectory_typedErrorWithoutBlockingThenRecovers() throws Exception {
        String valid = Files.readString(tokenFile);
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            Files.delete(tokenFile);
            Process mkfifo = new ProcessBuilder("mkfifo", tokenFile.toString()).start();
            org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)
                    && mkfifo.exitValue() == 0, "mkfifo is not available here");
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(tokenFile.toString()).hasMessageContaining("not a regular file");
            assertThat(p.health().refreshInFlight()).isFalse();

            Files.delete(tokenFile);
            Files.createSymbolicLink(tokenFile, Path.of("/dev/zero"));
            f.clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("not a regular file");

            Files.delete(tokenFile);
            Files.createDirectory(tokenFile);
            f.clock.advance(Duration.ofMinutes(1));
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining("directory");
            assertThat(calls()).isEmpty();

            Files.delete(tokenFile);
            Files.writeString(tokenFile, valid);
            f.clock.advance(Duration.ofMinutes(1));
            assertThat(p.resolveCredentials().accessKeyId()).startsWith("ASIA");
            assertThat(calls()).hasSize(1);
        }
    }

    @Test
    void resolve_fromEnvironmentVariables_assumesRoleUnsigned() {
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            AwsCredentials c = p.resolveCredentials();

            assertThat(f.callerArn(c)).isEqualTo("arn:aws:sts::123456789012:assumed-role/Pod/app-pod-1");
            assertThat(calls()).hasSize(1);
            assertThat(calls().get(0).header("Authorization")).isEmpty();
            assertThat(p.isConfigured()).isTrue();
        }
    }

    @Test
    void resolve_tokenFileRotatedBetweenRefreshes_sendsNewToken() throws IOException {
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            String firstToken = Files.readString(tokenFile);
            p.resolveCredentials();
            f.clock.advance(Duration.ofMinutes(50));
            String rotated = writeToken("system:serviceaccount:default:app", Duration.ofHours(24));
            f.clock.advance(Duration.ofMinutes(9).plusSeconds(30));

            p.resolveCredentials();

            assertThat(rotated).isNotEqualTo(firstToken);
            assertThat(calls()).extracting(r -> r.param("WebIdentityToken").orElse(""))
                    .containsExactly(firstToken, rotated);
        }
    }

    @Test
    void resolve_tokenFromSupplier_askedOnEveryRefresh() throws IOException {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        String jwt = Files.readString(tokenFile);
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder()
                .environment(f.env(home)).endpoint(f.sts.uri()).roleArn(role("Pod")).roleSessionName("supplied")
                .webIdentityToken(() -> {
                    asked.incrementAndGet();
                    return jwt;
                }).build()) {
            p.resolveCredentials();
            f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            p.resolveCredentials();

            assertThat(asked).hasValue(2);
        }
    }

    @Test
    void resolve_expiredToken_retrievalWithoutTheToken() throws IOException {
        String jwt = writeToken("system:serviceaccount:default:app", Duration.ofMinutes(10));
        f.clock.advance(Duration.ofMinutes(11));
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                    .satisfies(e -> assertNoToken(e, jwt))
                    .hasMessageContaining("expired");
            assertThat(p.toString()).doesNotContain(jwt);
        }
    }

    @Test
    void resolve_untrustedAudience_configurationWithoutTheToken() throws IOException {
        String jwt = issuer.mint("someone", "other-audience", f.clock.instant(), Duration.ofHours(1), Map.of());
        Files.writeString(tokenFile, jwt);
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsException.class)
                    .satisfies(e -> assertNoToken(e, jwt));
        }
    }

    @Test
    void resolve_notConfigured_notFound() {
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(f.env(home))
                .build()) {
            assertThat(p.isConfigured()).isFalse();
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsNotFoundException.class)
                    .hasMessageContaining("AWS_WEB_IDENTITY_TOKEN_FILE");
        }
    }

    @Test
    void resolve_tokenFileMissing_retrievalNamingFile() throws IOException {
        Files.delete(tokenFile);
        try (WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(kubernetesEnv())
                .build()) {
            assertThatThrownBy(p::resolveCredentials).isInstanceOf(CredentialsRetrievalException.class)
                    .hasMessageContaining(tokenFile.toString());
        }
        assertThat(f.sts.journal()).isEmpty();
    }

    @Test
    void chain_webIdentitySourceAskingTwoHours_firstHopClampedAsChaining() {
        try (WebIdentityCredentialsProvider source = WebIdentityCredentialsProvider.builder()
                .environment(kubernetesEnv()).build();
             RoleChainCredentialsProvider chain = f.chain(home).source(source)
                     .addHop(RoleHop.builder().roleArn(role("Next")).roleSessionName("next")
                             .duration(Duration.ofHours(2)).build()).build()) {
            AwsCredentials c = chain.resolveCredentials();

            assertThat(f.callerArn(c)).isEqualTo("arn:aws:sts::123456789012:assumed-role/Next/next");
            assertThat(f.assumeRoles().get(0).param("DurationSeconds")).contains("3600");
            assertThat(f.principalOf(StsFixture.signingKey(f.assumeRoles().get(0))))
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/Pod/app-pod-1");
        }
    }

    private static void assertNoToken(Throwable e, String jwt) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(jwt);
            assertThat(t.toString()).doesNotContain(jwt);
        }
    }
}
