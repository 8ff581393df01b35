package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.ResolveIdentityRequest;

/** Keyed caches run every key on one bounded pool, and handles survive concurrent eviction on both paths. */
class KeyedCredentialsProvidersThreadsTest {
    private static final int KEYS = 10_000;
    private static final int POOL = KeyedCredentialsProviders.DEFAULT_REFRESH_THREADS + 1; // loads + the timer thread

    private static Set<Thread> tempcredsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("tempcreds-"))
                .collect(Collectors.toSet());
    }

    @Test
    void tenThousandKeys_realProvidersWithBackgroundRefresh_noMoreThreadsThanThePool_eachKeyLoadedOnce_idleEvicted()
            throws Exception {
        Set<Thread> before = tempcredsThreads(); // other tests' providers, not ours
        Map<Integer, AtomicInteger> loads = new ConcurrentHashMap<>();
        Clock clock = Clock.systemUTC();
        ManualClock idleClock = ManualClock.start(); // times expireAfterAccess only; the providers run on the system clock
        List<RefreshingCredentialsProvider> providers = new CopyOnWriteArrayList<>();
        int most = 0;
        try (KeyedCredentialsProviders<Integer> keyed = KeyedCredentialsProviders.<Integer>builder(k -> {
            RefreshingCredentialsProvider p = RefreshingCredentialsProvider.builder().sourceName("tenant-" + k)
                    .backgroundRefresh(true).loader(() -> {
                        loads.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                        return TestCredentials.expiringAt(clock.instant().plus(Duration.ofHours(1)));
                    }).build();
            providers.add(p);
            return p;
        }).maximumSize(KEYS).environment(TempcredsEnvironment.builder().clock(idleClock).build()).build()) {
            for (int k = 0; k < KEYS; k++) {
                keyed.get(k).resolveCredentials();
                if (k % 500 == 0) {
                    most = Math.max(most, newThreads(before).size());
                }
            }
            most = Math.max(most, newThreads(before).size());
            assertThat(most).as("tempcreds threads during the fill").isLessThanOrEqualTo(POOL);
            for (int k = 0; k < KEYS; k++) {
                keyed.get(k).resolveCredentials(); // all cached
            }
            assertThat(loads).hasSize(KEYS);
            assertThat(loads.values()).allMatch(n -> n.get() == 1);
            assertThat(newThreads(before).size()).as("after the fill").isLessThanOrEqualTo(POOL);
            keyed.invalidate(7); // an evicted provider does not stop the shared pool
            assertThat(keyed.get(8).resolveCredentials()).isNotNull();
            assertThat(keyed.get(7).resolveCredentials()).isNotNull();
            assertThat(providers).hasSize(KEYS + 1);
            // idle eviction at this size: every key unused for longer than expireAfterAccess is evicted and closed
            idleClock.advance(KeyedCredentialsProviders.DEFAULT_EXPIRE_AFTER_ACCESS.plusMinutes(1));
            assertThat(keyed.estimatedSize()).isZero();
            assertThat(keyed.evictionCount()).isEqualTo(KEYS);
            assertThat(providers).allMatch(p -> p.health().state() == CredentialsHealth.State.CLOSED);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!newThreads(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(newThreads(before)).as("threads left after close").isEmpty();
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = tempcredsThreads();
        now.removeAll(before);
        now.removeIf(t -> !t.isAlive());
        return now;
    }

    @Test
    void resolveIdentity_entryEvictedAndClosedConcurrently_retriesOnceLikeTheSyncPath() {
        ManualClock clock = ManualClock.start();
        AtomicReference<KeyedCredentialsProviders<String>> self = new AtomicReference<>();
        AtomicInteger created = new AtomicInteger();
        KeyedCredentialsProviders<String> keyed = KeyedCredentialsProviders.<String>builder(k -> {
            int n = created.incrementAndGet();
            return new AwsCredentialsProvider() {
                @Override
                public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
                    return TestCredentials.expiringAt(Instant.parse("2030-01-01T00:00:00Z"));
                }

                @Override
                public CompletableFuture<AwsCredentialsIdentity> resolveIdentity(ResolveIdentityRequest r) {
                    if (n == 1) { // evicted and closed while this call was under way
                        self.get().invalidate(k);
                        return CompletableFuture.failedFuture(CredentialsConfigurationException.of("provider is closed"));
                    }
                    return CompletableFuture.completedFuture(resolveCredentials());
                }
            };
        }).environment(TempcredsEnvironment.builder().clock(clock).build()).build();
        self.set(keyed);
        try {
            CompletableFuture<? extends AwsCredentialsIdentity> f = keyed.get("a").resolveIdentity();
            assertThat(f.join()).isNotNull();
            assertThat(created).hasValue(2);
        } finally {
            keyed.close();
        }
    }
}
