package io.github.tempcreds.chain.internal;

import io.github.tempcreds.container.ContainerRoleCredentialsProvider;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.TemporaryCredentialsGuard;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.profile.ProfileChainPlan;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Chooses the first configured source of the chain, remembers it, and loads from it; the loader the chain's
 * refresh engine runs (on the engine's thread, so every file read and probe happens there).
 *
 * <p>Concurrency: {@code lock} guards {@code chosen}, {@code chosenName} and {@code imdsReachable}. The
 * engine runs one load at a time; the lock only orders a load against {@code close()} and readers of
 * {@link #chosenSource()}. No service call runs under the lock.
 *
 * <p>Life cycle: {@code close()} closes the chosen source's provider but keeps the choice; every tempcreds
 * source provider re-initialises lazily, so the next load works again and the next close releases what it
 * started. Keeping the choice (rather than choosing again) means a load racing a close never uses a source
 * that nobody would close any more: whatever it restarts belongs to {@code chosen}.
 */
public final class ChainResolver implements CredentialsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ChainResolver.class);
    static final String LONG_TERM_WARNING = "Long-term AWS access keys are in use from {} because "
            + "allowLongTermKeys(true) is set; move to a temporary source (a role, SSO, web identity, container "
            + "or instance credentials) and remove the opt-in";
    static final String LONG_TERM_REFUSED = "Long-term AWS access keys (%s) were found in %s and refused: "
            + "tempcreds serves temporary credentials only (SEC02-BP02). Move to a temporary source: an SSO "
            + "profile (aws configure sso), a profile with role_arn, web identity, container or instance "
            + "credentials; or, if you must, opt in with TemporaryCredentialsChain.builder().allowLongTermKeys(true)";
    static final String NOTHING_CONFIGURED = "No AWS credentials source is configured here. Tried, in order:%s"
            + "\nSet one of them up (for a laptop: aws configure sso, then AWS_PROFILE), or give the "
            + "environment a temporary session (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN).";
    /** The IMDS reachability probe's connect timeout, in milliseconds. */
    public static final int IMDS_PROBE_MILLIS = 200;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private final TempcredsEnvironment env;
    private final RefreshPolicy policy;
    private final String profileOverride;
    private final boolean allowLongTermKeys;
    private final Object lock = new Object();
    private Source chosen;
    private Boolean imdsReachable;
    private volatile CredentialsException lastError;

    public ChainResolver(TempcredsEnvironment env, RefreshPolicy policy, String profileOverride,
            boolean allowLongTermKeys) {
        this.env = env;
        this.policy = policy;
        this.profileOverride = profileOverride;
        this.allowLongTermKeys = allowLongTermKeys;
    }

    /** One source the chain uses: its name for health and messages, and how it loads. */
    private static final class Source {
        final String name;
        final String where;
        final RefreshableCredentialsProvider provider; // null for the environment step
        final java.util.function.Supplier<AwsCredentials> loader;

        Source(String name, String where, RefreshableCredentialsProvider provider,
                java.util.function.Supplier<AwsCredentials> loader) {
            this.name = name;
            this.where = where;
            this.provider = provider;
            this.loader = loader;
        }
    }

    /** The chosen source's name (e.g. {@code profile:dev}), once a load has chosen it. */
    public Optional<String> chosenSource() {
        synchronized (lock) {
            return Optional.ofNullable(chosen).map(s -> s.name);
        }
    }

    /** The last error a load ended with, for health; empty after a successful load. */
    public Optional<CredentialsException> lastError() {
        return Optional.ofNullable(lastError);
    }

    @Override
    public AwsCredentials load() {
        try {
            AwsCredentials c = loadOnce();
            lastError = null;
            return c;
        } catch (CredentialsException e) {
            lastError = e;
            throw e;
        }
    }

    private AwsCredentials loadOnce() {
        Source s;
        synchronized (lock) {
            s = chosen;
        }
        if (s == null) {
            s = choose();
            synchronized (lock) {
                if (chosen == null) {
                    chosen = s;
                } else {
                    close(s);
                    s = chosen;
                }
            }
        }
        AwsCredentials c = s.loader.get();
        return checkTemporary(c, s.where);
    }

    /** Forwards an invalidation to the chosen source. */
    public void invalidate(String accessKeyId) {
        Source s;
        synchronized (lock) {
            s = chosen;
        }
        if (s != null && s.provider != null) {
            s.provider.invalidate(accessKeyId);
        }
    }

    /** Closes the chosen source's provider, keeping the choice; a later load re-initialises it. Idempotent. */
    public void close() {
        Source s;
        synchronized (lock) {
            s = chosen;
        }
        if (s != null) {
            close(s);
        }
    }

    private static void close(Source s) {
        if (s.provider instanceof SdkAutoCloseable) {
            ((SdkAutoCloseable) s.provider).close();
        }
    }

    private AwsCredentials checkTemporary(AwsCredentials c, String where) {
        if (!TemporaryCredentialsGuard.isLongTerm(c)) {
            return c;
        }
        if (!allowLongTermKeys) {
            String kind = c instanceof AwsSessionCredentials ? "an AKIA access key id" : "no session token";
            throw CredentialsConfigurationException.newBuilder().source("chain")
                    .message(String.format(LONG_TERM_REFUSED, kind, where)).build();
        }
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn(LONG_TERM_WARNING, where);
        }
        return c;
    }

    /** Test hook: lets a test see the once-per-process warning again. */
    static void resetWarningForTests() {
        WARNED.set(false);
    }

    private Source choose() {
        List<String> skipped = new ArrayList<>();
        Source s = environment(skipped);
        if (s == null) {
            s = webIdentity(skipped);
        }
        if (s == null) {
            s = profile(skipped);
        }
        if (s == null) {
            s = container(skipped);
        }
        if (s == null) {
            s = imds(skipped);
        }
        if (s == null) {
            StringBuilder m = new StringBuilder();
            for (String line : skipped) {
                m.append("\n  - ").append(line);
            }
            throw CredentialsNotFoundException.newBuilder().source("chain")
                    .message(String.format(NOTHING_CONFIGURED, m)).build();
        }
        LOG.debug("Credentials chain chose {}", s.name);
        return s;
    }

    private Source environment(List<String> skipped) {
        Optional<String> propId = env.property("aws.accessKeyId");
        Optional<String> envId = env.env("AWS_ACCESS_KEY_ID");
        if (propId.isEmpty() && envId.isEmpty()) {
            skip(skipped, "system properties and environment: aws.accessKeyId / AWS_ACCESS_KEY_ID not set");
            return null;
        }
        boolean props = propId.isPresent();
        String where = props ? "system properties (aws.accessKeyId, aws.secretAccessKey, aws.sessionToken)"
                : "environment variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)";
        String name = props ? "system-properties" : "environment";
        return new Source(name, where, null, () -> environmentKeys(props, where));
    }

    private AwsCredentials environmentKeys(boolean props, String where) {
        Optional<String> id = props ? env.property("aws.accessKeyId") : env.env("AWS_ACCESS_KEY_ID");
        Optional<String> secret = props ? env.property("aws.secretAccessKey") : env.env("AWS_SECRET_ACCESS_KEY");
        Optional<String> token = props ? env.property("aws.sessionToken") : env.env("AWS_SESSION_TOKEN");
        if (id.isEmpty() || id.get().isBlank() || secret.isEmpty() || secret.get().isBlank()) {
            throw CredentialsConfigurationException.newBuilder().source("chain")
                    .message("An access key id is set in " + where + " but the secret access key is not: set "
                            + (props ? "aws.secretAccessKey" : "AWS_SECRET_ACCESS_KEY") + " (and the session token)")
                    .build();
        }
        if (token.isPresent() && !token.get().isBlank()) {
            return AwsSessionCredentials.builder().accessKeyId(id.get()).secretAccessKey(secret.get())
                    .sessionToken(token.get()).providerName("tempcreds-chain").build();
        }
        return AwsBasicCredentials.builder().accessKeyId(id.get()).secretAccessKey(secret.get())
                .providerName("tempcreds-chain").build();
    }

    private Source webIdentity(List<String> skipped) {
        if (env.setting("aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE").isEmpty()) {
            skip(skipped, "web identity: AWS_WEB_IDENTITY_TOKEN_FILE not set");
            return null;
        }
        WebIdentityCredentialsProvider p = WebIdentityCredentialsProvider.builder().environment(env)
                .refreshPolicy(policy).build();
        if (p.roleArn().isEmpty()) {
            p.close();
            throw CredentialsConfigurationException.newBuilder().source("web-identity")
                    .message("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN (system property aws.roleArn) "
                            + "is not: set the role to assume with the web identity token").build();
        }
        return new Source("web-identity", "web identity", p, p::resolveCredentials);
    }

    private Source profile(List<String> skipped) {
        ProfileChainCredentialsProvider.Builder b = ProfileChainCredentialsProvider.builder().environment(env)
                .refreshPolicy(policy);
        if (profileOverride != null) {
            b.profileName(profileOverride);
        }
        ProfileChainCredentialsProvider p = b.build();
        ProfileChainPlan plan;
        try {
            plan = p.plan();
        } catch (CredentialsNotFoundException e) {
            p.close();
            skip(skipped, "profile: " + e.getMessage());
            return null;
        } catch (CredentialsException e) {
            p.close();
            throw e;
        }
        String where = "profile " + plan.profileName() + " ("
                + (plan.source().kind() == ProfileChainPlan.SourceKind.PROCESS ? "credential_process output in "
                : "") + plan.configFile() + " / " + plan.credentialsFile() + ")";
        return new Source("profile:" + plan.profileName(), where, p, p::resolveCredentials);
    }

    private Source container(List<String> skipped) {
        if (!ContainerRoleCredentialsProvider.isConfigured(env)) {
            skip(skipped, "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                    + "AWS_CONTAINER_CREDENTIALS_FULL_URI not set");
            return null;
        }
        ContainerRoleCredentialsProvider p = ContainerRoleCredentialsProvider.builder().environment(env)
                .refreshPolicy(policy).build();
        return new Source("container", "container credentials", p, p::resolveCredentials);
    }

    private Source imds(List<String> skipped) {
        if (env.setting("aws.disableEc2Metadata", "AWS_EC2_METADATA_DISABLED")
                .map(v -> v.trim().equalsIgnoreCase("true")).orElse(false)) {
            skip(skipped, "instance metadata (IMDS): AWS_EC2_METADATA_DISABLED=true");
            return null;
        }
        Optional<String> endpoint = env.setting("aws.ec2MetadataServiceEndpoint", "AWS_EC2_METADATA_SERVICE_ENDPOINT");
        if (endpoint.isEmpty() && !imdsReachable()) {
            skip(skipped, "instance metadata (IMDS): not reachable (no answer to a " + IMDS_PROBE_MILLIS
                    + " ms connect to the default endpoint; set AWS_EC2_METADATA_SERVICE_ENDPOINT to use another)");
            return null;
        }
        ImdsCredentialsProvider p = ImdsCredentialsProvider.builder().environment(env).refreshPolicy(policy).build();
        return new Source("imds", "instance metadata (IMDS)", p, p::resolveCredentials);
    }

    private boolean imdsReachable() {
        synchronized (lock) {
            if (imdsReachable != null) {
                return imdsReachable;
            }
        }
        boolean ipv6 = env.setting("aws.ec2MetadataServiceEndpointMode", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
                .map(m -> m.trim().equalsIgnoreCase("IPv6")).orElse(false);
        URI uri = URI.create(ipv6 ? "http://[fd00:ec2::254]" : "http://169.254.169.254");
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), 80), IMDS_PROBE_MILLIS);
            reachable = true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("IMDS probe: {}", e.toString());
            reachable = false;
        }
        synchronized (lock) {
            imdsReachable = reachable;
        }
        return reachable;
    }

    private static void skip(List<String> skipped, String why) {
        skipped.add(why);
        LOG.debug("Credentials chain skipped {}", why);
    }
}
