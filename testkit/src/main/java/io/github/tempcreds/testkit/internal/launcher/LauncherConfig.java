package io.github.tempcreds.testkit.internal.launcher;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeContainerCredentials;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import io.github.tempcreds.testkit.internal.PrivateFileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The launcher's JSON configuration: parsed and validated up front (every error names its field), then
 * applied to a {@link FakeAws.Builder} before the fakes start ({@link #configure}) and to the running
 * fakes after ({@link #seed}). Sections {@code sso} and {@code cognito} are in {@link IdentityConfig}.
 * Internal: no compatibility promise.
 */
public final class LauncherConfig {
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA\\w{12,124}");
    static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    static final String IAM_NAME_RULE = "1..64 of [A-Za-z0-9_+=,.@-]";
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::\\d{12}:role/(?:[\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    static final String ROLE_ARN_RULE = "a role ARN such as arn:aws:iam::123456789012:role/Name";
    static final Pattern ARN = Pattern.compile("arn:[^:\\s]+:[^:\\s]*:[^:\\s]*:[^\\s]*");
    static final Pattern URL = Pattern.compile("https?://[^\\s]+");
    static final Pattern MFA_CODE = Pattern.compile("\\d{6}");

    /** The configuration section of {@code --help}. */
    public static final String HELP = String.join("\n",
            "Configuration file (JSON). Every field is optional; unknown fields are errors; relative paths",
            "are relative to the file. Times are whole seconds.",
            "{",
            "  \"accountId\": \"123456789012\",",
            "  \"region\": \"us-east-1\",",
            "  \"userKeys\": [                        long-term IAM user keys the fake STS accepts",
            "    {\"userName\": \"alice\", \"accessKeyId\": \"AKIATESTALICE0001\", \"secretAccessKey\": \"testsecret\"}],",
            "  \"roles\": [{                          roles for AssumeRole / AssumeRoleWithWebIdentity",
            "    \"arn\": \"arn:aws:iam::123456789012:role/demo\",",
            "    \"trustedPrincipals\": [\"arn:aws:iam::123456789012:user/alice\"],  users, roles, account roots",
            "    \"trustedAccounts\": [\"123456789012\"],",
            "    \"webIdentity\": [{\"issuer\": \"https://oidc.example.test\", \"audience\": \"sts.amazonaws.com\"}],",
            "    \"maxSessionDuration\": 3600,        3600..43200 (role chaining is capped at 3600 anyway)",
            "    \"externalId\": \"ext-123\",           required ExternalId",
            "    \"mfa\": {\"serialNumber\": \"arn:aws:iam::123456789012:mfa/alice\",",
            "            \"codes\": [\"123456\"]},      each code works once; or \"acceptAnyCode\": true",
            "    \"sessionTags\": true}],",
            "  \"webIdentityIssuers\": [{             OIDC issuers STS trusts; tokens are minted at start",
            "    \"issuer\": \"https://oidc.example.test\", \"algorithm\": \"RS256\",  RS256 or RS512",
            "    \"jwksFile\": \"out/jwks.json\",",
            "    \"tokenFiles\": [{\"path\": \"out/token.jwt\", \"subject\": \"ci\",",
            "                    \"audience\": \"sts.amazonaws.com\", \"ttlSeconds\": 3600}]}],",
            "  \"imds\": {\"roleName\": \"demo-role\", \"instanceId\": \"i-0123456789abcdef0\",",
            "           \"extendedPath\": true, \"credentialsLifetimeSeconds\": 21600},",
            "  \"container\": {\"mode\": \"ecs\",      ecs (default) or podIdentity (writes a token file, printed",
            "                as container-token-file=PATH)",
            "                \"roleName\": \"demo-task-role\", \"credentialsLifetimeSeconds\": 21600},",
            "  \"externalIssuers\": [{               issuers STS trusts by their public keys (tokens minted",
            "    \"issuer\": \"https://token.example.test\",  elsewhere); RSA keys only, alg none is refused",
            "    \"jwksFile\": \"keys/jwks.json\"}],     or \"jwks\": {\"keys\": [...]} inline",
            IdentityConfig.HELP,
            IamConfig.HELP,
            "  \"outputs\": \"out/outputs.json\"     where to write every minted or seeded value as JSON",
            "                                      (same as --outputs FILE; owner-only, atomic)",
            "}");

    /** The top-level fields of the configuration file. */
    public static final List<String> ROOT_FIELDS = List.of("accountId", "region", "userKeys", "roles",
            "webIdentityIssuers", "externalIssuers", "imds", "sso", "cognito", "container", "iam", "outputs");

    final List<Consumer<FakeAws.Builder>> builderSteps = new ArrayList<>();
    final List<Consumer<FakeAws>> seedSteps = new ArrayList<>();
    final Map<String, OidcIssuer> issuers = new LinkedHashMap<>();
    private final Set<String> externalIssuerUrls = new HashSet<>();
    final Outputs outputs = new Outputs();
    private Path outputsFile;
    private final Path baseDir;

    private LauncherConfig(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** An empty account: every fake with its defaults. */
    public static LauncherConfig defaults() {
        return new LauncherConfig(Path.of("."));
    }

    /**
     * Parses and validates a configuration.
     *
     * @param root the JSON document
     * @param baseDir the directory relative paths in the file resolve against
     * @throws ConfigNode.ConfigException naming the first bad field
     */
    public static LauncherConfig parse(ConfigNode root, Path baseDir) {
        LauncherConfig c = new LauncherConfig(baseDir);
        root.allow(ROOT_FIELDS.toArray(new String[0]));
        c.outputsFile = root.optString("outputs", null, null).map(c::resolve).orElse(null);
        String accountId = root.optString("accountId", ACCOUNT_ID, "12 digits")
                .orElse(CredentialRegistry.DEFAULT_ACCOUNT_ID);
        Optional<String> region = root.optString("region", REGION, "a region such as us-east-1");
        CredentialRegistry registry = CredentialRegistry.create(accountId, new SecureRandom());
        c.builderSteps.add(b -> b.registry(registry));
        region.ifPresent(r -> c.builderSteps.add(b -> b.region(r)));
        c.parseUserKeys(root, registry);
        c.parseIssuers(root);
        c.parseExternalIssuers(root);
        c.parseRoles(root);
        root.optObject("imds").ifPresent(c::parseImds);
        root.optObject("container").ifPresent(c::parseContainer);
        IdentityConfig.parse(root, c, region.orElse("us-east-1"));
        root.optObject("iam").ifPresent(n -> IamConfig.parse(n, c));
        return c;
    }

    Path resolve(String path) {
        return baseDir.resolve(path);
    }

    private void parseUserKeys(ConfigNode root, CredentialRegistry registry) {
        Set<String> ids = new HashSet<>();
        for (ConfigNode k : root.objects("userKeys")) {
            k.allow("userName", "accessKeyId", "secretAccessKey");
            String user = k.string("userName", IAM_NAME, IAM_NAME_RULE);
            String id = k.string("accessKeyId", ACCESS_KEY_ID, "AKIA followed by 12..124 letters or digits");
            String secret = k.string("secretAccessKey", null, null);
            if (!ids.add(id)) {
                throw k.error("accessKeyId", "duplicate access key id " + id);
            }
            registry.seedUserKey(id, secret, user);
            outputs.userKey(user, id, secret);
        }
    }

    private void parseRoles(ConfigNode root) {
        Set<String> arns = new HashSet<>();
        List<RoleSpec> roles = new ArrayList<>();
        for (ConfigNode r : root.objects("roles")) {
            r.allow("arn", "trustedPrincipals", "trustedAccounts", "webIdentity", "maxSessionDuration",
                    "externalId", "mfa", "sessionTags");
            String arn = r.string("arn", ROLE_ARN, ROLE_ARN_RULE);
            if (!arns.add(arn)) {
                throw r.error("arn", "duplicate role " + arn);
            }
            RoleSpec.Builder b = RoleSpec.builder(arn);
            r.strings("trustedPrincipals", ARN, "an ARN such as arn:aws:iam::123456789012:user/alice")
                    .forEach(b::trustPrincipal);
            r.strings("trustedAccounts", ACCOUNT_ID, "12 digits").forEach(b::trustAccount);
            for (ConfigNode w : r.objects("webIdentity")) {
                w.allow("issuer", "audience");
                String issuer = w.string("issuer", URL, "an issuer URL such as https://oidc.example.test");
                b.trustWebIdentity(issuer, w.string("audience", null, null));
            }
            r.optLong("maxSessionDuration", 3600, 43200, "seconds")
                    .ifPresent(s -> b.maxSessionDuration(Duration.ofSeconds(s)));
            r.optString("externalId", Pattern.compile("[\\w+=,.@:/-]{2,1224}"), "2..1224 of [A-Za-z0-9_+=,.@:/-]")
                    .ifPresent(b::externalId);
            r.optObject("mfa").ifPresent(m -> parseMfa(m, b));
            r.optBoolean("sessionTags").ifPresent(b::sessionTags);
            roles.add(b.build());
            outputs.role(arn);
        }
        if (!roles.isEmpty()) {
            seedSteps.add(aws -> roles.forEach(aws.sts()::role));
        }
    }

    private static void parseMfa(ConfigNode m, RoleSpec.Builder b) {
        m.allow("serialNumber", "codes", "acceptAnyCode");
        String serial = m.string("serialNumber", Pattern.compile("[\\w+=/:,.@-]{9,256}"),
                "9..256 of [A-Za-z0-9_+=/:,.@-], e.g. arn:aws:iam::123456789012:mfa/alice");
        List<String> codes = m.strings("codes", MFA_CODE, "6 digits");
        boolean any = m.optBoolean("acceptAnyCode").orElse(false);
        if (any && !codes.isEmpty()) {
            throw m.error("codes", "give either codes or acceptAnyCode, not both");
        }
        if (any) {
            b.mfa(serial, code -> code != null && MFA_CODE.matcher(code).matches());
        } else if (codes.isEmpty()) {
            throw m.error("codes", "is required (a list of 6-digit codes, each valid once), or set acceptAnyCode");
        } else {
            b.mfa(serial, codes);
        }
    }

    private void parseIssuers(ConfigNode root) {
        for (ConfigNode i : root.objects("webIdentityIssuers")) {
            i.allow("issuer", "algorithm", "jwksFile", "tokenFiles");
            String url = i.string("issuer", URL, "an issuer URL such as https://oidc.example.test");
            if (issuers.containsKey(url)) {
                throw i.error("issuer", "duplicate issuer " + url);
            }
            String alg = i.optString("algorithm", Pattern.compile("RS256|RS512"), "RS256 or RS512").orElse("RS256");
            OidcIssuer issuer = OidcIssuer.create(url, alg);
            issuers.put(url, issuer);
            seedSteps.add(aws -> aws.sts().trustIssuer(issuer));
            Optional<Path> jwksFile = i.optString("jwksFile", null, null).map(this::resolve);
            jwksFile.ifPresent(p -> seedSteps.add(aws -> write(p, issuer.jwksJson())));
            outputs.issuer(url, alg, issuer.keyId(), jwksFile.orElse(null));
            for (ConfigNode t : i.objects("tokenFiles")) {
                t.allow("path", "subject", "audience", "ttlSeconds");
                Path path = resolve(t.string("path", null, null));
                String subject = t.string("subject", null, null);
                String audience = t.optString("audience", null, null).orElse("sts.amazonaws.com");
                long ttl = t.optLong("ttlSeconds", 60, 7 * 86400, "seconds").orElse(3600L);
                seedSteps.add(aws -> {
                    java.time.Instant now = aws.clock().instant();
                    write(path, issuer.mint(subject, audience, now, Duration.ofSeconds(ttl), Map.of()));
                    outputs.tokenFile(url, path, subject, audience, now.plusSeconds(ttl).getEpochSecond());
                });
            }
        }
    }

    /**
     * {@code externalIssuers}: issuers the fake STS trusts by their public keys (inline {@code jwks} or a
     * {@code jwksFile} read at start), for tokens minted elsewhere.
     */
    private void parseExternalIssuers(ConfigNode root) {
        for (ConfigNode i : root.objects("externalIssuers")) {
            i.allow("issuer", "jwks", "jwksFile");
            String url = i.string("issuer", URL, "an issuer URL such as https://token.actions.githubusercontent.com");
            if (issuers.containsKey(url) || !externalIssuerUrls.add(url)) {
                throw i.error("issuer", "duplicate issuer " + url);
            }
            Optional<com.fasterxml.jackson.databind.JsonNode> inline = i.optJson("jwks");
            Optional<String> file = i.optString("jwksFile", null, null);
            if (inline.isPresent() == file.isPresent()) {
                throw i.error("jwks", "give exactly one of jwks (the key set inline) or jwksFile (a path)");
            }
            String text;
            String field;
            if (inline.isPresent()) {
                if (!inline.get().isObject()) {
                    throw i.error("jwks", "must be a JSON object {\"keys\": [...]}");
                }
                text = inline.get().toString();
                field = "jwks";
            } else {
                Path p = resolve(file.get());
                try {
                    text = Files.readString(p, StandardCharsets.UTF_8);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw i.error("jwksFile", "not found: " + p);
                } catch (IOException | java.io.UncheckedIOException e) {
                    throw i.error("jwksFile", "cannot read " + p);
                }
                field = "jwksFile";
            }
            OidcIssuer issuer;
            try {
                issuer = OidcIssuer.fromJwks(url, text);
            } catch (IllegalArgumentException e) {
                throw i.error(field, e.getMessage());
            }
            seedSteps.add(aws -> aws.sts().trustIssuer(issuer));
            outputs.externalIssuer(url, issuer.jwksJson());
        }
    }

    /** The issuer configured under {@code webIdentityIssuers} with this URL. */
    Optional<OidcIssuer> issuer(String url) {
        return Optional.ofNullable(issuers.get(url));
    }

    private void parseImds(ConfigNode n) {
        n.allow("roleName", "instanceId", "extendedPath", "credentialsLifetimeSeconds");
        Optional<String> role = n.optString("roleName", IAM_NAME, IAM_NAME_RULE);
        Optional<String> instance = n.optString("instanceId", Pattern.compile("i-[0-9a-f]{8,17}"),
                "an instance id such as i-0123456789abcdef0");
        Optional<Boolean> extended = n.optBoolean("extendedPath");
        Optional<Long> lifetime = n.optLong("credentialsLifetimeSeconds", 1800, 43200, "seconds");
        builderSteps.add(b -> b.imds(i -> {
            role.ifPresent(i::roleName);
            instance.ifPresent(i::instanceId);
            extended.ifPresent(i::extendedPath);
            lifetime.ifPresent(s -> i.credentialsLifetime(Duration.ofSeconds(s)));
        }));
    }

    private void parseContainer(ConfigNode n) {
        n.allow("mode", "roleName", "credentialsLifetimeSeconds");
        Optional<String> mode = n.optString("mode", Pattern.compile("ecs|podIdentity"), "ecs or podIdentity");
        Optional<String> role = n.optString("roleName", IAM_NAME, IAM_NAME_RULE);
        Optional<Long> lifetime = n.optLong("credentialsLifetimeSeconds", 900, 43200, "seconds");
        builderSteps.add(b -> b.container(k -> {
            mode.ifPresent(m -> k.mode(m.equals("ecs") ? FakeContainerCredentials.Mode.ECS
                    : FakeContainerCredentials.Mode.POD_IDENTITY));
            role.ifPresent(k::roleName);
            lifetime.ifPresent(s -> k.credentialsLifetime(Duration.ofSeconds(s)));
        }));
    }

    static void write(Path path, String text) {
        PrivateFileWriter.write(path, text);
    }

    /** Applies the settings that must be known before the fakes are built. */
    public void configure(FakeAws.Builder builder) {
        builderSteps.forEach(s -> s.accept(builder));
    }

    /**
     * Seeds the running fakes (roles, issuers, pools, sessions) and writes the token files.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public void seed(FakeAws aws) {
        seedSteps.forEach(s -> s.accept(aws));
    }

    /** What was minted and seeded so far (complete after {@link #seed} and {@link Outputs#running}). */
    public Outputs outputs() {
        return outputs;
    }

    /** The {@code outputs} file named in the configuration, if any. */
    public Optional<Path> outputsFile() {
        return Optional.ofNullable(outputsFile);
    }

    @Override
    public String toString() {
        return "LauncherConfig(" + builderSteps.size() + " settings, " + seedSteps.size() + " seeds)";
    }
}
