package io.github.tempcreds.audit;

/** What a {@link Finding} is about, with its severity. */
public enum FindingKind {
    /** The root user has an access key. */
    ROOT_ACCESS_KEY_PRESENT(Severity.CRITICAL),
    /** The root user has no MFA device. */
    ROOT_MFA_NOT_ENABLED(Severity.CRITICAL),
    /** An IAM user can sign in to the console with a password and has no MFA device. */
    CONSOLE_USER_WITHOUT_MFA(Severity.HIGH),
    /** An active access key is older than the maximum age. */
    ACCESS_KEY_TOO_OLD(Severity.MEDIUM),
    /** An active access key was not used within the unused-key threshold (or never, and is that old). */
    ACCESS_KEY_UNUSED(Severity.MEDIUM),
    /** An IAM user has two active access keys. */
    TWO_ACTIVE_ACCESS_KEYS(Severity.LOW),
    /** An inactive access key still exists. */
    INACTIVE_ACCESS_KEY_PRESENT(Severity.LOW);

    private final Severity severity;

    FindingKind(Severity severity) {
        this.severity = severity;
    }

    /** The severity of every finding of this kind. */
    public Severity severity() {
        return severity;
    }
}
