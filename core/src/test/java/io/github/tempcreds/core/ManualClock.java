package io.github.tempcreds.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand; thread-safe. */
final class ManualClock extends Clock {
    private final AtomicReference<Instant> now;

    private ManualClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    static ManualClock at(String instant) {
        return new ManualClock(Instant.parse(instant));
    }

    static ManualClock start() {
        return at("2026-01-01T00:00:00Z");
    }

    void advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
    }

    void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String toString() {
        return "ManualClock(" + now.get() + ")";
    }
}
