package io.github.tempcreds.testkit.internal.launcher;

import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.OidcIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code sso} and {@code cognito} sections of the launcher's configuration. Internal: no
 * compatibility promise.
 */
final class IdentityConfig {
    static final String HELP = String.join("\n",
            "  \"sso\": {\"startUrl\": \"https://tempcreds-fake.awsapps.com/start\", \"accessTokenTtlSeconds\": 3600,",
            "          \"roleCredentialsTtlSeconds\": 3600,",
            "          \"accounts\": [{\"accountId\": \"111122223333\", \"roles\": [\"ReadOnly\"]}],",
            "          \"rotateRefreshTokens\": true,       default for every client (per session below)",
            "          \"sessions\": [{\"name\": \"my-sso\", \"home\": \"home\",  writes HOME/.aws/sso/cache/",
            "                                         <sha1(name)>.json as 'aws sso login' would (name: the",
            "                                         sso-session name, or the start URL for legacy profiles)",
            "            \"accessToken\": \"test-access-token\", \"accessTokenExpiresInSeconds\": 3600,",
            "            \"refreshToken\": \"test-refresh-token\", \"clientId\": \"test-client\",",
            "            \"clientSecret\": \"test-client-secret\", \"registrationExpiresInSeconds\": 7776000,",
            "            \"rotateRefreshTokens\": false}]},  every value optional (generated when absent);",
            "                                         expiries in seconds from start, negative: expired",
            "  \"cognito\": {\"credentialLifetimeSeconds\": 3600, \"pools\": [{",
            "    \"id\": \"us-east-1:00000000-0000-0000-0000-000000000001\",",
            "    \"authenticatedRoleArn\": \"arn:aws:iam::123456789012:role/Auth\",",
            "    \"unauthenticatedRoleArn\": \"arn:aws:iam::123456789012:role/Guest\",",
            "    \"allowUnauthenticated\": true, \"allowClassicFlow\": true,",
            "    \"developerProviderName\": \"login.example.test\",",
            "    \"identityProviders\": [\"https://oidc.example.test\"]}]}   issuers from webIdentityIssuers",
            "  For the basic flow, give the role \"webIdentity\": [{\"issuer\": \""
                    + FakeCognitoIdentity.OPEN_ID_ISSUER + "\", \"audience\": \"<pool id>\"}].");

    static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{1,8192}");
    static final String TOKEN_RULE = "1..8192 printable ASCII characters without spaces";
    static final Pattern SESSION_NAME = Pattern.compile("[^\\p{Cntrl}]{1,2048}");
    static final String SESSION_NAME_RULE = "1..2048 characters, no control characters";
    private static final Pattern POOL_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d:[0-9a-f-]{1,40}");

    private IdentityConfig() {
    }

    static void parse(ConfigNode root, LauncherConfig c, String region) {
        root.optObject("sso").ifPresent(n -> parseSso(n, c));
        root.optObject("cognito").ifPresent(n -> parseCognito(n, c, region));
    }

    private static void parseSso(ConfigNode n, LauncherConfig c) {
        n.allow("startUrl", "accessTokenTtlSeconds", "roleCredentialsTtlSeconds", "rotateRefreshTokens", "accounts",
                "sessions");
        Optional<String> startUrl = n.optString("startUrl", LauncherConfig.URL, "a URL such as "
                + FakeSso.DEFAULT_START_URL);
        Optional<Long> tokenTtl = n.optLong("accessTokenTtlSeconds", 60, 7 * 86400, "seconds");
        Optional<Long> roleTtl = n.optLong("roleCredentialsTtlSeconds", 900, 43200, "seconds");
        c.builderSteps.add(b -> b.sso(s -> {
            startUrl.ifPresent(s::startUrl);
            tokenTtl.ifPresent(t -> s.accessTokenTtl(Duration.ofSeconds(t)));
            roleTtl.ifPresent(t -> s.roleCredentialsTtl(Duration.ofSeconds(t)));
        }));
        for (ConfigNode a : n.objects("accounts")) {
            a.allow("accountId", "roles");
            String accountId = a.string("accountId", LauncherConfig.ACCOUNT_ID, "12 digits");
            List<String> roles = a.strings("roles", LauncherConfig.IAM_NAME, LauncherConfig.IAM_NAME_RULE);
            if (roles.isEmpty()) {
                throw a.error("roles", "is required (role names such as ReadOnly)");
            }
            c.seedSteps.add(aws -> aws.sso().account(accountId, roles.toArray(new String[0])));
        }
        Set<String> names = new HashSet<>();
        Set<String> accessTokens = new HashSet<>();
        Set<String> refreshTokens = new HashSet<>();
        Map<String, String> clientSecrets = new HashMap<>();
        for (ConfigNode s : n.objects("sessions")) {
            s.allow("name", "home", "accessToken", "accessTokenExpiresInSeconds", "refreshToken", "clientId",
                    "clientSecret", "registrationExpiresInSeconds", "rotateRefreshTokens");
            String name = s.string("name", SESSION_NAME, SESSION_NAME_RULE);
            Path home = c.resolve(s.string("home", null, null));
            if (!names.add(name + "@" + home.toAbsolutePath().normalize())) {
                throw s.error("name", "duplicate session " + name + " in " + home);
            }
            FakeSso.SessionSeedBuilder seed = FakeSso.SessionSeed.builder();
            Optional<String> access = s.optString("accessToken", TOKEN, TOKEN_RULE);
            if (access.isPresent() && !accessTokens.add(access.get())) {
                throw s.error("accessToken", "is the same as another session's (each session needs its own)");
            }
            access.ifPresent(seed::accessToken);
            Optional<String> refresh = s.optString("refreshToken", TOKEN, TOKEN_RULE);
            if (refresh.isPresent() && !refreshTokens.add(refresh.get())) {
                throw s.error("refreshToken", "is the same as another session's (each session needs its own)");
            }
            refresh.ifPresent(seed::refreshToken);
            Optional<String> clientId = s.optString("clientId", TOKEN, TOKEN_RULE);
            Optional<String> clientSecret = s.optString("clientSecret", TOKEN, TOKEN_RULE);
            if (clientSecret.isPresent() && clientId.isEmpty()) {
                throw s.error("clientSecret", "needs clientId (the registration it belongs to)");
            }
            if (clientId.isPresent()) {
                String known = clientSecrets.get(clientId.get());
                if (known != null && clientSecret.isPresent() && !known.equals(clientSecret.get())) {
                    throw s.error("clientSecret", "differs from another session's secret for client " + clientId.get());
                }
                clientSecret.ifPresent(sec -> clientSecrets.put(clientId.get(), sec));
                seed.clientId(clientId.get());
            }
            clientSecret.ifPresent(seed::clientSecret);
            Optional<Long> accessIn = s.optLong("accessTokenExpiresInSeconds", -7 * 86400, 7 * 86400,
                    "seconds from start (negative: already expired)");
            Optional<Long> registrationIn = s.optLong("registrationExpiresInSeconds", -365 * 86400L, 365 * 86400L,
                    "seconds from start (negative: already expired)");
            s.optBoolean("rotateRefreshTokens").ifPresent(seed::rotateRefreshTokens);
            String path = s.path();
            c.seedSteps.add(aws -> {
                accessIn.ifPresent(t -> seed.accessTokenExpiresAt(aws.clock().instant().plusSeconds(t)));
                registrationIn.ifPresent(t -> seed.registrationExpiresAt(aws.clock().instant().plusSeconds(t)));
                FakeSso.Session session;
                try {
                    session = aws.sso().seedSession(seed.build());
                } catch (IllegalArgumentException e) {
                    throw new ConfigNode.ConfigException(path + ": " + e.getMessage());
                }
                Path file = session.cacheEntry().writeTo(home, name);
                c.outputs.ssoSession(name, home, file, aws.sso().startUrl(), aws.sso().region(), session);
            });
        }
        n.optBoolean("rotateRefreshTokens").ifPresent(r -> c.builderSteps.add(b -> b.sso(x -> x.rotateRefreshTokens(r))));
    }

    private static void parseCognito(ConfigNode n, LauncherConfig c, String region) {
        n.allow("credentialLifetimeSeconds", "pools");
        n.optLong("credentialLifetimeSeconds", 900, 43200, "seconds")
                .ifPresent(s -> c.builderSteps.add(b -> b.cognito(g -> g.credentialLifetime(Duration.ofSeconds(s)))));
        Set<String> ids = new HashSet<>();
        List<FakeCognitoIdentity.PoolSpec> pools = new ArrayList<>();
        for (ConfigNode p : n.objects("pools")) {
            p.allow("id", "authenticatedRoleArn", "unauthenticatedRoleArn", "allowUnauthenticated",
                    "allowClassicFlow", "developerProviderName", "identityProviders");
            FakeCognitoIdentity.PoolSpecBuilder b = FakeCognitoIdentity.PoolSpec.builder();
            Optional<String> id = p.optString("id", POOL_ID, "a pool id such as " + region
                    + ":00000000-0000-0000-0000-000000000001");
            if (id.isPresent()) {
                if (!id.get().startsWith(region + ":")) {
                    throw p.error("id", "must start with the region " + region + ":");
                }
                if (!ids.add(id.get())) {
                    throw p.error("id", "duplicate pool " + id.get());
                }
                b.id(id.get());
            }
            p.optString("authenticatedRoleArn", LauncherConfig.ROLE_ARN, LauncherConfig.ROLE_ARN_RULE)
                    .ifPresent(b::authenticatedRoleArn);
            p.optString("unauthenticatedRoleArn", LauncherConfig.ROLE_ARN, LauncherConfig.ROLE_ARN_RULE)
                    .ifPresent(b::unauthenticatedRoleArn);
            p.optBoolean("allowUnauthenticated").ifPresent(b::allowUnauthenticated);
            p.optBoolean("allowClassicFlow").ifPresent(b::allowClassicFlow);
            p.optString("developerProviderName", null, null).ifPresent(b::developerProviderName);
            List<String> providers = p.strings("identityProviders", LauncherConfig.URL, "an issuer URL");
            for (int i = 0; i < providers.size(); i++) {
                int index = i;
                OidcIssuer issuer = c.issuer(providers.get(i)).orElseThrow(() -> p.error("identityProviders[" + index
                        + "]", "no webIdentityIssuers entry has issuer " + providers.get(index)));
                b.identityProvider(issuer);
            }
            try {
                FakeCognitoIdentity.PoolSpec spec = b.build();
                pools.add(spec);
                c.outputs.cognitoPool(spec.id());
            } catch (IllegalArgumentException e) {
                throw new ConfigNode.ConfigException(p.path() + ": " + e.getMessage());
            }
        }
        if (!pools.isEmpty()) {
            c.seedSteps.add(aws -> pools.forEach(aws.cognito()::pool));
        }
    }
}
