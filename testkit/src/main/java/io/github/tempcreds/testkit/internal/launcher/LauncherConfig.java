package io.github.tempcreds.testkit.internal.launcher;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The launcher's JSON configuration: parsed and validated up front (every error names its field), then
 * applied to a {@link FakeAws.Builder} before the fakes start ({@link #configure}) and to the running
 * fakes after ({@link #seed}). Internal: no compatibility promise.
 */
public final class LauncherConfig {
    static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA\\w{12,124}");
    static final Pattern IAM_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    /** The configuration section of {@code --help}. */
    public static final String HELP = String.join("\n",
            "Configuration file (JSON; every field is optional; unknown fields are errors):",
            "{",
            "  \"accountId\": \"123456789012\",            12 digits",
            "  \"region\": \"us-east-1\",",
            "  \"userKeys\": [                            long-term IAM user keys STS accepts",
            "    {\"userName\": \"alice\", \"accessKeyId\": \"AKIATESTALICE0001\", \"secretAccessKey\": \"testsecret\"}",
            "  ],",
            "  \"imds\": {\"roleName\": \"demo-role\", \"instanceId\": \"i-0123456789abcdef0\",",
            "           \"extendedPath\": true, \"credentialsLifetimeSeconds\": 21600}",
            "}");

    private final List<Consumer<FakeAws.Builder>> builderSteps = new ArrayList<>();
    private final List<Consumer<FakeAws>> seedSteps = new ArrayList<>();

    private LauncherConfig() {
    }

    /** An empty account: every fake with its defaults. */
    public static LauncherConfig defaults() {
        return new LauncherConfig();
    }

    /**
     * Parses and validates a configuration.
     *
     * @param root the JSON document
     * @param baseDir the directory relative paths in the file resolve against
     * @throws ConfigNode.ConfigException naming the first bad field
     */
    public static LauncherConfig parse(ConfigNode root, Path baseDir) {
        LauncherConfig c = new LauncherConfig();
        root.allow("accountId", "region", "userKeys", "imds");
        String accountId = root.optString("accountId", ACCOUNT_ID, "12 digits").orElse(CredentialRegistry.DEFAULT_ACCOUNT_ID);
        Optional<String> region = root.optString("region", REGION, "a region such as us-east-1");
        CredentialRegistry registry = CredentialRegistry.create(accountId, new SecureRandom());
        c.builderSteps.add(b -> b.registry(registry));
        region.ifPresent(r -> c.builderSteps.add(b -> b.region(r)));
        parseUserKeys(root, registry);
        root.optObject("imds").ifPresent(n -> c.parseImds(n));
        return c;
    }

    private static void parseUserKeys(ConfigNode root, CredentialRegistry registry) {
        Set<String> ids = new HashSet<>();
        for (ConfigNode k : root.objects("userKeys")) {
            k.allow("userName", "accessKeyId", "secretAccessKey");
            String user = k.string("userName", IAM_NAME, "1..64 of [A-Za-z0-9_+=,.@-]");
            String id = k.string("accessKeyId", ACCESS_KEY_ID, "AKIA followed by 12..124 letters or digits");
            String secret = k.string("secretAccessKey", null, null);
            if (!ids.add(id)) {
                throw k.error("accessKeyId", "duplicate access key id " + id);
            }
            registry.seedUserKey(id, secret, user);
        }
    }

    private void parseImds(ConfigNode n) {
        n.allow("roleName", "instanceId", "extendedPath", "credentialsLifetimeSeconds");
        Optional<String> role = n.optString("roleName", IAM_NAME, "1..64 of [A-Za-z0-9_+=,.@-]");
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

    /** Applies the settings that must be known before the fakes are built. */
    public void configure(FakeAws.Builder builder) {
        builderSteps.forEach(s -> s.accept(builder));
    }

    /** Seeds the running fakes (pools, sessions, token files). */
    public void seed(FakeAws aws) {
        seedSteps.forEach(s -> s.accept(aws));
    }

    @Override
    public String toString() {
        return "LauncherConfig(" + builderSteps.size() + " settings, " + seedSteps.size() + " seeds)";
    }
}
