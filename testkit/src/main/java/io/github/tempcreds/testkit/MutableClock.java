package io.github.tempcreds.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand: either frozen at an instant ({@link #at(Instant)}), or
 * following the system clock plus an adjustable offset ({@link #systemUtc()}).
 *
 * <p>Fakes read it for everything they issue (expirations, token lifetimes, the {@code Date} header) and
 * for validation (expired tokens, expired sessions). Pass the same instance to the code under test to
 * drive both sides from one timeline, or different instances to simulate clock skew.
 *
 * <p>Thread safety: all methods are thread-safe; {@link #advance(Duration)} is atomic.
 */
public final class MutableClock extends Clock {
    /** Frozen instant, or the offset from the system clock when {@code ticking}. */
    private final AtomicReference<Instant> state;
    private final boolean ticking;
    private final ZoneId zone;

    private MutableClock(Instant state, boolean ticking, ZoneId zone) {
        this.state = new AtomicReference<>(state);
        this.ticking = ticking;
        this.zone = zone;
    }

    /** A clock frozen at {@code instant}; it moves only when told to. */
    public static MutableClock at(Instant instant) {
        return new MutableClock(Objects.requireNonNull(instant, "instant"), false, ZoneOffset.UTC);
    }

    /** A clock that follows the system UTC clock; {@link #advance(Duration)} shifts it. */
    public static MutableClock systemUtc() {
        return new MutableClock(Instant.EPOCH, true, ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public MutableClock advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        state.updateAndGet(i -> i.plus(duration));
        return this;
    }

    /** Sets the clock to {@code instant}. */
    public MutableClock set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (ticking) {
            Instant now = Instant.now();
            state.set(Instant.EPOCH.plus(Duration.between(now, instant)));
        } else {
            state.set(instant);
        }
        return this;
    }

    /** Whether this clock follows the system clock. */
    public boolean ticking() {
        return ticking;
    }

    @Override
    public Instant instant() {
        Instant s = state.get();
        if (!ticking) {
            return s;
        }
        return Instant.now().plus(Duration.between(Instant.EPOCH, s));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // A view in another zone would not share the state; tests only need UTC.
        if (zone.equals(this.zone)) {
            return this;
        }
        throw new UnsupportedOperationException("MutableClock supports UTC only");
    }

    @Override
    public String toString() {
        return ticking ? "MutableClock(system" + (state.get().equals(Instant.EPOCH) ? "" : " + offset") + ")"
                : "MutableClock(" + state.get() + ")";
    }
}
