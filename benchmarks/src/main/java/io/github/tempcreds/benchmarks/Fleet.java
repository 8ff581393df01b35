package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Fleet: {@code --processes} simulated processes got 1-hour credentials at the same moment (a deployment);
 * how many STS calls per second hit STS over the following {@code --hours}? Virtual clock, no network, one
 * thread: every process calls {@code resolveCredentials()} once per virtual second, and a load is one STS
 * call that returns credentials expiring an hour later.
 *
 * <p>Each process is a real {@link RefreshingCredentialsProvider} (its real refresh-time computation and
 * jitter; loads run inline, see {@link InlineScheduler}), or, for the SDK, a real {@link CachedSupplier}
 * configured exactly as the SDK's {@code StsCredentialsProvider} configures it: stale time 1 minute and
 * prefetch time 5 minutes before expiry, the default {@code OneCallerBlocks} prefetch and the supplier's
 * prefetch jitter (uniform between the prefetch time and one minute before the stale time), on the same
 * manual clock.
 *
 * <p>Reported over the simulated hours, the synchronized first load excluded: the peak and p99 of the
 * per-second call counts, and the uniform rate (all calls spread evenly over the period) with the ratio
 * peak / uniform (goal: at most 2).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.Fleet
 * [--processes=10000] [--hours=6] [--seed=1]}.
 */
public final class Fleet {
    /** A refresh strategy under simulation. */
    public enum Variant {
        OURS_DEFAULT("tempcreds, default policy (first refresh spread, jitter 0.2)"),
        OURS_NO_JITTER("tempcreds, no spreading, advisoryJitter(0)"),
        OURS_MAX_JITTER("tempcreds, no spreading, advisoryJitter(1.0)"),
        SDK("SDK StsCredentialsProvider policy (CachedSupplier)");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** The figures of one variant. */
    public static final class Result {
        public final Variant variant;
        public final long calls;
        public final int peak;
        public final int p99;
        public final double uniformRate;
        public final int firstSecondWithCalls;
        /** The second at which the calls since the start reached the number of processes. */
        public final int lastSecondOfFirstWave;

        Result(Variant variant, int[] perSecond, int processes) {
            this.variant = variant;
            long total = 0;
            int max = 0;
            long[] asLong = new long[perSecond.length];
            int first = -1;
            for (int i = 0; i < perSecond.length; i++) {
                total += perSecond[i];
                max = Math.max(max, perSecond[i]);
                asLong[i] = perSecond[i];
                if (first < 0 && perSecond[i] > 0) {
                    first = i;
                }
            }
            int last = -1;
            long cumulative = 0;
            for (int i = 0; i < perSecond.length && last < 0; i++) {
                cumulative += perSecond[i];
                if (cumulative >= processes) {
                    last = i;
                }
            }
            this.calls = total;
            this.peak = max;
            this.p99 = (int) Stats.percentile(asLong, 99);
            this.uniformRate = (double) total / perSecond.length;
            this.firstSecondWithCalls = first;
            this.lastSecondOfFirstWave = last;
        }

        public double peakOverUniform() {
            return uniformRate == 0 ? 0 : peak / uniformRate;
        }
    }

    private Fleet() {
    }

    public static Result run(Variant variant, int processes, Duration duration, long seed) {
        MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
        long t0 = clock.millis();
        int seconds = (int) duration.toSeconds();
        int[] perSecond = new int[seconds];
        CredentialsLoader loader = () -> {
            long now = clock.millis();
            int second = (int) ((now - t0) / 1000) - 1;
            if (second >= 0 && second < seconds) {
                perSecond[second]++;
            }
            return AwsSessionCredentials.builder().accessKeyId("ASIATESTFLEET").secretAccessKey("testsecret")
                    .sessionToken("testtoken").expirationTime(Instant.ofEpochMilli(now).plus(Duration.ofHours(1)))
                    .build();
        };
        List<Supplier<AwsCredentials>> fleet = new ArrayList<>(processes);
        List<AutoCloseable> closeables = new ArrayList<>(processes);
        Random random = new Random(seed);
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(random).build();
        for (int i = 0; i < processes; i++) {
            if (variant == Variant.SDK) {
                CachedSupplier<AwsCredentials> cache = CachedSupplier.builder(() -> {
                    AwsCredentials c = loader.load();
                    Instant exp = c.expirationTime().orElseThrow();
                    return RefreshResult.builder(c).staleTime(exp.minus(Duration.ofMinutes(1)))
                            .prefetchTime(exp.minus(Duration.ofMinutes(5))).build();
                }).cachedValueName("fleet-" + i).clock(clock).build();
                fleet.add(cache);
                closeables.add(cache);
            } else {
                RefreshingCredentialsProvider p = RefreshingCredentialsProvider.builder()
                        .sourceName("fleet-" + i).loader(loader).refreshPolicy(policy(variant))
                        .environment(env).executor(InlineScheduler.INSTANCE).build();
                fleet.add(p::resolveCredentials);
                closeables.add(p);
            }
        }
        for (Supplier<AwsCredentials> p : fleet) {
            p.get();
        }
        for (int s = 1; s <= seconds; s++) {
            clock.set(Instant.ofEpochMilli(t0 + s * 1000L));
            for (Supplier<AwsCredentials> p : fleet) {
                p.get();
            }
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing held
            }
        }
        return new Result(variant, perSecond, processes);
    }

    private static RefreshPolicy policy(Variant variant) {
        switch (variant) {
            case OURS_NO_JITTER:
                return RefreshPolicy.builder().advisoryJitter(0).spreadFirstRefresh(false).build();
            case OURS_MAX_JITTER:
                return RefreshPolicy.builder().advisoryJitter(1.0).spreadFirstRefresh(false).build();
            default:
                return RefreshPolicy.defaults();
        }
    }

    static Table table(List<Result> results) {
        Table t = new Table("policy", "STS calls", "peak calls/s", "p99 calls/s", "uniform calls/s",
                "peak / uniform", "goal <= 2x", "first wave: first..Nth call, s after start");
        for (Result r : results) {
            t.row(r.variant.label, r.calls, r.peak, r.p99, Stats.fixed(r.uniformRate, 2),
                    Stats.fixed(r.peakOverUniform(), 1), r.peakOverUniform() <= 2 ? "met" : "not met",
                    (r.firstSecondWithCalls + 1) + ".." + (r.lastSecondOfFirstWave + 1));
        }
        return t;
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        int processes = Integer.parseInt(Stats.arg(args, "processes", "10000"));
        Duration duration = Duration.ofHours(Long.parseLong(Stats.arg(args, "hours", "6")));
        long seed = Long.parseLong(Stats.arg(args, "seed", "1"));
        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        for (Variant v : Variant.values()) {
            results.add(run(v, processes, duration, seed));
        }
        System.out.println("## Fleet (" + Stats.machine() + ")");
        System.out.println();
        System.out.println(processes + " processes, 1-hour credentials all loaded at t=0, one call per process per"
                + " virtual second, " + duration.toHours() + " h simulated (" + Stats.ms(System.nanoTime() - start)
                + " ms wall).");
        System.out.println();
        System.out.print(table(results));
    }
}
