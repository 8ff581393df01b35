package io.github.tempcreds.audit;

import io.github.tempcreds.audit.internal.ReportRendering;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a {@link CredentialsAudit}: when it ran, its thresholds, the account's figures, every IAM
 * user's access keys, and the findings, most severe first. Immutable.
 */
public final class AuditReport {
    private final String accountId;
    private final Instant generatedAt;
    private final Instant credentialReportTime;
    private final Duration maxKeyAge;
    private final Duration unusedKeyThreshold;
    private final AuditSummary summary;
    private final List<AccessKeyInfo> accessKeys;
    private final List<Finding> findings;

    /**
     * Creates a report (the audit does; public for tests of code that consumes reports).
     *
     * @param accountId the account id, or null when unknown
     * @param generatedAt when the audit ran
     * @param credentialReportTime when IAM generated the credential report used
     * @param maxKeyAge the maximum age of an active key
     * @param unusedKeyThreshold the unused-key threshold
     * @param summary the figures
     * @param accessKeys the IAM users' access keys
     * @param findings the findings, in any order (sorted here)
     */
    public AuditReport(String accountId, Instant generatedAt, Instant credentialReportTime, Duration maxKeyAge,
                       Duration unusedKeyThreshold, AuditSummary summary, List<AccessKeyInfo> accessKeys,
                       List<Finding> findings) {
        this.accountId = accountId;
        this.generatedAt = Objects.requireNonNull(generatedAt, "generatedAt");
        this.credentialReportTime = Objects.requireNonNull(credentialReportTime, "credentialReportTime");
        this.maxKeyAge = Objects.requireNonNull(maxKeyAge, "maxKeyAge");
        this.unusedKeyThreshold = Objects.requireNonNull(unusedKeyThreshold, "unusedKeyThreshold");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.accessKeys = List.copyOf(accessKeys);
        this.findings = findings.stream().sorted(Comparator.comparing(Finding::severity)
                .thenComparing(Finding::kind).thenComparing(Finding::principal)
                .thenComparing(f -> f.accessKey().orElse(""))).toList();
    }

    /** The account id, when known (from an IAM user's ARN). */
    public Optional<String> accountId() {
        return Optional.ofNullable(accountId);
    }

    /** When the audit ran (the environment's clock). */
    public Instant generatedAt() {
        return generatedAt;
    }

    /** When IAM generated the credential report the audit used (at most 4 hours earlier). */
    public Instant credentialReportTime() {
        return credentialReportTime;
    }

    /** The maximum age of an active access key. */
    public Duration maxKeyAge() {
        return maxKeyAge;
    }

    /** How long an active key may go unused. */
    public Duration unusedKeyThreshold() {
        return unusedKeyThreshold;
    }

    /** The figures. */
    public AuditSummary summary() {
        return summary;
    }

    /** Every IAM user's access keys, by user then creation. */
    public List<AccessKeyInfo> accessKeys() {
        return accessKeys;
    }

    /** The findings, most severe first. */
    public List<Finding> findings() {
        return findings;
    }

    /** The findings at {@code severity} or more severe. */
    public List<Finding> findingsAtLeast(Severity severity) {
        return findings.stream().filter(f -> f.severity().atLeast(severity)).toList();
    }

    /** Whether any finding is at {@code severity} or more severe (e.g. to fail a CI job). */
    public boolean hasFindingsAtLeast(Severity severity) {
        return !findingsAtLeast(severity).isEmpty();
    }

    /** The report as a JSON object; access key ids in full (they are identifiers, not secrets). */
    public String toJson() {
        return ReportRendering.json(this);
    }

    /** The report as a readable text table; access key ids masked ({@code AKIA...WXYZ}). */
    public String toTable() {
        return ReportRendering.table(this);
    }

    @Override
    public String toString() {
        return "AuditReport(" + generatedAt + ", " + summary.users() + " users, " + findings.size() + " findings)";
    }
}
