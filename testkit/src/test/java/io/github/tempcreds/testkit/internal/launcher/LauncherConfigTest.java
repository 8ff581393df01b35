package io.github.tempcreds.testkit.internal.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.SsoTokenCacheFiles;
import java.nio.file.Files;
import java.nio.file.Path;
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
        "{'regoin': 'us-east-1'}|regoin: unknown field (allowed here: accountId, cognito, container, iam, imds, region, roles, sso, userKeys, webIdentityIssuers)",
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
    })
    void parse_badField_errorNamesTheField(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ConfigNode.ConfigException.class).hasMessage(message);
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
}
