package io.github.tempcreds.benchmarks;

import io.github.tempcreds.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Thundering herd: many callers arrive at once when the cached credentials need a refresh, while the
 * source (FakeSts {@code AssumeRole}, slowed with {@link Fault#latency(Duration)}) is slow.
 *
 * <p>Ours is {@code RoleChainCredentialsProvider} with one hop (a {@code RefreshingCredentialsProvider}
 * over the real {@code AssumeRole} loader); the SDK's is {@code StsAssumeRoleCredentialsProvider}; both
 * against the same kind of FakeSts, on one manual clock (see {@link SdkHooks}). Each run: load once, move
 * the clock to the chosen point before expiry, inject the latency, release all callers through one latch,
 * time each caller's {@code resolveCredentials()} (wall clock) and count {@code AssumeRole} calls in the
 * fake's journal.
 *
 * <ul>
 *   <li>mandatory point, 30 s before expiry: ours is past {@code mandatoryAt} (1 min), the SDK's past
 *       its stale time (1 min): everyone must wait for new credentials;</li>
 *   <li>advisory point: ours 10 min before expiry (advisory window starts 15 to 18 min before), the SDK's
 *       prefetch point 90 s before expiry (its prefetch is jittered between 5 and 2 min before): the old
 *       value is still good.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.ThunderingHerd
 * [--callers=256] [--latencies=50,6000]} (milliseconds).
 */
public final class ThunderingHerd {
    /** Where on the way to expiry the callers arrive. */
    public enum Point {
        MANDATORY, ADVISORY
    }

    /** One run's figures. */
    public static final class Row {
        public final String provider;
        public final Point point;
        public final Duration latency;
        public final int callers;
        public final int upstreamCalls;
        public final int failures;
        public final int distinctKeys;
        /** Callers that got the credentials cached before the herd (they did not wait for the new ones). */
        public final int gotCachedValue;
        public final long p50Nanos;
        public final long p99Nanos;
        public final long maxNanos;

        Row(String provider, Point point, Duration latency, int callers, int upstreamCalls, int failures,
            int distinctKeys, int gotCachedValue, long[] waits) {
            this.provider = provider;
            this.point = point;
            this.latency = latency;
            this.callers = callers;
            this.upstreamCalls = upstreamCalls;
            this.failures = failures;
            this.distinctKeys = distinctKeys;
            this.gotCachedValue = gotCachedValue;
            this.p50Nanos = Stats.percentile(waits, 50);
            this.p99Nanos = Stats.percentile(waits, 99);
            this.maxNanos = Stats.max(waits);
        }
    }

    private ThunderingHerd() {
    }

    /** Runs ours and the SDK's at both points for every latency. */
    public static List<Row> run(int callers, List<Duration> latencies) {
        List<Row> rows = new ArrayList<>();
        for (Duration latency : latencies) {
            for (Point point : Point.values()) {
                rows.add(runOne(true, point, callers, latency));
                rows.add(runOne(false, point, callers, latency));
            }
        }
        return rows;
    }

    /** One herd against a fresh FakeSts. */
    public static Row runOne(boolean ours, Point point, int callers, Duration latency) {
        try (StsSetup setup = new StsSetup()) {
            Function<StsSetup, Subject> factory = ours ? s -> s.ours(List.of(StsSetup.ROLE_1))
                    : s -> s.sdk(List.of(StsSetup.ROLE_1));
            try (Subject subject = factory.apply(setup)) {
                AwsCredentials first = subject.resolve();
                Instant expiration = ((AwsSessionCredentials) first).expirationTime().orElseThrow();
                Duration before = point == Point.MANDATORY ? Duration.ofSeconds(30)
                        : ours ? Duration.ofMinutes(10) : Duration.ofSeconds(90);
                setup.clock.set(expiration.minus(before));
                setup.sts.clearJournal();
                setup.sts.inject(Fault.latency(latency).onOperation("AssumeRole"));

                long[] waits = new long[callers];
                AtomicInteger failures = new AtomicInteger();
                AtomicInteger cached = new AtomicInteger();
                Set<String> keys = java.util.Collections.synchronizedSet(new HashSet<>());
                CountDownLatch ready = new CountDownLatch(callers);
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    int index = i;
                    Thread t = new Thread(() -> {
                        ready.countDown();
                        await(go);
                        long start = System.nanoTime();
                        try {
                            String key = subject.resolve().accessKeyId();
                            keys.add(key);
                            if (key.equals(first.accessKeyId())) {
                                cached.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                        waits[index] = System.nanoTime() - start;
                    }, "herd-" + i);
                    threads.add(t);
                    t.start();
                }
                await(ready);
                go.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                subject.awaitIdle();
                return new Row(subject.name(), point, latency, callers, setup.assumeRoleCalls(), failures.get(),
                        keys.size(), cached.get(), waits);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Table table(List<Row> rows) {
        Table t = new Table("provider", "arrival", "source latency", "callers", "upstream calls",
                "failed callers", "got the cached value", "wait p50 ms", "wait p99 ms", "wait max ms");
        for (Row r : rows) {
            t.row(r.provider, r.point == Point.MANDATORY ? "mandatory (30 s before expiry)"
                    : r.provider.startsWith("SDK") ? "prefetch (90 s before expiry)" : "advisory (10 min before expiry)",
                    r.latency.toMillis() + " ms", r.callers, r.upstreamCalls, r.failures, r.gotCachedValue,
                    Stats.ms(r.p50Nanos), Stats.ms(r.p99Nanos), Stats.ms(r.maxNanos));
        }
        return t;
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        int callers = Integer.parseInt(Stats.arg(args, "callers", "256"));
        List<Duration> latencies = new ArrayList<>();
        for (String ms : Stats.arg(args, "latencies", "50,6000").split(",")) {
            latencies.add(Duration.ofMillis(Long.parseLong(ms.trim())));
        }
        runOne(true, Point.MANDATORY, 16, Duration.ofMillis(10)); // warm-up: class loading and JIT, not reported
        runOne(false, Point.MANDATORY, 16, Duration.ofMillis(10));
        System.out.println("## Thundering herd (" + Stats.machine() + ")");
        System.out.println();
        System.out.print(table(run(callers, latencies)));
    }
}
