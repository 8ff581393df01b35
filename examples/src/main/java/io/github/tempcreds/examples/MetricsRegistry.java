package io.github.tempcreds.examples;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A tiny in-memory metrics registry (counters and timers by name and tags), standing in for
 * Micrometer or OpenTelemetry in the framework-wrapping example: what matters is the mapping from
 * tempcreds' listener events to metrics, not the registry.
 *
 * <p>Concurrency: lock-free; counters are {@link LongAdder}s, timers keep count, total and max in
 * atomics. A snapshot is not atomic across meters.
 */
final class MetricsRegistry {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** Adds one to the counter {@code name{tags}}. */
    void increment(String name, String... tags) {
        counters.computeIfAbsent(id(name, tags), k -> new LongAdder()).increment();
    }

    /** Records a duration on the timer {@code name{tags}}. */
    void record(String name, Duration duration, String... tags) {
        timers.computeIfAbsent(id(name, tags), k -> new Timer()).record(duration);
    }

    /** The counter's value, 0 when it was never incremented. */
    long count(String name, String... tags) {
        LongAdder c = counters.get(id(name, tags));
        return c == null ? 0 : c.sum();
    }

    /** How many durations the timer recorded. */
    long timerCount(String name, String... tags) {
        Timer t = timers.get(id(name, tags));
        return t == null ? 0 : t.count.get();
    }

    /** Every meter, sorted by id, as {@code id value} lines (timers: count, total, max). */
    String scrape() {
        Map<String, String> lines = new TreeMap<>();
        counters.forEach((id, c) -> lines.put(id, Long.toString(c.sum())));
        timers.forEach((id, t) -> lines.put(id, "count=" + t.count.get() + " totalMs=" + t.totalNanos.get() / 1_000_000
                + " maxMs=" + t.maxNanos.get() / 1_000_000));
        StringBuilder sb = new StringBuilder();
        lines.forEach((id, v) -> sb.append(id).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    /** {@code name{k1=v1,k2=v2}}; tags are key/value pairs. */
    private static String id(String name, String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags are key/value pairs");
        }
        if (tags.length == 0) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < tags.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(tags[i]).append('=').append(tags[i + 1]);
        }
        return sb.append('}').toString();
    }

    private static final class Timer {
        final AtomicLong count = new AtomicLong();
        final AtomicLong totalNanos = new AtomicLong();
        final AtomicLong maxNanos = new AtomicLong();

        void record(Duration d) {
            long n = d.toNanos();
            count.incrementAndGet();
            totalNanos.addAndGet(n);
            maxNanos.accumulateAndGet(n, Math::max);
        }
    }
}
