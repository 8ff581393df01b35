package io.github.tempcreds.testkit.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LauncherConfigTest {
    @TempDir
    Path dir;

    private LauncherConfig parse(String json) throws Exception {
        return LauncherConfig.parse(ConfigNode.root(new ObjectMapper().readTree(json.replace('\'', '"'))), dir);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'accountId': '12345'}|accountId: must be 12 digits",
        "{'regoin': 'us-east-1'}|regoin: unknown field (allowed here: accountId, cognito, container, externalIssuers, iam, imds, outputs, region, roles, sso, userKeys, webIdentityIssuers)",
        "{'container': {'mode': 'fargate'}}|container.mode: must be ecs or podIdentity",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a'}, {'arn': 'arn:aws:iam::123456789012:role/b', 'maxSessionDuration': 120}]}|roles[1].maxSessionDuration: must be 3600..43200 seconds",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a', 'maxSessionDuration': '3600'}]}|roles[0].maxSessionDuration: must be 3600..43200 seconds (a whole number)",
        "{'roles': [{'arn': 'role/a'}]}|roles[0].arn: must be a role ARN such as arn:aws:iam::123456789012:role/Name",
        "{'roles': [{}]}|roles[0].arn: is required",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a'}, {'arn': 'arn:aws:iam::123456789012:role/a'}]}|roles[1].arn: duplicate role arn:aws:iam::123456789012:role/a",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a', 'mfa': {'serialNumber': 'arn:aws:iam::123456789012:mfa/a', 'codes': ['12345']}}]}|roles[0].mfa.codes[0]: must be 6 digits",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a', 'mfa': {'serialNumber': 'arn:aws:iam::123456789012:mfa/a'}}]}|roles[0].mfa.codes: is required (a list of 6-digit codes, each valid once), or set acceptAnyCode",
        "{'roles': [{'arn': 'arn:aws:iam::123456789012:role/a', 'trustedPrincipals': 'alice'}]}|roles[0].trustedPrincipals: must be a JSON array",
        "{'userKeys': [{'userName': 'a', 'accessKeyId': 'ASIATESTTEST00001', 'secretAccessKey': 's'}]}|userKeys[0].accessKeyId: must be AKIA followed by 12..124 letters or digits",
        "{'userKeys': [{'userName': 'a', 'accessKeyId': 'AKIATESTTEST00001'}]}|userKeys[0].secretAccessKey: is required",
        "{'webIdentityIssuers': [{'issuer': 'https://i.test', 'algorithm': 'HS256'}]}|webIdentityIssuers[0].algorithm: must be RS256 or RS512",
        "{'webIdentityIssuers': [{'issuer': 'https://i.test', 'tokenFiles': [{'path': 't', 'subject': 's', 'ttlSeconds': 5}]}]}|webIdentityIssuers[0].tokenFiles[0].ttlSeconds: must be 60..604800 seconds",
        "{'imds': {'roleName': 'has space'}}|imds.roleName: must be 1..64 of [A-Za-z0-9_+=,.@-]",
        "{'sso': {'accounts': [{'accountId': '123456789012'}]}}|sso.accounts[0].roles: is required (role names such as ReadOnly)",
        "{'sso': {'sessions': [{'name': 'x'}]}}|sso.sessions[0].home: is required",
        "{'cognito': {'pools': [{'id': 'eu-west-1:0000'}]}}|cognito.pools[0].id: must start with the region us-east-1:",
        "{'cognito': {'pools': [{'identityProviders': ['https://unknown.test']}]}}|cognito.pools[0].identityProviders[0]: no webIdentityIssuers entry has issuer https://unknown.test",
        "[]|(root): must be a JSON object",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h'}, {'name': 'b', 'home': 'h'}, {'name': 'c', 'home': 'h', 'accessToken': ''}]}}|sso.sessions[2].accessToken: must not be empty",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'refreshToken': 'has space'}]}}|sso.sessions[0].refreshToken: must be 1..8192 printable ASCII characters without spaces",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'clientSecret': 's'}]}}|sso.sessions[0].clientSecret: needs clientId (the registration it belongs to)",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'clientId': 'c', 'clientSecret': 's1'}, {'name': 'b', 'home': 'h', 'clientId': 'c', 'clientSecret': 's2'}]}}|sso.sessions[1].clientSecret: differs from another session's secret for client c",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'accessToken': 't'}, {'name': 'b', 'home': 'h', 'accessToken': 't'}]}}|sso.sessions[1].accessToken: is the same as another session's (each session needs its own)",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'accessTokenExpiresInSeconds': 999999999}]}}|sso.sessions[0].accessTokenExpiresInSeconds: must be -604800..604800 seconds from start (negative: already expired)",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'rotateRefreshTokens': 'no'}]}}|sso.sessions[0].rotateRefreshTokens: must be true or false",
        "{'sso': {'sessions': [{'name': 'a', 'home': 'h', 'clientid': 'c'}]}}|sso.sessions[0].clientid: unknown field (allowed here: accessToken, accessTokenExpiresInSeconds, clientId, clientSecret, home, name, refreshToken, registrationExpiresInSeconds, rotateRefreshTokens)",
        "{'externalIssuers': [{'issuer': 'https://x.test'}]}|externalIssuers[0].jwks: give exactly one of jwks (the key set inline) or jwksFile (a path)",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwksFile': 'missing.json'}]}|externalIssuers[0].jwksFile: not found: MISSING",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwks': {'keys': []}}]}|externalIssuers[0].jwks: keys: must be a non-empty array of JSON Web Keys",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwks': {'keys': [{'kty': 'oct', 'k': 'c2VjcmV0'}]}}]}|externalIssuers[0].jwks: keys[0].kty: must be RSA (only RS256 and RS512 are supported)",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwks': {'keys': [{'kty': 'RSA', 'alg': 'none', 'n': 'AQAB', 'e': 'AQAB'}]}}]}|externalIssuers[0].jwks: keys[0].alg: must be RS256 or RS512",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwks': {'keys': [{'kty': 'RSA', 'n': 'AQAB', 'e': 'AQAB'}]}}]}|externalIssuers[0].jwks: keys[0].n: the modulus must have at least 2048 bits",
        "{'externalIssuers': [{'issuer': 'https://x.test', 'jwks': {'keys': [{'kty': 'RSA', 'e': 'AQAB'}]}}]}|externalIssuers[0].jwks: keys[0].n: is required (base64url, unsigned big-endian)",
        "{'outputs': ''}|outputs: must not be empty",
    })
    void parse_badField_errorNamesTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigNode.ConfigException.class)
                .hasMessage(message.replace("MISSING", dir.resolve("missing.json").toString()));
    }

    @Test
    void seed_fullConfig_seedsRolesIssuersSsoAndCognito_andWritesFiles() throws Exception {
        LauncherConfig config = parse("{'accountId': '111122223333', 'region': 'eu-west-1',"
                + " 'userKeys': [{'userName': 'alice', 'accessKeyId': 'AKIATESTALICE0001', 'secretAccessKey': 'testsecret'}],"
                + " 'roles': [{'arn': 'arn:aws:iam::111122223333:role/demo', 'trustedAccounts': ['111122223333'],"
                + "   'webIdentity': [{'issuer': 'https://oidc.example.test', 'audience': 'sts.amazonaws.com'}],"
                + "   'maxSessionDuration': 7200, 'externalId': 'ext-123',"
                + "   'mfa': {'serialNumber': 'arn:aws:iam::111122223333:mfa/alice', 'acceptAnyCode': true}}],"
                + " 'webIdentityIssuers': [{'issuer': 'https://oidc.example.test', 'jwksFile': 'out/jwks.json',"
                + "   'tokenFiles': [{'path': 'out/token.jwt', 'subject': 'ci'}]}],"
                + " 'imds': {'roleName': 'web', 'credentialsLifetimeSeconds': 3600},"
                + " 'sso': {'accounts': [{'accountId': '111122223333', 'roles': ['ReadOnly']}],"
                + "   'sessions': [{'name': 'my-sso', 'home': 'home'}]},"
                + " 'cognito': {'pools': [{'id': 'eu-west-1:00000000-0000-0000-0000-000000000001',"
                + "   'unauthenticatedRoleArn': 'arn:aws:iam::111122223333:role/Guest', 'allowUnauthenticated': true,"
                + "   'identityProviders': ['https://oidc.example.test']}]}}");
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        FakeAws.Builder builder = FakeAws.builder().clock(clock);
        config.configure(builder);
        try (FakeAws aws = builder.build().start()) {
            config.seed(aws);
            assertThat(aws.accountId()).isEqualTo("111122223333");
            assertThat(aws.region()).isEqualTo("eu-west-1");
            assertThat(aws.registry().find("AKIATESTALICE0001")).isPresent();
            assertThat(aws.imds().roleName()).contains("web");
            assertThat(aws.cognito().identities("eu-west-1:00000000-0000-0000-0000-000000000001")).isEmpty();

            String token = Files.readString(dir.resolve("out/token.jwt"));
            OidcIssuer issuer = config.issuer("https://oidc.example.test").orElseThrow();
            assertThat(issuer.verify(token, clock.instant())).hasValueSatisfying(t -> {
                assertThat(t.subject()).isEqualTo("ci");
                assertThat(t.audience()).isEqualTo("sts.amazonaws.com");
            });
            assertThat(Files.readString(dir.resolve("out/jwks.json"))).contains("\"kty\":\"RSA\"");
            Path cache = SsoTokenCacheFiles.cacheFile(dir.resolve("home"), "my-sso");
            assertThat(Files.readString(cache)).contains("\"accessToken\"", "\"refreshToken\"");
        }
    }

    @Test
    void seed_ssoSessionsWithChosenValues_writeOwnerOnlyCacheFilesAndOutputs() throws Exception {
        OidcIssuer external = OidcIssuer.create("https://token.example.test");
        Files.writeString(dir.resolve("jwks.json"), external.jwksJson());
        LauncherConfig config = parse("{'sso': {'accounts': [{'accountId': '123456789012', 'roles': ['ReadOnly']}],"
                + "   'sessions': [{'name': 'dev', 'home': 'home', 'accessToken': 'test-access-token',"
                + "     'accessTokenExpiresInSeconds': -60, 'refreshToken': 'test-refresh-token', 'clientId': 'test-client',"
                + "     'clientSecret': 'test-client-secret', 'registrationExpiresInSeconds': 86400,"
                + "     'rotateRefreshTokens': false},"
                + "    {'name': 'ops', 'home': 'home', 'clientId': 'test-client'}]},"
                + " 'externalIssuers': [{'issuer': 'https://token.example.test', 'jwksFile': 'jwks.json'}],"
                + " 'outputs': 'out/outputs.json'}");
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        FakeAws.Builder builder = FakeAws.builder().clock(clock);
        config.configure(builder);
        try (FakeAws aws = builder.build().start()) {
            config.seed(aws);
            Path cache = SsoTokenCacheFiles.cacheFile(dir.resolve("home"), "dev");
            JsonNode entry = new ObjectMapper().readTree(cache.toFile());
            assertThat(entry.get("accessToken").asText()).isEqualTo("test-access-token");
            assertThat(entry.get("expiresAt").asText()).isEqualTo("2025-12-31T23:59:00Z");
            assertThat(entry.get("clientId").asText()).isEqualTo("test-client");
            assertThat(entry.get("clientSecret").asText()).isEqualTo("test-client-secret");
            assertThat(entry.get("registrationExpiresAt").asText()).isEqualTo("2026-01-02T00:00:00Z");
            assertThat(entry.get("refreshToken").asText()).isEqualTo("test-refresh-token");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rw-------");
            assertThat(aws.sso().accessTokenValid("test-access-token")).as("seeded already expired").isFalse();
            assertThat(aws.sso().refreshTokenValid("test-refresh-token")).isTrue();
            JsonNode ops = new ObjectMapper().readTree(SsoTokenCacheFiles.cacheFile(dir.resolve("home"), "ops").toFile());
            assertThat(ops.get("clientId").asText()).isEqualTo("test-client");
            assertThat(ops.get("clientSecret").asText()).as("the registration is shared").isEqualTo("test-client-secret");

            config.outputs().running(aws);
            Path file = config.outputs().writeTo(config.outputsFile().orElseThrow());
            assertThat(file).isEqualTo(dir.resolve("out/outputs.json"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            JsonNode out = new ObjectMapper().readTree(file.toFile());
            assertThat(out.at("/endpoints/sts").asText()).isEqualTo(aws.sts().url());
            assertThat(out.at("/environment/AWS_ENDPOINT_URL_STS").asText()).isNotEmpty();
            assertThat(out.at("/ssoSessions/0/name").asText()).isEqualTo("dev");
            assertThat(out.at("/ssoSessions/0/cacheFile").asText()).isEqualTo(cache.toString());
            assertThat(out.at("/ssoSessions/0/accessToken").asText()).isEqualTo("test-access-token");
            assertThat(out.at("/ssoSessions/0/clientSecret").asText()).isEqualTo("test-client-secret");
            assertThat(out.at("/ssoSessions/1/refreshToken").asText()).startsWith("FakeRefreshToken");
            assertThat(out.at("/externalIssuers/0/issuer").asText()).isEqualTo("https://token.example.test");
            assertThat(out.at("/externalIssuers/0/jwks/keys/0/kid").asText()).isEqualTo(external.keyId());
            assertThat(out.at("/accountId").asText()).isEqualTo("123456789012");
        }
    }

    @Test
    void outputs_fullConfig_listsTokenFilesUserKeysRolesAndPools() throws Exception {
        LauncherConfig config = parse("{'userKeys': [{'userName': 'alice', 'accessKeyId': 'AKIATESTALICE0001', 'secretAccessKey': 'testsecret'}],"
                + " 'roles': [{'arn': 'arn:aws:iam::123456789012:role/demo'}],"
                + " 'webIdentityIssuers': [{'issuer': 'https://oidc.example.test', 'jwksFile': 'out/jwks.json',"
                + "   'tokenFiles': [{'path': 'out/token.jwt', 'subject': 'ci', 'ttlSeconds': 600}]}],"
                + " 'cognito': {'pools': [{'id': 'us-east-1:00000000-0000-0000-0000-000000000001', 'allowUnauthenticated': true,"
                + "   'unauthenticatedRoleArn': 'arn:aws:iam::123456789012:role/demo'}]}}");
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        FakeAws.Builder builder = FakeAws.builder().clock(clock);
        config.configure(builder);
        try (FakeAws aws = builder.build().start()) {
            config.seed(aws);
            config.outputs().running(aws);
            JsonNode out = new ObjectMapper().readTree(config.outputs().json());
            assertThat(out.at("/userKeys/0/accessKeyId").asText()).isEqualTo("AKIATESTALICE0001");
            assertThat(out.at("/roles/0").asText()).isEqualTo("arn:aws:iam::123456789012:role/demo");
            assertThat(out.at("/webIdentityIssuers/0/jwksFile").asText()).isEqualTo(dir.resolve("out/jwks.json").toString());
            assertThat(out.at("/webIdentityTokenFiles/0/path").asText()).isEqualTo(dir.resolve("out/token.jwt").toString());
            assertThat(out.at("/webIdentityTokenFiles/0/expiresAt").asText()).isEqualTo("2026-01-01T00:10:00Z");
            assertThat(out.at("/cognitoPools/0").asText()).isEqualTo("us-east-1:00000000-0000-0000-0000-000000000001");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("out/token.jwt"))))
                    .isEqualTo("rw-------");
        }
    }
}
