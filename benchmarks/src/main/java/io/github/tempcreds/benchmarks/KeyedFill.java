package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.MutableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Filling a keyed cache with 1k, 10k or 100k tenants: the threads the fill starts (at most the pool:
 * {@link KeyedCredentialsProviders#DEFAULT_REFRESH_THREADS} load threads and one timer thread), the heap
 * one tenant costs (its provider, its credentials and the cache entry; heap used after GC, before and
 * after the fill), the upstream loads (one per tenant) and idle eviction (the cache's clock moved past
 * {@code expireAfterAccess}: every tenant evicted and closed).
 *
 * <p>Each tenant's provider is a {@link RefreshingCredentialsProvider} with background refresh, as a
 * user would build it. Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.tempcreds.benchmarks.KeyedFill [--keys=1000,10000,100000]}.
 */
public final class KeyedFill {
    /** The threads the cache may run: its load threads and its timer thread. */
    static final int POOL = KeyedCredentialsProviders.DEFAULT_REFRESH_THREADS + 1;

    private KeyedFill() {
    }

    /** One fill's figures. */
    static final class Result {
        int keys;
        int mostNewThreads;
        long fillMillis;
        double heapBytesPerKey;
        long loads;
        long sizeAfterFill;
        long sizeAfterIdle;
        long idleEvictions;
    }

    static Result run(int keys) {
        Result r = new Result();
        r.keys = keys;
        MutableClock idleClock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z")); // times expireAfterAccess only
        Instant expiration = Instant.now().plus(Duration.ofHours(12));
        LongAdder loads = new LongAdder();
        String[] names = new String[keys];
        for (int i = 0; i < keys; i++) {
            names[i] = "tenant-" + i;
        }
        long threadsBefore = tempcredsThreads();
        long heapBefore = usedHeapAfterGc();
        KeyedCredentialsProviders<String> cache = KeyedCredentialsProviders.<String>builder(tenant ->
                RefreshingCredentialsProvider.builder().sourceName("tenant").backgroundRefresh(true).loader(() -> {
                    loads.increment();
                    return AwsSessionCredentials.builder().accessKeyId("ASIATESTBENCHKEYED01").secretAccessKey("testsecret")
                            .sessionToken("testtoken-" + tenant).expirationTime(expiration).build();
                }).build()).maximumSize(keys).environment(TempcredsEnvironment.builder().clock(idleClock).build()).build();
        try {
            long start = System.nanoTime();
            int most = 0;
            for (int i = 0; i < keys; i++) {
                cache.get(names[i]).resolveCredentials();
                if (i % 500 == 0) {
                    most = Math.max(most, (int) (tempcredsThreads() - threadsBefore));
                }
            }
            r.fillMillis = (System.nanoTime() - start) / 1_000_000;
            r.mostNewThreads = Math.max(most, (int) (tempcredsThreads() - threadsBefore));
            r.sizeAfterFill = cache.estimatedSize();
            r.heapBytesPerKey = (usedHeapAfterGc() - heapBefore) / (double) keys;
            for (int i = 0; i < keys; i++) {
                cache.get(names[i]).resolveCredentials(); // all cached: no further load
            }
            r.loads = loads.sum();
            idleClock.advance(KeyedCredentialsProviders.DEFAULT_EXPIRE_AFTER_ACCESS.plusMinutes(1));
            r.sizeAfterIdle = cache.estimatedSize();
            r.idleEvictions = cache.evictionCount();
        } finally {
            cache.close();
        }
        return r;
    }

    private static long tempcredsThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("tempcreds-")).count();
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the lowest of three full collections
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static Table table(List<Result> results) {
        Table t = new Table("tenants", "threads started by the fill (pool " + POOL + ")", "fill ms", "heap per tenant, bytes",
                "upstream loads", "size after fill", "size after idle expiry", "idle evictions");
        for (Result r : results) {
            t.row(r.keys, r.mostNewThreads, r.fillMillis, String.format("%.0f", r.heapBytesPerKey), r.loads,
                    r.sizeAfterFill, r.sizeAfterIdle, r.idleEvictions);
        }
        return t;
    }

    public static void main(String[] args) {
        int[] keys = {1_000, 10_000, 100_000};
        for (String a : args) {
            if (a.startsWith("--keys=")) {
                keys = java.util.Arrays.stream(a.substring(7).split(",")).mapToInt(Integer::parseInt).toArray();
            }
        }
        List<Result> results = new ArrayList<>();
        for (int k : keys) {
            results.add(run(k));
        }
        System.out.println(table(results));
    }
}
