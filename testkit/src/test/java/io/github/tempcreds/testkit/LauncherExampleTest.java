package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.internal.launcher.LauncherConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher configuration example in {@code docs/testkit.md} is the file kept in the repository, uses
 * every top-level key, and the launcher starts with it.
 */
class LauncherExampleTest {
    private static final String MARKER = "<!-- launcher-example.json -->";

    @TempDir
    Path dir;

    private static String example() throws Exception {
        try (var in = LauncherExampleTest.class.getResourceAsStream("/launcher-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String docBlock() throws Exception {
        Path doc = Path.of("..", "docs", "testkit.md");
        String text = Files.readString(doc);
        int marker = text.indexOf(MARKER);
        assertThat(marker).as("%s in %s", MARKER, doc.toAbsolutePath()).isNotNegative();
        String rest = text.substring(marker + MARKER.length());
        int open = rest.indexOf("```json\n");
        assertThat(open).as("a ```json block after the marker").isNotNegative();
        int close = rest.indexOf("```", open + 8);
        return rest.substring(open + 8, close);
    }

    @Test
    void docsExample_isTheRepositoryFile() throws Exception {
        assertThat(docBlock()).isEqualTo(example());
    }

    @Test
    void example_usesEveryTopLevelKey() throws Exception {
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(example()).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(LauncherConfig.ROOT_FIELDS);
    }

    @Test
    void example_launcherStartsWithIt_andWritesEverythingItNames() throws Exception {
        Path config = Files.writeString(dir.resolve("launcher.json"), example());
        OidcIssuer ci = OidcIssuer.create("https://ci.example.test");
        Files.writeString(dir.resolve("ci-jwks.json"), ci.jwksJson());

        LauncherConfig parsed = FakeAwsLauncher.readConfig(config);
        FakeAws.Builder builder = FakeAws.builder().clock(MutableClock.at(Instant.now()));
        parsed.configure(builder);
        try (FakeAws aws = builder.build().start()) {
            parsed.seed(aws);
            parsed.outputs().running(aws);
            Path outputs = parsed.outputs().writeTo(parsed.outputsFile().orElseThrow());
            assertThat(outputs).isEqualTo(dir.resolve("out/outputs.json"));
            JsonNode out = new ObjectMapper().readTree(outputs.toFile());
            assertThat(out.at("/ssoSessions")).hasSize(2);
            assertThat(out.at("/ssoSessions/1/accessToken").asText()).isEqualTo("test-access-token");
            assertThat(out.at("/containerTokenFile").asText()).isNotEmpty();
            assertThat(dir.resolve("out/token.jwt")).exists();
            assertThat(dir.resolve("out/jwks.json")).exists();
            assertThat(SsoTokenCacheFiles.cacheFile(dir.resolve("home"), "my-sso")).exists();
            assertThat(SsoTokenCacheFiles.cacheFile(dir.resolve("home"), "ci-sso")).exists();
            assertThat(aws.sso().accessTokenValid("test-access-token")).isTrue();
            String token = ci.mint("repo", "sts.amazonaws.com", aws.clock().instant(), java.time.Duration.ofHours(1),
                    java.util.Map.of());
            assertThat(out.at("/externalIssuers/0/jwks/keys/0/kid").asText()).isEqualTo(ci.keyId());
            try (software.amazon.awssdk.services.sts.StsClient sts = software.amazon.awssdk.services.sts.StsClient
                    .builder().endpointOverride(aws.sts().uri()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
                    .build()) {
                assertThat(sts.assumeRoleWithWebIdentity(b -> b.roleArn("arn:aws:iam::123456789012:role/demo")
                        .roleSessionName("ci").webIdentityToken(token)).assumedRoleUser().arn())
                        .isEqualTo("arn:aws:sts::123456789012:assumed-role/demo/ci");
            }
        }
    }
}
