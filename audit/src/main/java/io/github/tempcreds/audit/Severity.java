package io.github.tempcreds.audit;

/** How urgent a {@link Finding} is, most urgent first. */
public enum Severity {
    /** The account's root user can be used without a second factor, or with a long-term key. */
    CRITICAL,
    /** A person or key can reach the account with a single, long-lived secret. */
    HIGH,
    /** A long-term key outlived the rotation or the unused-key threshold. */
    MEDIUM,
    /** Hygiene: keys that should be cleaned up. */
    LOW,
    /** Information only. */
    INFO;

    /** Whether this severity is {@code other} or more urgent. */
    public boolean atLeast(Severity other) {
        return compareTo(other) <= 0;
    }

    /**
     * The severity named {@code name}, case-insensitive ({@code high}, {@code CRITICAL}).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Severity parse(String name) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + name
                + "'; use one of critical, high, medium, low, info");
    }
}
