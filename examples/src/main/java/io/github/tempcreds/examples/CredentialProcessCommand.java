package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code credential-process}: prints credentials from a tempcreds provider in the JSON the AWS CLI and
 * every AWS SDK accept from a profile's {@code credential_process}, so any AWS tool can use tempcreds.
 *
 * <p>Standard output gets exactly one complete JSON document or nothing; errors go to standard error
 * with exit code 1 (2 for usage errors). Only temporary credentials (with a session token and an
 * expiration) are printed. With {@code --cache} or {@code --cache-file} the credentials are kept across
 * invocations in a file written owner-only and atomically, and reused while at least
 * {@code --cache-min-validity-seconds} (default 300) are left.
 */
final class CredentialProcessCommand implements Command {
    static final Duration DEFAULT_MIN_VALIDITY = Duration.ofMinutes(5);

    private static final Set<String> VALUE_OPTIONS = Set.of("profile", "role-arn", "role-session-name",
            "duration-seconds", "external-id", "source-profile", "config-file", "credentials-file", "region",
            "sts-endpoint", "imds-endpoint", "cache-file", "cache-min-validity-seconds");
    /** Keeps the library's log lines (WARN and above) on standard error; without it only the error line shows. */
    static final String VERBOSE = "--verbose";
    private static final Set<String> FLAG_OPTIONS = Set.of("imds", "source-env", "source-imds", "cache", "verbose");

    @Override
    public String name() {
        return "credential-process";
    }

    @Override
    public String summary() {
        return "print credentials as credential_process JSON for the AWS CLI and SDKs";
    }

    @Override
    public String help() {
        return """
                Usage: credential-process --profile NAME [files] [cache]
                       credential-process --role-arn ARN [--role-arn ARN2 ...] SOURCE [sts] [cache]
                       credential-process --imds [--imds-endpoint URL] [cache]

                Prints {"Version":1,"AccessKeyId":...,"SecretAccessKey":...,"SessionToken":...,"Expiration":...}
                for a profile's credential_process, e.g. in ~/.aws/config:
                  [profile app]
                  credential_process = java -jar /path/tempcreds-examples.jar credential-process --profile app-chain --cache

                Sources of a role chain (exactly one):
                  --source-profile NAME        a profile (static keys, SSO, a chain, ...)
                  --source-env                 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY [/ AWS_SESSION_TOKEN]
                  --source-imds                the instance role
                Role chain options:
                  --role-arn ARN               a hop; repeat for a chain (first to last)
                  --role-session-name NAME     session name of every hop (default tempcreds-<time>)
                  --external-id ID             external id of the first hop
                  --duration-seconds N         session duration of every hop (chained hops: at most 3600)
                  --region REGION              STS region (default us-east-1 unless the profile says)
                  --sts-endpoint URL           STS endpoint override
                Files:
                  --config-file PATH           instead of ~/.aws/config
                  --credentials-file PATH      instead of ~/.aws/credentials
                Cache (off unless asked):
                  --cache                      cache in ~/.aws/tempcreds/credential-process/<key>.json
                  --cache-file PATH            cache in PATH (owner-only, written atomically)
                  --cache-min-validity-seconds N   reuse only with at least N s left (default 300)

                Output:
                  --verbose                    also show tempcreds' log lines (WARN) on stderr; without it a
                                               failure prints exactly one line, the error

                Exit codes: 0 credentials printed, 1 no credentials (message on stderr), 2 usage error.
                Standard output never holds a partial document; nothing secret goes to stderr.
                """;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        Args args = Args.parse(arguments, VALUE_OPTIONS, FLAG_OPTIONS);
        TempcredsEnvironment env = context.environment();
        Optional<CredentialProcessCache> cache = cache(args, env);
        Instant now = env.clock().instant();
        Optional<AwsSessionCredentials> cached = cache.flatMap(c -> c.read(now));
        if (cached.isPresent()) {
            context.out().println(toJson(cached.get()));
            return 0;
        }
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            AwsCredentialsProvider provider = provider(args, env, resources);
            AwsCredentials credentials = provider.resolveCredentials();
            if (!(credentials instanceof AwsSessionCredentials session) || session.expirationTime().isEmpty()) {
                context.err().println("credential-process: the source returned long-term credentials (no session token"
                        + " or expiration); refusing to hand them out. Use a role, SSO or the instance role.");
                return 1;
            }
            String json = toJson(session);
            if (cache.isPresent()) {
                try {
                    cache.get().write(json);
                } catch (IOException e) {
                    context.err().println("credential-process: warning: could not write the cache file "
                            + cache.get().file() + ": " + e.getMessage());
                }
            }
            context.out().println(json);
            return 0;
        } catch (CredentialsException e) {
            context.err().println("credential-process: " + e.getMessage());
            return 1;
        } catch (SdkException | IllegalArgumentException | IllegalStateException e) {
            context.err().println("credential-process: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception ignored) {
                    // closing is best effort; the credentials are already printed or the error reported
                }
            }
        }
    }

    /** The credential_process document; {@code Expiration} in ISO-8601 UTC. */
    static String toJson(AwsSessionCredentials c) {
        Map<String, Object> m = Json.object();
        m.put("Version", 1);
        m.put("AccessKeyId", c.accessKeyId());
        m.put("SecretAccessKey", c.secretAccessKey());
        m.put("SessionToken", c.sessionToken());
        m.put("Expiration", c.expirationTime().orElseThrow().toString());
        return Json.write(m);
    }

    private static AwsCredentialsProvider provider(Args args, TempcredsEnvironment env, List<AutoCloseable> resources) {
        boolean profile = args.has("profile");
        boolean roles = args.has("role-arn");
        boolean imds = args.flag("imds");
        if ((profile ? 1 : 0) + (roles ? 1 : 0) + (imds ? 1 : 0) != 1) {
            throw new UsageException("give exactly one of --profile, --role-arn or --imds");
        }
        if (profile) {
            rejectRoleOptions(args, "--profile");
            return manage(resources, profileProvider(args, args.value("profile").orElseThrow(), env));
        }
        if (imds) {
            rejectRoleOptions(args, "--imds");
            return manage(resources, imdsProvider(args, env));
        }
        return manage(resources, roleChain(args, env, resources));
    }

    private static void rejectRoleOptions(Args args, String mode) {
        for (String o : List.of("role-session-name", "duration-seconds", "external-id", "source-profile", "source-env",
                "source-imds")) {
            if (args.has(o)) {
                throw new UsageException("--" + o + " goes with --role-arn, not with " + mode);
            }
        }
    }

    private static RoleChainCredentialsProvider roleChain(Args args, TempcredsEnvironment env,
                                                          List<AutoCloseable> resources) {
        int sources = (args.has("source-profile") ? 1 : 0) + (args.flag("source-env") ? 1 : 0)
                + (args.flag("source-imds") ? 1 : 0);
        if (sources != 1) {
            throw new UsageException("a role chain needs exactly one source: --source-profile, --source-env or --source-imds");
        }
        RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder().environment(env)
                .sourceName("credential-process").region(args.value("region").orElse("us-east-1"));
        if (args.has("source-profile")) {
            b.source(manage(resources, profileProvider(args, args.value("source-profile").orElseThrow(), env)));
        } else if (args.flag("source-imds")) {
            b.source(manage(resources, imdsProvider(args, env))).sourceIsRoleSession(true);
        } else {
            EnvironmentKeysSource keys = new EnvironmentKeysSource(env, "--source-env");
            b.source(keys).sourceIsRoleSession(keys.isSession());
        }
        Optional<Duration> duration = args.value("duration-seconds").map(CredentialProcessCommand::seconds);
        List<String> arns = args.all("role-arn");
        for (int i = 0; i < arns.size(); i++) {
            RoleHop.Builder hop = RoleHop.builder().roleArn(arns.get(i));
            args.value("role-session-name").ifPresent(hop::roleSessionName);
            duration.ifPresent(hop::duration);
            if (i == 0) {
                args.value("external-id").ifPresent(hop::externalId);
            }
            b.addHop(hop.build());
        }
        args.value("sts-endpoint").map(URI::create).ifPresent(b::endpoint);
        return b.build();
    }

    private static ProfileChainCredentialsProvider profileProvider(Args args, String name, TempcredsEnvironment env) {
        ProfileChainCredentialsProvider.Builder b = ProfileChainCredentialsProvider.builder().profileName(name)
                .environment(env);
        args.value("config-file").map(Path::of).ifPresent(b::configFile);
        args.value("credentials-file").map(Path::of).ifPresent(b::credentialsFile);
        args.value("region").ifPresent(b::region);
        args.value("sts-endpoint").map(URI::create).ifPresent(b::endpoint);
        return b.build();
    }

    private static ImdsCredentialsProvider imdsProvider(Args args, TempcredsEnvironment env) {
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder().environment(env);
        args.value("imds-endpoint").map(URI::create).ifPresent(b::endpoint);
        return b.build();
    }

    private static Optional<CredentialProcessCache> cache(Args args, TempcredsEnvironment env) {
        Duration min = args.value("cache-min-validity-seconds").map(CredentialProcessCommand::seconds)
                .orElse(DEFAULT_MIN_VALIDITY);
        if (args.has("cache-file") && args.flag("cache")) {
            throw new UsageException("give --cache or --cache-file, not both");
        }
        if (!args.has("cache-file") && !args.flag("cache")) {
            if (args.has("cache-min-validity-seconds")) {
                throw new UsageException("--cache-min-validity-seconds needs --cache or --cache-file");
            }
            return Optional.empty();
        }
        String key = SsoCacheCheck.sha1(cacheKeyMaterial(args));
        Path file = args.value("cache-file").map(Path::of)
                .orElseGet(() -> CredentialProcessCache.defaultFile(env.homeDirectory(), key));
        return Optional.of(new CredentialProcessCache(file, key, min));
    }

    /** The options that select the credentials (not the cache options), in a canonical order. */
    private static String cacheKeyMaterial(Args args) {
        StringBuilder sb = new StringBuilder("v1");
        for (String o : new java.util.TreeSet<>(VALUE_OPTIONS)) {
            if (!o.startsWith("cache")) {
                sb.append('\n').append(o).append('=').append(String.join(",", args.all(o)));
            }
        }
        for (String f : new java.util.TreeSet<>(FLAG_OPTIONS)) {
            if (!f.equals("cache")) {
                sb.append('\n').append(f).append('=').append(args.flag(f));
            }
        }
        return sb.toString();
    }

    private static Duration seconds(String value) {
        try {
            long s = Long.parseLong(value);
            if (s < 0 || s > 43_200) {
                throw new UsageException("seconds must be between 0 and 43200, was " + value);
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new UsageException("expected a number of seconds, was '" + value + "'");
        }
    }

    private static <T extends RefreshableCredentialsProvider> T manage(List<AutoCloseable> resources, T provider) {
        resources.add(provider);
        return provider;
    }
}
