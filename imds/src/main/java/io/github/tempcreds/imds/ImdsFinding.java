package io.github.tempcreds.imds;

import java.util.Objects;

/**
 * One finding of an {@link ImdsDiagnosis}: how bad, what was found, what to do.
 *
 * <p>Immutable and thread-safe. Holds no secret.
 */
public final class ImdsFinding {
    /** How bad a finding is. */
    public enum Severity {
        /** Credentials cannot be loaded until this is fixed. */
        ERROR,
        /** Credentials load, but something will bite later. */
        WARNING,
        /** Worth knowing. */
        INFO
    }

    private final Severity severity;
    private final String summary;
    private final String fix;

    ImdsFinding(Severity severity, String summary, String fix) {
        this.severity = Objects.requireNonNull(severity, "severity");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.fix = Objects.requireNonNull(fix, "fix");
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** What was found, in a short phrase such as {@code "hop limit suspected"}. */
    public String summary() {
        return summary;
    }

    /** The full explanation with what to do. */
    public String fix() {
        return fix;
    }

    @Override
    public String toString() {
        return severity + ": " + summary + " — " + fix;
    }
}
