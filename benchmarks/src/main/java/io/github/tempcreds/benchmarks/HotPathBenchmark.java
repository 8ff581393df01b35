package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.RefreshingCredentialsProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * The hot path: resolving credentials that are fresh, which is what every signed request does.
 *
 * <p>{@code tempcreds}: {@link RefreshingCredentialsProvider#resolveCredentials()}. {@code limit}: what no
 * cache can beat (a volatile read of a holder, one clock read, one compare), measured in the same run.
 * {@code sdkCachedSupplier}: the SDK's {@link CachedSupplier} configured as the SDK's STS providers
 * ({@code StsCredentialsProvider}) configure it by default: a supplier returning a {@link RefreshResult}
 * with stale time = expiration - 1 min and prefetch time = expiration - 5 min, the default
 * (one-caller-blocks) prefetch strategy, the default (strict) stale-value behaviour and jitter, and
 * the provider's name as cached-value name. Both cache the same credentials, which expire in 12 hours,
 * so neither ever refreshes during a run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HotPath -prof gc -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1}
 * (and {@code -t 2}); see {@code benchmarks/README.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {
    private RefreshingCredentialsProvider tempcreds;
    private CachedSupplier<AwsCredentials> sdk;
    private volatile Holder holder;

    /** What the limit reads: a value and the time until which it may be returned. */
    static final class Holder {
        final AwsCredentials credentials;
        final long freshUntilMillis;

        Holder(AwsCredentials credentials, long freshUntilMillis) {
            this.credentials = credentials;
            this.freshUntilMillis = freshUntilMillis;
        }
    }

    /** Builds both caches over the same fake credentials and loads them once. */
    @Setup
    public void setUp() {
        Instant expiration = Instant.now().plus(Duration.ofHours(12));
        AwsCredentials credentials = AwsSessionCredentials.builder().accessKeyId("ASIATESTBENCHMARK001")
                .secretAccessKey("testsecret").sessionToken("testtoken").expirationTime(expiration).build();
        tempcreds = RefreshingCredentialsProvider.builder().sourceName("benchmark").loader(() -> credentials).build();
        sdk = CachedSupplier.builder(() -> RefreshResult.builder(credentials)
                        .staleTime(expiration.minus(Duration.ofMinutes(1)))
                        .prefetchTime(expiration.minus(Duration.ofMinutes(5)))
                        .build())
                .cachedValueName("StsAssumeRoleCredentialsProvider()")
                .build();
        holder = new Holder(credentials, expiration.minus(Duration.ofMinutes(5)).toEpochMilli());
        if (tempcreds.resolveCredentials() != sdk.get()) {
            throw new IllegalStateException("both caches must hold the same credentials");
        }
    }

    /** Closes both caches (and the provider's refresh thread). */
    @TearDown
    public void tearDown() {
        tempcreds.close();
        sdk.close();
    }

    /** tempcreds: one volatile read, one clock read, one compare. */
    @Benchmark
    public AwsCredentials tempcreds() {
        return tempcreds.resolveCredentials();
    }

    /**
     * The limit any cache of a fresh value can reach: one volatile read of a holder, one
     * {@code System.currentTimeMillis()} and one compare, nothing else.
     */
    @Benchmark
    public AwsCredentials limit() {
        Holder h = holder;
        if (System.currentTimeMillis() < h.freshUntilMillis) {
            return h.credentials;
        }
        throw new IllegalStateException("the benchmark's credentials were due for a refresh");
    }

    /** The SDK's cache as its STS providers configure it. */
    @Benchmark
    public AwsCredentials sdkCachedSupplier() {
        return sdk.get();
    }
}
