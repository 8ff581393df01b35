package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Loads the credentials of one hop of a role chain: resolve the source (the previous hop, or the
 * chain's source), then {@code AssumeRole} signed with exactly those credentials.
 *
 * <p>On {@code ExpiredToken} or {@code InvalidClientTokenId} the source is invalidated (when it is a
 * tempcreds provider), resolved again and the call retried once, with a fresh MFA code if the hop
 * needs one.
 *
 * <p>Concurrency: the engine calls {@link #load()} from one thread at a time per hop. {@code lastArn}
 * is volatile so the next hop's loader can name this hop's principal in its messages;
 * {@code clampWarned} makes the clamp WARN appear once per hop.
 */
final class AssumeRoleLoader implements CredentialsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(AssumeRoleLoader.class);

    static final String CLAMPED = "Role {} is assumed by role chaining, and AWS caps such sessions at one "
            + "hour: the requested duration {} is clamped to PT1H (strictDurations(true) refuses instead)";
    static final String REFUSED = "Role %s is assumed by role chaining (%s), and AWS caps such sessions at "
            + "one hour, but duration %s was requested: ask for at most PT1H, or turn strictDurations off to "
            + "clamp it";
    static final String PROVIDER_NAME = "tempcreds-role-chain";

    private final String sourceName;
    private final int index;
    private final RoleHop hop;
    private final String sessionName;
    private final AwsCredentialsProvider source;
    private final String sourceDescription;
    private final AssumeRoleLoader previous;
    private final Boolean sourceIsRoleSession;
    private final boolean strictDurations;
    private final StsClients clients;
    private final TempcredsEnvironment environment;
    private final AtomicBoolean clampWarned = new AtomicBoolean();
    private volatile String lastArn;

    AssumeRoleLoader(String sourceName, int index, RoleHop hop, String sessionName, AwsCredentialsProvider source,
                     String sourceDescription, AssumeRoleLoader previous, Boolean sourceIsRoleSession,
                     boolean strictDurations, StsClients clients, TempcredsEnvironment environment) {
        this.sourceName = sourceName;
        this.index = index;
        this.hop = hop;
        this.sessionName = sessionName;
        this.source = source;
        this.sourceDescription = sourceDescription;
        this.previous = previous;
        this.sourceIsRoleSession = sourceIsRoleSession;
        this.strictDurations = strictDurations;
        this.clients = clients;
        this.environment = environment;
    }

    @Override
    public AwsCredentials load() {
        AwsCredentials src = resolveSource();
        Integer duration = durationSeconds(src);
        try {
            return assume(src, duration);
        } catch (StsException e) {
            if (!StsErrors.isExpiredToken(e) && !StsErrors.isInvalidClientToken(e)) {
                throw StsErrors.map(e, call(src));
            }
            LOG.debug("STS rejected the source credentials {} of {} ({}); refreshing the source once",
                    src.accessKeyId(), hop.roleArn(), StsErrors.code(e));
            if (source instanceof RefreshableCredentialsProvider) {
                ((RefreshableCredentialsProvider) source).invalidate(src.accessKeyId());
            }
            AwsCredentials again = resolveSource();
            try {
                return assume(again, duration);
            } catch (StsException e2) {
                throw StsErrors.map(e2, call(again));
            }
        }
    }

    /** The ARN of the session this hop last assumed, or null before the first success. */
    String lastArn() {
        return lastArn;
    }

    private AwsCredentials assume(AwsCredentials src, Integer duration) {
        AssumeRoleRequest.Builder req = AssumeRoleRequest.builder()
                .roleArn(hop.roleArn())
                .roleSessionName(sessionName)
                .durationSeconds(duration)
                .overrideConfiguration(o -> o.credentialsProvider(StaticCredentialsProvider.create(src)));
        hop.externalId().ifPresent(req::externalId);
        hop.policy().ifPresent(req::policy);
        hop.sourceIdentity().ifPresent(req::sourceIdentity);
        if (!hop.policyArns().isEmpty()) {
            List<PolicyDescriptorType> arns = new ArrayList<>();
            hop.policyArns().forEach(a -> arns.add(PolicyDescriptorType.builder().arn(a).build()));
            req.policyArns(arns);
        }
        if (!hop.tags().isEmpty()) {
            List<Tag> tags = new ArrayList<>();
            hop.tags().forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
            req.tags(tags);
        }
        if (!hop.transitiveTagKeys().isEmpty()) {
            req.transitiveTagKeys(hop.transitiveTagKeys());
        }
        if (hop.mfaSerial().isPresent()) {
            Supplier<String> supplier = hop.tokenCode().orElseThrow();
            String serial = hop.mfaSerial().get();
            req.serialNumber(serial).tokenCode(MfaCoordinator.forSerial(serial).nextCode(supplier,
                    environment.clock()));
        }
        long started = System.nanoTime();
        AssumeRoleResponse resp;
        try {
            resp = clients.client(hop.region().orElse(null), hop.endpoint().orElse(null)).assumeRole(req.build());
        } catch (StsException e) {
            throw e;
        } catch (SdkClientException e) {
            throw StsErrors.mapClientError(e, call(src));
        }
        return toCredentials(resp, started);
    }

    private AwsCredentials toCredentials(AssumeRoleResponse resp, long started) {
        Credentials c = resp.credentials();
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw io.github.tempcreds.core.CredentialsRetrievalException.newBuilder().source(sourceName)
                    .message("STS answered AssumeRole of " + hop.roleArn() + " without complete credentials")
                    .build();
        }
        String arn = resp.assumedRoleUser() == null ? null : resp.assumedRoleUser().arn();
        lastArn = arn;
        Instant expiration = c.expiration();
        LOG.debug("assumed {} (hop {}) as session {} in {} ms; expires {}", hop.roleArn(), index + 1,
                sessionName, (System.nanoTime() - started) / 1_000_000, expiration);
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken())
                .expirationTime(expiration)
                .providerName(PROVIDER_NAME);
        String account = accountOf(arn);
        if (account != null) {
            b.accountId(account);
        }
        return b.build();
    }

    private AwsCredentials resolveSource() {
        try {
            AwsCredentials c = source.resolveCredentials();
            if (c == null) {
                throw CredentialsConfigurationException.newBuilder().source(sourceName)
                        .message(sourceDescription + " returned no credentials").build();
            }
            return c;
        } catch (RuntimeException e) {
            throw StsErrors.sourceFailed(e, sourceName, sourceDescription + " (the source of " + hop.roleArn() + ")");
        }
    }

    /** The DurationSeconds to send: the hop's, clamped (or refused) for chained hops. */
    private Integer durationSeconds(AwsCredentials src) {
        Duration d = hop.duration().orElse(null);
        if (d == null || d.compareTo(StsValidation.CHAINING_CAP) <= 0) {
            return d == null ? null : (int) d.getSeconds();
        }
        boolean chained = index > 0 || (sourceIsRoleSession != null ? sourceIsRoleSession
                : src instanceof AwsSessionCredentials);
        if (!chained) {
            return (int) d.getSeconds();
        }
        if (strictDurations) {
            throw CredentialsConfigurationException.newBuilder().source(sourceName)
                    .message(String.format(REFUSED, hop.roleArn(), index > 0 ? "hop " + (index + 1) + " of the chain"
                            : "its source gives session credentials", d)).build();
        }
        if (clampWarned.compareAndSet(false, true)) {
            LOG.warn(CLAMPED, hop.roleArn(), d);
        }
        return (int) StsValidation.CHAINING_CAP.getSeconds();
    }

    private StsErrors.Call call(AwsCredentials src) {
        String caller = previous != null ? previous.lastArn() : null;
        return new StsErrors.Call(sourceName, "AssumeRole", hop.roleArn(),
                clients.region(hop.region().orElse(null)), caller, src == null ? null : src.accessKeyId());
    }

    static String accountOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && parts[4].matches("\\d{12}") ? parts[4] : null;
    }

    @Override
    public String toString() {
        return "AssumeRoleLoader(hop " + (index + 1) + ", " + hop + ")";
    }
}
