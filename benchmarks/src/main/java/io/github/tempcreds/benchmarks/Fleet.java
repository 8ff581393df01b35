package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.internal.SharedRefreshPool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Fleet: {@code --processes} simulated processes start within the first {@code --start-spread} seconds
 * (each at a uniformly random millisecond, a deployment) and each loads credentials of one
 * {@code --lifetimes} lifetime; how evenly do their STS calls fall over the following {@code --hours}?
 * Virtual clock, no network, one thread: every process calls {@code resolveCredentials()} once per
 * virtual second (at its own offset within the second), and a load is one STS call that returns
 * credentials expiring one lifetime later.
 *
 * <p>Each process is a real {@link RefreshingCredentialsProvider} (its real refresh-time computation,
 * spreading and jitter; loads run inline, see {@link InlineScheduler}), or, for the SDK, a real
 * {@link CachedSupplier} configured exactly as the SDK's {@code StsCredentialsProvider} configures it:
 * stale time 1 minute and prefetch time 5 minutes before expiry, the default {@code OneCallerBlocks}
 * prefetch and the supplier's prefetch jitter, on the same virtual clock.
 *
 * <p>Reported, each process's initial load excluded: STS calls in 60-second bins over the simulated
 * hours, the peak bin over the mean bin ({@code peak / uniform (60 s)}, goal at most 2), and STS calls per
 * process per hour.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.Fleet
 * [--processes=10000] [--hours=6] [--lifetimes=60,15] [--start-spread=10] [--seed=1]}.
 */
public final class Fleet {
    /** The goal for {@link Result#peakOverUniform()}. */
    public static final double GOAL = 2.0;
    /** Width of one bin, seconds. */
    public static final int BIN_SECONDS = 60;

    /** A refresh strategy under simulation. */
    public enum Variant {
        OURS_DEFAULT("tempcreds, default policy (spreadFirstRefresh on, jitter 0.2)"),
        OURS_NO_SPREAD("tempcreds, spreadFirstRefresh(false) (jitter 0.2)"),
        SDK("SDK StsCredentialsProvider policy (CachedSupplier)");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** The figures of one variant at one credential lifetime. */
    public static final class Result {
        public final Variant variant;
        public final Duration lifetime;
        public final int processes;
        public final Duration duration;
        /** STS calls, each process's initial load excluded. */
        public final long calls;
        /** Calls per {@value #BIN_SECONDS}-second bin, over the whole simulated period. */
        public final int[] bins;
        public final int peakBin;
        /** The second (from the start) at which the first counted call happened, or -1. */
        public final int firstCallSecond;

        Result(Variant variant, Duration lifetime, int processes, Duration duration, int[] bins, int firstCallSecond) {
            this.variant = variant;
            this.lifetime = lifetime;
            this.processes = processes;
            this.duration = duration;
            this.bins = bins;
            this.calls = Arrays.stream(bins).asLongStream().sum();
            this.peakBin = Arrays.stream(bins).max().orElse(0);
            this.firstCallSecond = firstCallSecond;
        }

        /** The mean calls per bin: all counted calls spread evenly over the simulated period. */
        public double meanBin() {
            return (double) calls / bins.length;
        }

        /** The highest bin over the mean bin; 0 with no calls. */
        public double peakOverUniform() {
            return calls == 0 ? 0 : peakBin / meanBin();
        }

        /** STS calls per process per hour, initial loads excluded. */
        public double callsPerProcessHour() {
            return calls / (double) processes / (duration.toMillis() / 3_600_000.0);
        }
    }

    private Fleet() {
    }

    /**
     * Simulates one variant.
     *
     * @param startSpread processes start at uniformly random instants in {@code [0, startSpread)}
     */
    public static Result run(Variant variant, int processes, Duration lifetime, Duration duration,
                             Duration startSpread, long seed) {
        SimClock clock = new SimClock(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        long t0 = clock.millis();
        int seconds = (int) duration.toSeconds();
        int[] bins = new int[(seconds + BIN_SECONDS - 1) / BIN_SECONDS];
        int[] firstCall = {-1};
        boolean[] loaded = new boolean[processes];
        int[] current = new int[1];
        CredentialsLoader loader = () -> {
            long now = clock.millis();
            int p = current[0];
            if (loaded[p]) {
                int second = (int) ((now - t0) / 1000);
                if (second < seconds) {
                    bins[second / BIN_SECONDS]++;
                    if (firstCall[0] < 0) {
                        firstCall[0] = second;
                    }
                }
            }
            loaded[p] = true;
            return AwsSessionCredentials.builder().accessKeyId("ASIATESTFLEET").secretAccessKey("testsecret")
                    .sessionToken("testtoken").expirationTime(Instant.ofEpochMilli(now).plus(lifetime)).build();
        };
        Random random = new Random(seed);
        long spreadMillis = Math.max(1, startSpread.toMillis());
        long[] start = new long[processes];
        for (int i = 0; i < processes; i++) {
            start[i] = (long) (random.nextDouble() * spreadMillis);
        }
        // Each second, the processes are called in the order of their offset within the second, so that the
        // shared clock only moves forward.
        Integer[] order = new Integer[processes];
        for (int i = 0; i < processes; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> start[i] % 1000));
        int[] byOffset = Arrays.stream(order).mapToInt(Integer::intValue).toArray();

        List<Supplier<AwsCredentials>> fleet = new ArrayList<>(processes);
        List<AutoCloseable> closeables = new ArrayList<>(processes);
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).random(random).build();
        // Loads run inline; the load-timeout watchdogs (scheduled and cancelled around every load) share
        // one timer thread, as under a keyed cache, instead of a pool per provider: thousands of simulated
        // processes must not start thousands of threads.
        SharedRefreshPool pool = new SharedRefreshPool(1, InlineScheduler.INSTANCE);
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
                        .environment(env).executor(pool).build();
                fleet.add(p::resolveCredentials);
                closeables.add(p);
            }
        }
        for (int s = 0; s < seconds; s++) {
            long secondStart = s * 1000L;
            for (int p : byOffset) {
                long at = secondStart + start[p] % 1000;
                if (at < start[p]) {
                    continue;
                }
                clock.set(t0 + at);
                current[0] = p;
                fleet.get(p).get();
            }
        }
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing held
            }
        }
        pool.close();
        return new Result(variant, lifetime, processes, duration, bins, firstCall[0]);
    }

    private static RefreshPolicy policy(Variant variant) {
        if (variant == Variant.OURS_NO_SPREAD) {
            return RefreshPolicy.builder().spreadFirstRefresh(false).build();
        }
        return RefreshPolicy.defaults();
    }

    static Table table(List<Result> results) {
        Table t = new Table("credential lifetime", "policy", "STS calls", "calls per process per hour",
                "peak calls / 60 s", "mean calls / 60 s", "peak / uniform (60 s)", "goal <= 2.0",
                "first refresh, s after start");
        for (Result r : results) {
            t.row(lifetime(r.lifetime), r.variant.label, r.calls, Stats.fixed(r.callsPerProcessHour(), 2), r.peakBin,
                    Stats.fixed(r.meanBin(), 1), Stats.fixed(r.peakOverUniform(), 2),
                    r.peakOverUniform() <= GOAL ? "met" : "not met", r.firstCallSecond);
        }
        return t;
    }

    private static String lifetime(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        int processes = Integer.parseInt(Stats.arg(args, "processes", "10000"));
        Duration duration = Duration.ofHours(Long.parseLong(Stats.arg(args, "hours", "6")));
        Duration startSpread = Duration.ofSeconds(Long.parseLong(Stats.arg(args, "start-spread", "10")));
        long seed = Long.parseLong(Stats.arg(args, "seed", "1"));
        List<Duration> lifetimes = new ArrayList<>();
        for (String m : Stats.arg(args, "lifetimes", "60,15").split(",")) {
            lifetimes.add(Duration.ofMinutes(Long.parseLong(m.trim())));
        }
        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        for (Duration lifetime : lifetimes) {
            for (Variant v : Variant.values()) {
                results.add(run(v, processes, lifetime, duration, startSpread, seed));
            }
        }
        System.out.println("## Fleet (" + Stats.machine() + ")");
        System.out.println();
        System.out.println(processes + " processes started uniformly over the first " + startSpread.toSeconds()
                + " s, one call per process per virtual second, " + duration.toHours() + " h simulated, seed "
                + seed + " (" + Stats.ms(System.nanoTime() - start) + " ms wall).");
        System.out.println();
        System.out.print(table(results));
    }

    /** A single-threaded virtual clock without allocation per reading of {@link #millis()}. */
    static final class SimClock extends Clock {
        private long millis;

        SimClock(long millis) {
            this.millis = millis;
        }

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulation's clock is UTC only");
        }
    }
}
