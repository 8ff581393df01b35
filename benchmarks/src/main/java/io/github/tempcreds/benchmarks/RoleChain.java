package io.github.tempcreds.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A two-hop role chain (user key → bench-hop1 → bench-hop2): STS calls and time per refresh, ours
 * ({@code RoleChainCredentialsProvider}) vs the SDK's {@code StsAssumeRoleCredentialsProvider} chained the
 * same way (hop 2's {@code StsClient} uses hop 1's provider), each against its own FakeSts on one manual
 * clock (see {@link SdkHooks}); 1-hour sessions (the STS default).
 *
 * <p>Steady state: one caller every {@code --step} seconds of virtual time for {@code --hours}; a refresh
 * is a new hop-2 access key; STS calls are {@code AssumeRole} requests in the fake's journal; the wall time
 * callers spent in calls that took longer than 1 ms is summed (time callers waited for refreshes).
 *
 * <p>Cold chain: {@code --rounds} times a new provider resolves once (both hops load, sequentially),
 * after two unreported warm-up rounds, ours and the SDK's taking turns going first; median wall time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.RoleChain
 * [--hours=12] [--step=10] [--rounds=20]}.
 */
public final class RoleChain {
    static final List<String> ROLES = List.of(StsSetup.ROLE_1, StsSetup.ROLE_2);

    /** Steady-state figures of one provider. */
    public static final class Result {
        public final String provider;
        public int stsCalls;
        public int refreshes;
        public int blockedCalls;
        public long blockedNanos;
        public long maxWaitNanos;
        public long coldMedianNanos;
        public int coldStsCalls;

        Result(String provider) {
            this.provider = provider;
        }

        public double callsPerRefresh() {
            return refreshes == 0 ? 0 : (double) stsCalls / refreshes;
        }
    }

    private RoleChain() {
    }

    public static Result steadyState(boolean ours, Duration duration, Duration step) {
        try (StsSetup setup = new StsSetup(); Subject s = ours ? setup.ours(ROLES) : setup.sdk(ROLES)) {
            Result r = new Result(s.name());
            Set<String> keys = new HashSet<>();
            keys.add(s.resolve().accessKeyId());
            s.awaitIdle();
            int cold = setup.assumeRoleCalls();
            Instant end = setup.clock.instant().plus(duration);
            while (setup.clock.instant().isBefore(end)) {
                setup.clock.advance(step);
                long t0 = System.nanoTime();
                keys.add(s.resolve().accessKeyId());
                long waited = System.nanoTime() - t0;
                if (waited > 1_000_000) {
                    r.blockedCalls++;
                    r.blockedNanos += waited;
                }
                r.maxWaitNanos = Math.max(r.maxWaitNanos, waited);
                s.awaitIdle();
            }
            r.stsCalls = setup.assumeRoleCalls() - cold;
            r.refreshes = keys.size() - 1;
            return r;
        }
    }

    /** Median cold-chain time of ours (index 0) and the SDK's (index 1), and STS calls per cold chain. */
    public static long[] coldChain(int rounds) {
        try (StsSetup setup = new StsSetup()) {
            for (int i = 0; i < 2; i++) {
                coldOnce(setup, true);
                coldOnce(setup, false);
            }
            long[] ours = new long[rounds];
            long[] sdk = new long[rounds];
            int before = setup.assumeRoleCalls();
            for (int i = 0; i < rounds; i++) {
                if (i % 2 == 0) { // alternate who goes first: neither gets a systematic edge
                    ours[i] = coldOnce(setup, true);
                    sdk[i] = coldOnce(setup, false);
                } else {
                    sdk[i] = coldOnce(setup, false);
                    ours[i] = coldOnce(setup, true);
                }
            }
            int perChain = (setup.assumeRoleCalls() - before) / (2 * rounds);
            return new long[] {Stats.percentile(ours, 50), Stats.percentile(sdk, 50), perChain};
        }
    }

    private static long coldOnce(StsSetup setup, boolean ours) {
        long start = System.nanoTime();
        try (Subject s = ours ? setup.ours(ROLES) : setup.sdk(ROLES)) {
            s.resolve();
            return System.nanoTime() - start;
        }
    }

    static Table table(List<Result> results) {
        Table t = new Table("provider", "refreshes (new hop-2 keys)", "AssumeRole calls", "calls per refresh",
                "calls that waited > 1 ms", "total wait ms", "max wait ms", "cold chain: calls", "cold chain median ms");
        for (Result r : results) {
            t.row(r.provider, r.refreshes, r.stsCalls, Stats.fixed(r.callsPerRefresh(), 2), r.blockedCalls,
                    Stats.ms(r.blockedNanos), Stats.ms(r.maxWaitNanos), r.coldStsCalls, Stats.ms(r.coldMedianNanos));
        }
        return t;
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        Duration duration = Duration.ofHours(Long.parseLong(Stats.arg(args, "hours", "12")));
        Duration step = Duration.ofSeconds(Long.parseLong(Stats.arg(args, "step", "10")));
        int rounds = Integer.parseInt(Stats.arg(args, "rounds", "20"));
        Result ours = steadyState(true, duration, step);
        Result sdk = steadyState(false, duration, step);
        long[] cold = coldChain(rounds);
        ours.coldMedianNanos = cold[0];
        sdk.coldMedianNanos = cold[1];
        ours.coldStsCalls = (int) cold[2];
        sdk.coldStsCalls = (int) cold[2];
        List<Result> results = new ArrayList<>(List.of(ours, sdk));
        System.out.println("## Role chain, two hops (" + Stats.machine() + ")");
        System.out.println();
        System.out.println(duration.toHours() + " h of virtual time, one call every " + step.toSeconds()
                + " s; cold chain: median of " + rounds + " rounds (wall clock).");
        System.out.println();
        System.out.print(table(results));
    }
}
