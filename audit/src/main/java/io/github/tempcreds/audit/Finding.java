package io.github.tempcreds.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem the audit found: its kind (and so its severity), the principal (an IAM user name, or
 * {@code <root_account>}), the access key it is about if any, the evidence and the fix. Holds no secret (an
 * access key id identifies a key, it does not authenticate); {@link AuditReport#toTable()} still masks it.
 *
 * @param kind what was found
 * @param principal the IAM user name, or {@code <root_account>}
 * @param accessKeyId the access key the finding is about, or null
 * @param evidence what the audit saw, e.g. "created 2026-01-02, 120 days ago (threshold 90 days)"
 * @param fix what to do
 */
public record Finding(FindingKind kind, String principal, String accessKeyId, String evidence, String fix) {
    /** The root user's principal name, as in the credential report. */
    public static final String ROOT = "<root_account>";

    /** Checks the required components. */
    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(fix, "fix");
    }

    /** The severity, {@code kind().severity()}. */
    public Severity severity() {
        return kind.severity();
    }

    /** The access key this finding is about, if any. */
    public Optional<String> accessKey() {
        return Optional.ofNullable(accessKeyId);
    }
}
