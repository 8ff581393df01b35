package io.github.tempcreds.testkit.internal.launcher;

import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeIam;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code iam} section of the launcher's configuration: the fake IAM's users, their keys (ages and last
 * use in days before start), console passwords, MFA, and the root user's settings. Internal: no
 * compatibility promise.
 */
final class IamConfig {
    static final String HELP = String.join("\n",
            "  \"iam\": {\"rootAccessKeys\": false, \"rootMfa\": true,  the root user (defaults shown)",
            "          \"reportGenerationCalls\": 2,    GenerateCredentialReport calls until COMPLETE",
            "          \"users\": [{\"userName\": \"bob\", \"createdDaysAgo\": 400,",
            "                     \"consolePassword\": true, \"passwordLastUsedDaysAgo\": 3, \"mfa\": false,",
            "                     \"accessKeys\": [{\"accessKeyId\": \"AKIATESTBOB00001\", \"secretAccessKey\": \"s\",",
            "                                     \"createdDaysAgo\": 200, \"active\": true, \"lastUsedDaysAgo\": 3,",
            "                                     \"lastUsedService\": \"s3\", \"lastUsedRegion\": \"us-east-1\"}]}]},",
            "                                         userKeys above are IAM users' active keys here too");

    private IamConfig() {
    }

    static void parse(ConfigNode iam, LauncherConfig c) {
        iam.allow("rootAccessKeys", "rootMfa", "reportGenerationCalls", "users");
        List<Consumer<FakeIam>> steps = new ArrayList<>();
        iam.optBoolean("rootAccessKeys").ifPresent(v -> steps.add(f -> f.rootAccessKeys(v)));
        iam.optBoolean("rootMfa").ifPresent(v -> steps.add(f -> f.rootMfa(v)));
        iam.optLong("reportGenerationCalls", 1, 100, "calls")
                .ifPresent(v -> steps.add(f -> f.reportGenerationCalls(v.intValue())));
        Set<String> names = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode u : iam.objects("users")) {
            u.allow("userName", "createdDaysAgo", "consolePassword", "passwordLastUsedDaysAgo", "mfa", "accessKeys");
            String name = u.string("userName", LauncherConfig.IAM_NAME, "1..64 of letters, digits and +=,.@_-");
            if (!names.add(name)) {
                throw u.error("userName", "duplicate user " + name);
            }
            long created = u.optLong("createdDaysAgo", 0, 36_500, "days").orElse(0L);
            boolean password = u.optBoolean("consolePassword").orElse(false);
            Long passwordUsed = u.optLong("passwordLastUsedDaysAgo", 0, 36_500, "days").orElse(null);
            boolean mfa = u.optBoolean("mfa").orElse(false);
            steps.add(f -> {
                f.user(name, daysAgo(f, created));
                if (password) {
                    f.loginProfile(name, daysAgo(f, created), passwordUsed == null ? null : daysAgo(f, passwordUsed));
                }
                if (mfa) {
                    f.mfaDevice(name, daysAgo(f, created));
                }
            });
            List<ConfigNode> keys = u.objects("accessKeys");
            if (keys.size() > 2) {
                throw u.error("accessKeys", "at most two access keys per user (IAM's limit)");
            }
            for (ConfigNode k : keys) {
                k.allow("accessKeyId", "secretAccessKey", "createdDaysAgo", "active", "lastUsedDaysAgo",
                        "lastUsedService", "lastUsedRegion");
                String id = k.string("accessKeyId", LauncherConfig.ACCESS_KEY_ID,
                        "AKIA followed by 12..124 letters or digits");
                if (!ids.add(id)) {
                    throw k.error("accessKeyId", "duplicate access key id " + id);
                }
                String secret = k.string("secretAccessKey", null, null);
                long keyCreated = k.optLong("createdDaysAgo", 0, 36_500, "days").orElse(0L);
                boolean active = k.optBoolean("active").orElse(true);
                Long used = k.optLong("lastUsedDaysAgo", 0, 36_500, "days").orElse(null);
                String service = k.optString("lastUsedService", null, null).orElse("sts");
                String region = k.optString("lastUsedRegion", null, null).orElse("us-east-1");
                steps.add(f -> {
                    f.accessKey(name, id, secret, daysAgo(f, keyCreated), active);
                    if (used != null) {
                        f.recordKeyUse(id, daysAgo(f, used), service, region);
                    }
                });
            }
        }
        c.seedSteps.add((FakeAws aws) -> steps.forEach(s -> s.accept(aws.iam())));
    }

    private static Instant daysAgo(FakeIam f, long days) {
        return f.clock().instant().minus(Duration.ofDays(days)).truncatedTo(ChronoUnit.SECONDS);
    }
}
