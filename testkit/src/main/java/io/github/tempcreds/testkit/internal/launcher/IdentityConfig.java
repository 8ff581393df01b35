package io.github.tempcreds.testkit.internal.launcher;

import io.github.tempcreds.testkit.FakeCognitoIdentity;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.OidcIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
            "          \"sessions\": [{\"name\": \"my-sso\", \"home\": \"home\"}]},  writes HOME/.aws/sso/cache/",
            "                                         <sha1(name)>.json as 'aws sso login' would (name: the",
            "                                         sso-session name, or the start URL for legacy profiles)",
            "  \"cognito\": {\"credentialLifetimeSeconds\": 3600, \"pools\": [{",
            "    \"id\": \"us-east-1:00000000-0000-0000-0000-000000000001\",",
            "    \"authenticatedRoleArn\": \"arn:aws:iam::123456789012:role/Auth\",",
            "    \"unauthenticatedRoleArn\": \"arn:aws:iam::123456789012:role/Guest\",",
            "    \"allowUnauthenticated\": true, \"allowClassicFlow\": true,",
            "    \"developerProviderName\": \"login.example.test\",",
            "    \"identityProviders\": [\"https://oidc.example.test\"]}]}   issuers from webIdentityIssuers",
            "  For the basic flow, give the role \"webIdentity\": [{\"issuer\": \""
                    + FakeCognitoIdentity.OPEN_ID_ISSUER + "\", \"audience\": \"<pool id>\"}].");

    private static final Pattern POOL_ID = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d:[0-9a-f-]{1,40}");

    private IdentityConfig() {
    }

    static void parse(ConfigNode root, LauncherConfig c, String region) {
        root.optObject("sso").ifPresent(n -> parseSso(n, c));
        root.optObject("cognito").ifPresent(n -> parseCognito(n, c, region));
    }

    private static void parseSso(ConfigNode n, LauncherConfig c) {
        n.allow("startUrl", "accessTokenTtlSeconds", "roleCredentialsTtlSeconds", "accounts", "sessions");
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
        for (ConfigNode s : n.objects("sessions")) {
            s.allow("name", "home");
            String name = s.string("name", null, null);
            Path home = c.resolve(s.string("home", null, null));
            if (!names.add(name + "@" + home.toAbsolutePath().normalize())) {
                throw s.error("name", "duplicate session " + name + " in " + home);
            }
            c.seedSteps.add(aws -> aws.sso().seedSession().cacheEntry().writeTo(home, name));
        }
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
                pools.add(b.build());
            } catch (IllegalArgumentException e) {
                throw new ConfigNode.ConfigException(p.path() + ": " + e.getMessage());
            }
        }
        if (!pools.isEmpty()) {
            c.seedSteps.add(aws -> pools.forEach(aws.cognito()::pool));
        }
    }
}
