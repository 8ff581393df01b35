package io.github.tempcreds.examples;

import java.util.Map;
import java.util.Objects;

/**
 * One result of a doctor check: a problem or warning (each counts as a finding and makes the exit code
 * 1) or a note (information only). Holds no secret: access key ids are shortened, tokens never read
 * into it.
 *
 * @param check the check's id, such as {@code env-keys}
 * @param severity how bad it is
 * @param message what was found, where
 * @param fix what to do about it (empty for notes that need nothing)
 */
record DoctorFinding(String check, Severity severity, String message, String fix) {

    /** How bad a result is. */
    enum Severity {
        /** Violates SEC02-BP02 or breaks credentials now. */
        PROBLEM,
        /** Will break soon or weakens the setup. */
        WARNING,
        /** Information; not a finding. */
        NOTE
    }

    DoctorFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
    }

    static DoctorFinding problem(String check, String message, String fix) {
        return new DoctorFinding(check, Severity.PROBLEM, message, fix);
    }

    static DoctorFinding warning(String check, String message, String fix) {
        return new DoctorFinding(check, Severity.WARNING, message, fix);
    }

    static DoctorFinding note(String check, String message) {
        return new DoctorFinding(check, Severity.NOTE, message, "");
    }

    /** Whether this counts as a finding (exit code 1). */
    boolean isFinding() {
        return severity != Severity.NOTE;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = Json.object();
        m.put("check", check);
        m.put("severity", severity.name());
        m.put("message", message);
        if (!fix.isEmpty()) {
            m.put("fix", fix);
        }
        return m;
    }
}
