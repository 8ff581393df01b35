package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.sso.internal.TokenCacheEntry;
import io.github.tempcreds.sso.internal.TokenCacheFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Compatibility of the token cache file with the shapes the AWS CLI v2 and the JS SDK write and read. */
class TokenCacheEntryTest {
    /** botocore writes and reads timestamps with strftime/strptime('%Y-%m-%dT%H:%M:%SZ'). */
    private static final Pattern CLI_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    private static final List<String> CLI_ORDER = List.of("startUrl", "region", "accessToken", "expiresAt",
            "clientId", "clientSecret", "registrationExpiresAt", "refreshToken");

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = TokenCacheEntryTest.class.getResourceAsStream("/token-cache/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cli-v2-sso-session.json", "js-sdk-refreshed.json"})
    void parse_cliAndJsForms_readTheSameValues(String fixture) throws IOException {
        TokenCacheEntry e = TokenCacheEntry.parse(fixture(fixture));
        assertThat(e.startUrl()).isEqualTo("https://my-sso-portal.awsapps.com/start");
        assertThat(e.region()).isEqualTo("us-east-1");
        assertThat(e.accessToken()).isEqualTo("aoaTESTACCESSTOKEN");
        assertThat(e.expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(e.registrationExpiresAt()).isEqualTo(Instant.parse("2026-03-31T12:00:00Z"));
        assertThat(e.clientId()).isEqualTo("TESTCLIENTID");
        assertThat(e.clientSecret()).isEqualTo("TESTCLIENTSECRET");
        assertThat(e.refreshToken()).isEqualTo("aorTESTREFRESHTOKEN");
        assertThat(e.hasRefreshMaterial()).isTrue();
    }

    @Test
    void parse_legacyAndOldUtcForms_areReadWithoutRefreshMaterial() throws IOException {
        TokenCacheEntry legacy = TokenCacheEntry.parse(fixture("cli-v2-legacy.json"));
        assertThat(legacy.hasRefreshMaterial()).isFalse();
        assertThat(legacy.registrationExpiresAt()).isNull();
        TokenCacheEntry utc = TokenCacheEntry.parse(fixture("cli-2.0-utc.json"));
        assertThat(utc.expiresAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
    }

    @Test
    void refreshedAndWritten_isReadByTheCliRules_andKeepsUnknownFields() throws IOException {
        TokenCacheEntry e = TokenCacheEntry.parse(fixture("with-unknown-fields.json"));
        byte[] out = e.refreshed("aoaNEWTOKEN", Instant.parse("2026-01-01T13:00:00.250Z"), "aorNEWREFRESH").toJson();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\n");
        Map<String, JsonNode> fields = JsonNode.parser().parse(out).asObject();
        // The CLI's field names and order first, then the unknown fields in their original order.
        assertThat(fields.keySet()).containsExactly("startUrl", "region", "accessToken", "expiresAt", "clientId",
                "clientSecret", "registrationExpiresAt", "refreshToken", "scopes", "vendor", "ratio");
        assertThat(fields.get("accessToken").asString()).isEqualTo("aoaNEWTOKEN");
        assertThat(fields.get("refreshToken").asString()).isEqualTo("aorNEWREFRESH");
        assertThat(fields.get("expiresAt").asString()).matches(CLI_TIMESTAMP).isEqualTo("2026-01-01T13:00:00Z");
        assertThat(fields.get("registrationExpiresAt").asString()).matches(CLI_TIMESTAMP);
        assertThat(fields.get("scopes").asArray()).extracting(JsonNode::asString).containsExactly("sso:account:access");
        Map<String, JsonNode> vendor = fields.get("vendor").asObject();
        assertThat(vendor.get("n").asNumber()).isEqualTo("3");
        assertThat(vendor.get("ok").asBoolean()).isTrue();
        assertThat(vendor.get("nothing").isNull()).isTrue();
        assertThat(fields.get("ratio").asNumber()).isEqualTo("1.5e3"); // numbers are copied verbatim
    }

    @Test
    void refreshedAndWritten_matchesTheGoldenFile() throws IOException {
        byte[] out = TokenCacheEntry.parse(fixture("with-unknown-fields.json"))
                .refreshed("aoaNEWTOKEN", Instant.parse("2026-01-01T13:00:00Z"), "aorNEWREFRESH").toJson();
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo(new String(fixture("written-by-tempcreds.json"), StandardCharsets.UTF_8));
    }

    @Test
    void refreshed_withoutNewRefreshToken_keepsTheOldOne() throws IOException {
        TokenCacheEntry e = TokenCacheEntry.parse(fixture("cli-v2-sso-session.json"))
                .refreshed("aoaNEW", Instant.parse("2026-01-01T13:00:00Z"), null);
        assertThat(e.refreshToken()).isEqualTo("aorTESTREFRESHTOKEN");
    }

    @Test
    void written_byOurWriter_hasEveryFieldTheCliNeedsToRefresh() throws IOException {
        TokenCacheEntry e = TokenCacheEntry.of("https://x.awsapps.com/start", "eu-west-1", "aoaT",
                Instant.parse("2026-01-01T12:00:00Z"), "cid", "csecret", Instant.parse("2026-04-01T00:00:00Z"), "aorT");
        Map<String, JsonNode> fields = JsonNode.parser().parse(e.toJson()).asObject();
        assertThat(new LinkedHashMap<>(fields).keySet()).containsExactlyElementsOf(CLI_ORDER);
        fields.values().forEach(v -> assertThat(v.isString()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated.json", "missing-expiresAt.json"})
    void parse_corrupt_failsWithoutQuotingTheContent(String fixture) {
        assertThatThrownBy(() -> TokenCacheEntry.parse(fixtureUnchecked(fixture)))
                .isInstanceOf(TokenCacheEntry.MalformedException.class)
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("aoaTEST"));
    }

    @Test
    void toString_hidesSecrets() throws IOException {
        TokenCacheEntry e = TokenCacheEntry.parse(fixture("cli-v2-sso-session.json"));
        assertThat(e.toString()).doesNotContain("aoaTEST", "TESTCLIENTSECRET", "aorTEST");
    }

    @Test
    void cacheFile_nameIsSha1OfSessionOrStartUrl_andWritesAreOwnerOnly(@TempDir Path home) throws IOException {
        TokenCacheFile f = TokenCacheFile.of(home, "my-sso");
        assertThat(f.path().getFileName().toString()).isEqualTo("0ad374308c5a4e22f723adf10145eafad7c4031c.json");
        assertThat(TokenCacheFile.of(home, "https://my-sso-portal.awsapps.com/start").path().getFileName().toString())
                .isEqualTo("c7aaaf71fcc8777ae2475525ed049d39fe16c484.json");
        f.withLock(() -> {
            f.write(TokenCacheEntry.parse(fixture("cli-v2-sso-session.json")));
            return null;
        });
        assertThat(f.read()).isPresent();
        if (Files.getFileStore(f.path()).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path().getParent())))
                    .isEqualTo("rwx------");
        }
        try (var files = Files.list(f.path().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(f.path().getFileName().toString(), f.path().getFileName() + ".lock");
        }
    }

    private static byte[] fixtureUnchecked(String name) {
        try {
            return fixture(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
