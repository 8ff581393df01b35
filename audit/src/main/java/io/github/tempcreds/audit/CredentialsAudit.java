package io.github.tempcreds.audit;

import io.github.tempcreds.audit.internal.CredentialReport;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.CredentialsTimeoutException;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamClientBuilder;
import software.amazon.awssdk.services.iam.model.AccessKeyLastUsed;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Audits an AWS account's long-term credentials (AWS Well-Architected SEC02-BP02): every IAM user's access
 * keys (age, last use, status), the root user's keys and MFA, console users without MFA, from IAM's
 * credential report plus {@code ListUsers}, {@code ListAccessKeys}, {@code GetAccessKeyLastUsed} and
 * {@code GetAccountSummary}.
 *
 * <pre>{@code
 * try (CredentialsAudit audit = CredentialsAudit.builder().credentialsProvider(provider).build()) {
 *     AuditReport report = audit.run();
 *     System.out.print(report.toTable());
 * }
 * }</pre>
 *
 * <p>The credential report is generated and polled with backoff (1 s doubling to 10 s) while IAM builds it,
 * for at most {@link Builder#reportWait(Duration)} (default 2 minutes); then a
 * {@link CredentialsTimeoutException}. Missing IAM permissions give a {@link CredentialsConfigurationException}
 * naming every action in {@link #REQUIRED_ACTIONS}. Throttling is retried by the IAM client's retry strategy.
 * Thread-safe; {@link #run()} may be called repeatedly.
 */
public final class CredentialsAudit implements AutoCloseable {
    /** The IAM actions the audit calls; grant them on {@code *}. */
    public static final List<String> REQUIRED_ACTIONS = List.of("iam:GenerateCredentialReport",
            "iam:GetCredentialReport", "iam:ListUsers", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed",
            "iam:GetAccountSummary");
    /** Default maximum age of an active access key. */
    public static final Duration DEFAULT_MAX_KEY_AGE = Duration.ofDays(90);
    /** Default time an active access key may go unused. */
    public static final Duration DEFAULT_UNUSED_KEY_THRESHOLD = Duration.ofDays(45);
    /** Default bound on waiting for IAM to generate the credential report. */
    public static final Duration DEFAULT_REPORT_WAIT = Duration.ofMinutes(2);

    static final String ACCESS_DENIED_MESSAGE = "IAM denied the audit %s (%s). The audit needs these IAM "
            + "actions on resource \"*\": %s. Attach a policy granting them (see docs/audit.md) to the identity "
            + "running the audit.";
    private static final Duration FIRST_POLL = Duration.ofSeconds(1);
    private static final Duration MAX_POLL = Duration.ofSeconds(10);

    private final BuilderImpl config;
    private final IamClient iam;
    private final boolean ownsClient;

    private CredentialsAudit(BuilderImpl b) {
        this.config = b.copy();
        if (b.iam != null) {
            this.iam = b.iam;
            this.ownsClient = false;
        } else {
            IamClientBuilder cb = IamClient.builder().region(b.region == null ? Region.US_EAST_1 : b.region);
            if (b.credentialsProvider != null) {
                cb.credentialsProvider(b.credentialsProvider);
            }
            if (b.endpointOverride != null) {
                cb.endpointOverride(b.endpointOverride);
            }
            this.iam = cb.build();
            this.ownsClient = true;
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** An audit with the default credentials chain and the default thresholds. */
    public static CredentialsAudit create() {
        return builder().build();
    }

    /** A builder with this audit's settings. */
    public Builder toBuilder() {
        return config.copy();
    }

    /** Sleeps between polls of the credential report; injectable so tests do not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * Runs the audit.
     *
     * @throws CredentialsConfigurationException when IAM denies an action (names every action needed)
     * @throws CredentialsTimeoutException when IAM did not finish the credential report in time
     * @throws CredentialsRetrievalException when IAM fails otherwise, or the report cannot be read
     */
    public AuditReport run() {
        try {
            return audit();
        } catch (IamException e) {
            throw translate(e);
        }
    }

    private AuditReport audit() {
        GetCredentialReportResponse reportResponse = credentialReport();
        Instant now = config.environment.clock().instant();
        CredentialReport report;
        try {
            report = CredentialReport.parse(new String(reportResponse.content().asByteArray(),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw CredentialsRetrievalException.of("IAM's credential report could not be read: " + e.getMessage()
                    + ". Run the audit again; if it persists, check `aws iam get-credential-report`.");
        }
        Map<String, Integer> summary = call("GetAccountSummary", () -> iam.getAccountSummary().summaryMapAsStrings());
        Optional<CredentialReport.Row> rootRow = report.row(Finding.ROOT);
        boolean rootKeys = summary.containsKey("AccountAccessKeysPresent")
                ? summary.get("AccountAccessKeysPresent") > 0
                : rootRow.map(r -> r.flag("access_key_1_active") || r.flag("access_key_2_active")).orElse(false);
        boolean rootMfa = summary.containsKey("AccountMFAEnabled") ? summary.get("AccountMFAEnabled") > 0
                : rootRow.map(CredentialReport.Row::mfaActive).orElse(false);

        List<Finding> findings = new ArrayList<>();
        if (rootKeys) {
            findings.add(new Finding(FindingKind.ROOT_ACCESS_KEY_PRESENT, Finding.ROOT, null,
                    "the root user has an access key (AccountAccessKeysPresent=1)",
                    "Sign in as the root user, delete its access keys (Security credentials), and use IAM roles "
                            + "or IAM Identity Center for programmatic access."));
        }
        if (!rootMfa) {
            findings.add(new Finding(FindingKind.ROOT_MFA_NOT_ENABLED, Finding.ROOT, null,
                    "the root user has no MFA device (AccountMFAEnabled=0)",
                    "Sign in as the root user and assign an MFA device (a passkey or hardware key) under "
                            + "Security credentials."));
        }

        List<User> users = new ArrayList<>();
        call("ListUsers", () -> {
            iam.listUsersPaginator(ListUsersRequest.builder().build()).users().forEach(users::add);
            return null;
        });
        List<AccessKeyInfo> keys = new ArrayList<>();
        int usersWithoutKey = 0;
        int consoleUsers = 0;
        int oldKeys = 0;
        for (User user : users) {
            Optional<CredentialReport.Row> row = report.row(user.userName());
            if (row.map(CredentialReport.Row::passwordEnabled).orElse(false)) {
                consoleUsers++;
                if (!row.get().mfaActive()) {
                    findings.add(new Finding(FindingKind.CONSOLE_USER_WITHOUT_MFA, user.userName(), null,
                            "console password enabled (last used "
                                    + row.get().time("password_last_used").map(CredentialsAudit::day).orElse("never")
                                    + "), no MFA device",
                            "Assign an MFA device to " + user.userName() + " and require it, or remove the "
                                    + "password (aws iam delete-login-profile --user-name " + user.userName()
                                    + ") and move the person to IAM Identity Center."));
                }
            }
            List<AccessKeyInfo> userKeys = new ArrayList<>();
            if (row.isEmpty() || row.get().hasAccessKey()) {
                userKeys = accessKeys(user.userName());
            }
            if (userKeys.isEmpty()) {
                usersWithoutKey++;
            }
            int active = 0;
            for (AccessKeyInfo k : userKeys) {
                keys.add(k);
                if (!k.active()) {
                    findings.add(new Finding(FindingKind.INACTIVE_ACCESS_KEY_PRESENT, k.userName(), k.accessKeyId(),
                            "inactive key " + k.maskedId() + " created " + day(k.created()),
                            "Delete it: aws iam delete-access-key --user-name " + k.userName()
                                    + " --access-key-id <" + k.maskedId() + ">"));
                    continue;
                }
                active++;
                long ageDays = Duration.between(k.created(), now).toDays();
                if (Duration.between(k.created(), now).compareTo(config.maxKeyAge) > 0) {
                    oldKeys++;
                    findings.add(new Finding(FindingKind.ACCESS_KEY_TOO_OLD, k.userName(), k.accessKeyId(),
                            "active key " + k.maskedId() + " created " + day(k.created()) + ", " + ageDays
                                    + " days ago (maximum " + config.maxKeyAge.toDays() + " days)",
                            "Replace the key with temporary credentials (an IAM role, IAM Identity Center); if it "
                                    + "must stay, rotate it: create a new key, deploy it, deactivate and delete "
                                    + "this one."));
                }
                Instant since = k.lastUse().orElse(k.created());
                if (Duration.between(since, now).compareTo(config.unusedKeyThreshold) > 0) {
                    String seen = k.neverUsed() ? "never used, created " + day(k.created()) + " (" + ageDays
                            + " days ago)" : "last used " + day(since) + " (" + Duration.between(since, now).toDays()
                            + " days ago, " + k.lastUsedService() + ")";
                    findings.add(new Finding(FindingKind.ACCESS_KEY_UNUSED, k.userName(), k.accessKeyId(),
                            "active key " + k.maskedId() + " " + seen + " (threshold "
                                    + config.unusedKeyThreshold.toDays() + " days)",
                            "Deactivate it (aws iam update-access-key --user-name " + k.userName()
                                    + " --status Inactive --access-key-id <" + k.maskedId()
                                    + ">), then delete it if nothing broke."));
                }
            }
            if (active >= 2) {
                findings.add(new Finding(FindingKind.TWO_ACTIVE_ACCESS_KEYS, user.userName(), null,
                        "two active keys: " + userKeys.stream().filter(AccessKeyInfo::active)
                                .map(AccessKeyInfo::maskedId).reduce((a, b) -> a + ", " + b).orElse(""),
                        "Finish the rotation: deactivate the older key once nothing uses it, then delete it."));
            }
        }
        String accountId = rootRow.flatMap(r -> r.value("arn")).map(CredentialsAudit::accountOf)
                .orElseGet(() -> users.isEmpty() ? null : accountOf(users.get(0).arn()));
        int activeKeys = (int) keys.stream().filter(AccessKeyInfo::active).count();
        AuditSummary figures = new AuditSummary(users.size(), keys.size(), activeKeys, oldKeys, usersWithoutKey,
                consoleUsers, rootKeys, rootMfa);
        Instant reportTime = reportResponse.generatedTime() != null ? reportResponse.generatedTime() : now;
        return new AuditReport(accountId, now, reportTime, config.maxKeyAge, config.unusedKeyThreshold, figures,
                keys, findings);
    }

    private List<AccessKeyInfo> accessKeys(String userName) {
        List<AccessKeyMetadata> metadata = new ArrayList<>();
        call("ListAccessKeys", () -> {
            iam.listAccessKeysPaginator(r -> r.userName(userName)).accessKeyMetadata().forEach(metadata::add);
            return null;
        });
        List<AccessKeyInfo> out = new ArrayList<>();
        for (AccessKeyMetadata m : metadata) {
            AccessKeyLastUsed last = call("GetAccessKeyLastUsed",
                    () -> iam.getAccessKeyLastUsed(r -> r.accessKeyId(m.accessKeyId())).accessKeyLastUsed());
            Instant lastUsed = last == null ? null : last.lastUsedDate();
            out.add(new AccessKeyInfo(userName, m.accessKeyId(), m.status() == StatusType.ACTIVE,
                    m.createDate() == null ? Instant.EPOCH : m.createDate(), lastUsed,
                    lastUsed == null ? null : last.serviceName(), lastUsed == null ? null : last.region()));
        }
        out.sort((a, b) -> a.created().compareTo(b.created()));
        return out;
    }

    private GetCredentialReportResponse credentialReport() {
        Instant start = config.environment.clock().instant();
        Instant deadline = start.plus(config.reportWait);
        Duration pause = FIRST_POLL;
        while (true) {
            ReportStateType state = call("GenerateCredentialReport", () -> iam.generateCredentialReport().state());
            if (state == ReportStateType.COMPLETE) {
                try {
                    return iam.getCredentialReport();
                } catch (CredentialReportNotReadyException e) {
                    state = ReportStateType.INPROGRESS;
                } catch (IamException e) {
                    throw translate(e, "GetCredentialReport");
                }
            }
            Instant now = config.environment.clock().instant();
            if (now.plus(pause).isAfter(deadline)) {
                throw CredentialsTimeoutException.of("IAM did not finish generating the credential report within "
                        + config.reportWait.toSeconds() + " s (last state " + state + "). Run the audit again later, "
                        + "or raise CredentialsAudit.Builder.reportWait.");
            }
            try {
                config.sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CredentialsTimeoutException.of("interrupted while waiting for IAM's credential report");
            }
            pause = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        }
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(String action, Call<T> call) {
        try {
            return call.run();
        } catch (IamException e) {
            throw translate(e, action);
        }
    }

    private static RuntimeException translate(IamException e) {
        return translate(e, "a call");
    }

    private static RuntimeException translate(IamException e, String action) {
        String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
        if (e.statusCode() == 403 && ("AccessDenied".equals(code) || "AccessDeniedException".equals(code)
                || code == null || code.isEmpty())) {
            return CredentialsConfigurationException.of(String.format(ACCESS_DENIED_MESSAGE, "iam:" + action,
                    e.awsErrorDetails() == null ? "HTTP 403" : e.awsErrorDetails().errorMessage(),
                    String.join(", ", REQUIRED_ACTIONS)), e);
        }
        return CredentialsRetrievalException.of("IAM " + action + " failed: " + code + " (HTTP " + e.statusCode()
                + "). Check that the IAM endpoint and credentials are right, then run the audit again.", e);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length >= 5 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static String day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** Closes the IAM client if the audit built it (not one given to {@link Builder#iamClient}). */
    @Override
    public void close() {
        if (ownsClient) {
            iam.close();
        }
    }

    @Override
    public String toString() {
        return "CredentialsAudit(maxKeyAge=" + config.maxKeyAge.toDays() + "d, unusedKeyThreshold="
                + config.unusedKeyThreshold.toDays() + "d)";
    }

    /** Builds a {@link CredentialsAudit}. */
    public interface Builder {
        /** The IAM client to use (not closed by the audit). Overrides the credentials, region and endpoint. */
        Builder iamClient(IamClient iam);

        /** Credentials for the IAM client the audit builds. Default: the SDK's default chain. */
        Builder credentialsProvider(AwsCredentialsProvider provider);

        /** Region of the IAM client the audit builds. Default {@code us-east-1} (IAM is global; it signs there). */
        Builder region(Region region);

        /** Endpoint of the IAM client the audit builds (a fake, a VPC endpoint). */
        Builder endpointOverride(URI endpoint);

        /** Maximum age of an active access key. Default 90 days. */
        Builder maxKeyAge(Duration maxAge);

        /** How long an active key may go unused (or never used since created). Default 45 days. */
        Builder unusedKeyThreshold(Duration threshold);

        /** Bound on waiting for IAM's credential report. Default 2 minutes. */
        Builder reportWait(Duration wait);

        /** The clock (via the environment). Default: {@link TempcredsEnvironment#system()}. */
        Builder environment(TempcredsEnvironment environment);

        /** How the audit sleeps between polls of the credential report. Default: {@link Thread#sleep}. */
        Builder sleeper(Sleeper sleeper);

        /** Builds the audit. */
        CredentialsAudit build();
    }

    private static final class BuilderImpl implements Builder {
        private IamClient iam;
        private AwsCredentialsProvider credentialsProvider;
        private Region region;
        private URI endpointOverride;
        private Duration maxKeyAge = DEFAULT_MAX_KEY_AGE;
        private Duration unusedKeyThreshold = DEFAULT_UNUSED_KEY_THRESHOLD;
        private Duration reportWait = DEFAULT_REPORT_WAIT;
        private TempcredsEnvironment environment = TempcredsEnvironment.system();
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        BuilderImpl copy() {
            BuilderImpl b = new BuilderImpl();
            b.iam = iam;
            b.credentialsProvider = credentialsProvider;
            b.region = region;
            b.endpointOverride = endpointOverride;
            b.maxKeyAge = maxKeyAge;
            b.unusedKeyThreshold = unusedKeyThreshold;
            b.reportWait = reportWait;
            b.environment = environment;
            b.sleeper = sleeper;
            return b;
        }

        @Override
        public Builder iamClient(IamClient iam) {
            this.iam = Objects.requireNonNull(iam, "iam");
            return this;
        }

        @Override
        public Builder credentialsProvider(AwsCredentialsProvider provider) {
            this.credentialsProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        @Override
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        @Override
        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        @Override
        public Builder maxKeyAge(Duration maxAge) {
            this.maxKeyAge = positive(maxAge, "maxKeyAge");
            return this;
        }

        @Override
        public Builder unusedKeyThreshold(Duration threshold) {
            this.unusedKeyThreshold = positive(threshold, "unusedKeyThreshold");
            return this;
        }

        @Override
        public Builder reportWait(Duration wait) {
            this.reportWait = positive(wait, "reportWait");
            return this;
        }

        @Override
        public Builder environment(TempcredsEnvironment environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        @Override
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        @Override
        public CredentialsAudit build() {
            return new CredentialsAudit(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw CredentialsConfigurationException.of(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
