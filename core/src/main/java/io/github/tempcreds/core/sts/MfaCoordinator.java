package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Hands out MFA token codes for one device serial number: one prompt at a time, and never the same
 * code twice (STS rejects a code it has already seen for the device).
 *
 * <p>One instance per serial number per JVM ({@link #forSerial(String)}), shared by every provider
 * that names that serial. Concurrent refreshes of one provider already collapse into one load (the
 * engine's single flight), so they cause one prompt; refreshes of different providers with the same
 * serial queue here and each gets its own fresh code.
 *
 * <p>Concurrency: {@code promptLock} (fair) serialises calls of the token-code suppliers. It is the one
 * lock in tempcreds held around a user callback, deliberately: serialising prompts is its only job,
 * and it guards no other state. {@code used} is guarded by its own monitor, never held during a prompt.
 */
final class MfaCoordinator {
    static final String CODE_NOT_SIX_DIGITS = "The MFA token-code supplier for %s returned something that "
            + "is not a 6-digit code";
    static final String CODE_REUSED = "The MFA token-code supplier for %s returned only codes already sent "
            + "to STS (%d attempts); STS rejects a reused code, so wait for the device's next code";
    static final String SUPPLIER_FAILED = "The MFA token-code supplier for %s failed: %s";

    /** How long a sent code is remembered: longer than a TOTP code's validity window. */
    static final Duration REMEMBER = Duration.ofMinutes(10);
    static final int MAX_ATTEMPTS = 3;

    private static final ConcurrentMap<String, MfaCoordinator> BY_SERIAL = new ConcurrentHashMap<>();

    private final String serial;
    private final ReentrantLock promptLock = new ReentrantLock(true);
    private final Deque<SentCode> used = new ArrayDeque<>();

    MfaCoordinator(String serial) {
        this.serial = serial;
    }

    /** The JVM-wide coordinator of a serial number. */
    static MfaCoordinator forSerial(String serial) {
        return BY_SERIAL.computeIfAbsent(serial, MfaCoordinator::new);
    }

    /**
     * Asks the supplier for a code that has not been sent before, waiting for any other prompt for this
     * serial to finish first.
     *
     * @throws CredentialsConfigurationException when the supplier fails, returns something that is not
     *         six digits, or returns only used codes
     */
    String nextCode(Supplier<String> supplier, Clock clock) {
        promptLock.lock();
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                String code = ask(supplier);
                if (!StsValidation.isTokenCode(code)) {
                    throw CredentialsConfigurationException.of(String.format(CODE_NOT_SIX_DIGITS, serial));
                }
                if (markUsed(code, clock.instant())) {
                    return code;
                }
            }
            throw CredentialsConfigurationException.of(String.format(CODE_REUSED, serial, MAX_ATTEMPTS));
        } finally {
            promptLock.unlock();
        }
    }

    private String ask(Supplier<String> supplier) {
        try {
            String code = supplier.get();
            return code == null ? null : code.trim();
        } catch (RuntimeException e) {
            throw CredentialsConfigurationException.of(String.format(SUPPLIER_FAILED, serial,
                    e.getClass().getSimpleName()), e);
        }
    }

    /** Records the code as sent; false if it was sent within {@link #REMEMBER}. */
    private boolean markUsed(String code, Instant now) {
        synchronized (used) {
            Instant horizon = now.minus(REMEMBER);
            for (Iterator<SentCode> it = used.iterator(); it.hasNext(); ) {
                if (it.next().at.isBefore(horizon)) {
                    it.remove();
                }
            }
            for (SentCode s : used) {
                if (s.code.equals(code)) {
                    return false;
                }
            }
            used.addLast(new SentCode(code, now));
            return true;
        }
    }

    @Override
    public String toString() {
        return "MfaCoordinator(" + serial + ")";
    }

    /** A code sent to STS and when; not a record, as the code is a (short-lived) secret. */
    private static final class SentCode {
        final String code;
        final Instant at;

        SentCode(String code, Instant at) {
            this.code = code;
            this.at = at;
        }

        @Override
        public String toString() {
            return "SentCode(at " + at + ")";
        }
    }
}
