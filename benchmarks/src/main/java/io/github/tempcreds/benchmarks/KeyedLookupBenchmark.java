package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshingCredentialsProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * A multi-tenant hot path: {@code cache.get(tenant).resolveCredentials()} for a tenant whose credentials are
 * cached and fresh, with 1k, 10k or 100k tenants in the cache, against a plain {@link ConcurrentHashMap} of
 * the same providers (the cache's own handles, which call their provider directly, so no provider is
 * built twice) and against one provider alone (the single-provider hot path).
 *
 * <p>Each tenant's provider is a {@link RefreshingCredentialsProvider} built with default settings, as a
 * user would build it; the fill loads every tenant once. The sweep methods ({@code keyed},
 * {@code concurrentHashMap}) pick the next tenant in a fixed shuffled order on each call, so the lookups
 * touch the whole cache and mostly miss the CPU caches; the hot-tenant methods look up one cached tenant
 * again and again (doing the same cursor work), which measures the lookup itself.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar KeyedLookup -prof gc -f 1 -wi 3 -i 5 -w 2s -r 2s};
 * see {@code benchmarks/README.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyedLookupBenchmark {
    @Param({"1000", "10000", "100000"})
    public int tenants;

    private KeyedCredentialsProviders<String> cache;
    private final ConcurrentHashMap<String, AwsCredentialsProvider> map = new ConcurrentHashMap<>();
    private RefreshingCredentialsProvider single;
    private String[] order;
    /** The hot tenant: one in the middle of the shuffled order. */
    private String hot;

    /** The position in {@link #order}; per thread. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Fills the cache (each tenant loaded once) and the map with the same providers. */
    @Setup(Level.Trial)
    public void setUp() {
        Instant expiration = Instant.now().plus(Duration.ofHours(12));
        cache = KeyedCredentialsProviders.builder((String tenant) -> provider(tenant, expiration))
                .maximumSize(tenants * 2L).build();
        order = new String[tenants];
        for (int i = 0; i < tenants; i++) {
            order[i] = "tenant-" + i;
        }
        java.util.Random random = new java.util.Random(1);
        for (int i = tenants - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (String tenant : order) {
            AwsCredentialsProvider handle = cache.get(tenant);
            handle.resolveCredentials();
            map.put(tenant, handle); // the same providers: a map lookup instead of the cache's
        }
        hot = order[tenants / 2];
        single = provider("single", expiration);
        single.resolveCredentials();
    }

    private static RefreshingCredentialsProvider provider(String tenant, Instant expiration) {
        AwsCredentials credentials = AwsSessionCredentials.builder().accessKeyId("ASIATESTBENCHKEYED01")
                .secretAccessKey("testsecret").sessionToken("testtoken-" + tenant).expirationTime(expiration).build();
        return RefreshingCredentialsProvider.builder().sourceName("tenant").loader(() -> credentials).build();
    }

    /** Closes every provider. */
    @TearDown(Level.Trial)
    public void tearDown() {
        cache.close();
        single.close();
    }

    private String nextTenant(Cursor cursor) {
        int i = cursor.next;
        cursor.next = i + 1 == order.length ? 0 : i + 1;
        return order[i];
    }

    /** tempcreds' keyed cache: {@code cache.get(tenant).resolveCredentials()}. */
    @Benchmark
    public AwsCredentials keyed(Cursor cursor) {
        return cache.get(nextTenant(cursor)).resolveCredentials();
    }

    /** The baseline: the same providers in a plain {@link ConcurrentHashMap}. */
    @Benchmark
    public AwsCredentials concurrentHashMap(Cursor cursor) {
        return map.get(nextTenant(cursor)).resolveCredentials();
    }

    /**
     * A hot tenant: the same cached tenant on every call (with the same cursor work), in a cache of
     * {@link #tenants}: the cost of the keyed lookup itself, with the tenant's data in the CPU caches as a
     * busy tenant's is.
     */
    @Benchmark
    public AwsCredentials keyedHotTenant(Cursor cursor) {
        nextTenant(cursor);
        return cache.get(hot).resolveCredentials();
    }

    /** The baseline of {@link #keyedHotTenant}: the same tenant's handle from the plain map. */
    @Benchmark
    public AwsCredentials concurrentHashMapHotTenant(Cursor cursor) {
        nextTenant(cursor);
        return map.get(hot).resolveCredentials();
    }

    /** One provider alone, with the same cursor work: the single-provider hot path. */
    @Benchmark
    public AwsCredentials singleProvider(Cursor cursor) {
        nextTenant(cursor);
        return single.resolveCredentials();
    }
}
