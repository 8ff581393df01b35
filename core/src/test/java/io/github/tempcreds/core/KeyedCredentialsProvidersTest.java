package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class KeyedCredentialsProvidersTest {
    private final ManualClock clock = ManualClock.start();
    private final TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).build();
    private final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
    private final List<RefreshingCredentialsProvider> all = new CopyOnWriteArrayList<>();

    private RefreshingCredentialsProvider create(String tenant) {
        created.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
        RefreshingCredentialsProvider p = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("tenant-" + tenant).loader(new ScriptedLoader(clock)).environment(env))
                .scheduler(ManualScheduler.inline(clock)).build();
        all.add(p);
        return p;
    }

    private KeyedCredentialsProviders<String> keyed(long max, Duration idle) {
        return KeyedCredentialsProviders.<String>builder(this::create).maximumSize(max).expireAfterAccess(idle)
                .environment(env).build();
    }

    @Test
    void get_sameKey_oneProviderPerKey() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        AwsCredentials a1 = keyed.get("a").resolveCredentials();
        AwsCredentials a2 = keyed.get("a").resolveCredentials();
        AwsCredentials b = keyed.get("b").resolveCredentials();
        assertThat(a2).isSameAs(a1);
        assertThat(b).isNotSameAs(a1);
        assertThat(created.get("a")).hasValue(1);
        assertThat(keyed.estimatedSize()).isEqualTo(2);
    }

    @Test
    void expireAfterAccess_idleEntry_evictedAndClosedByTheClock() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider handle = keyed.get("idle");
        handle.resolveCredentials();
        RefreshingCredentialsProvider first = all.get(0);
        clock.advance(Duration.ofMinutes(29));
        assertThat(keyed.estimatedSize()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(keyed.estimatedSize()).isZero();
        assertThat(first.health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        // the handle keeps working: a new provider is created on the next call
        assertThat(handle.resolveCredentials()).isNotNull();
        assertThat(created.get("idle")).hasValue(2);
    }

    @Test
    void maximumSize_exceeded_evictsAndCloses() {
        KeyedCredentialsProviders<String> keyed = keyed(2, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            keyed.get("k" + i).resolveCredentials();
        }
        assertThat(keyed.estimatedSize()).isLessThanOrEqualTo(2);
        assertThat(all.stream().filter(p -> p.health().state() == CredentialsHealth.State.CLOSED).count())
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void invalidate_key_closesItsProvider() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofHours(1));
        keyed.get("x").resolveCredentials();
        keyed.invalidate("x");
        assertThat(all.get(0).health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        assertThat(keyed.estimatedSize()).isZero();
    }

    @Test
    void close_closesAllAndLaterGetFails() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofHours(1));
        RefreshableCredentialsProvider h = keyed.get("a");
        keyed.get("b");
        keyed.close();
        keyed.close();
        assertThat(all).allMatch(p -> p.health().state() == CredentialsHealth.State.CLOSED);
        assertThatThrownBy(() -> keyed.get("a")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(h::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class);
    }

    @Test
    void handle_invalidateAndHealth_delegateToCurrentProvider() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofHours(1));
        RefreshableCredentialsProvider h = keyed.get("t");
        AwsCredentials c = h.resolveCredentials();
        assertThat(h.health().source()).isEqualTo("tenant-t");
        h.invalidate(c.accessKeyId());
        assertThat(h.health().state()).isEqualTo(CredentialsHealth.State.MANDATORY);
        assertThat(h.resolveCredentials()).isNotSameAs(c);
        assertThat(h.toString()).contains("t");
    }

    @Test
    void builder_badSettings_namedInMessages() {
        assertThatThrownBy(() -> KeyedCredentialsProviders.<String>builder(this::create).maximumSize(-1))
                .hasMessageStartingWith("maximumSize must not be negative");
        assertThatThrownBy(() -> KeyedCredentialsProviders.<String>builder(this::create).maximumSize(1).maximumSize(2))
                .hasMessage("maximumSize was already set to 1");
        assertThatThrownBy(() -> KeyedCredentialsProviders.<String>builder(this::create).expireAfterAccess(Duration.ZERO))
                .hasMessageStartingWith("expireAfterAccess must be positive");
    }

    @Test
    void get_factoryReturnsNull_clearError() {
        KeyedCredentialsProviders<String> keyed = KeyedCredentialsProviders.<String>builder(k -> null).build();
        assertThatThrownBy(() -> keyed.get("nothing")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("factory returned null for key nothing");
    }

    @Test
    void get_cachedKey_sameHandleEveryTime() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider h = keyed.get("a");
        assertThat(keyed.get("a")).isSameAs(h);
        assertThat(keyed.get("b")).isNotSameAs(h);
    }

    @Test
    void heldHandle_entryEvicted_reloadsOnceAndGetReturnsThatHandleAgain() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider h = keyed.get("a");
        h.resolveCredentials();
        keyed.invalidate("a");
        assertThat(all.get(0).health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        assertThat(h.resolveCredentials()).isNotNull();
        assertThat(h.resolveCredentials()).isNotNull();
        assertThat(created.get("a")).hasValue(2);
        assertThat(keyed.get("a")).isSameAs(h);
        assertThat(h.health().state()).isNotEqualTo(CredentialsHealth.State.CLOSED);
    }

    @Test
    void getAndCall_steadily_neverExpiresIdle() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider first = keyed.get("steady");
        for (int minute = 0; minute < 180; minute += 5) {
            RefreshableCredentialsProvider h = keyed.get("steady");
            assertThat(h).isSameAs(first);
            h.resolveCredentials();
            clock.advance(Duration.ofMinutes(5));
            assertThat(keyed.estimatedSize()).as("minute %d", minute).isEqualTo(1);
        }
        assertThat(created.get("steady")).hasValue(1);
        assertThat(keyed.evictionCount()).isZero();
    }

    @Test
    void get_aloneWithoutACall_isNotAUse_keyExpiresIdle() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider h = keyed.get("looked-up");
        h.resolveCredentials();
        for (int minute = 5; minute <= 35; minute += 5) {
            clock.advance(Duration.ofMinutes(5));
            assertThat(keyed.get("looked-up")).isSameAs(h); // a lookup, never a call
        }
        assertThat(keyed.estimatedSize()).isZero();
        assertThat(keyed.evictionCount()).isEqualTo(1);
        assertThat(h.resolveCredentials()).isNotNull(); // the handle still works: a new provider
        assertThat(created.get("looked-up")).hasValue(2);
    }

    @Test
    void heldHandle_usedSteadilyOnlyThroughIt_neverExpiresIdle() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider h = keyed.get("busy");
        for (int minute = 0; minute < 180; minute += 5) {
            h.resolveCredentials();
            clock.advance(Duration.ofMinutes(5));
            assertThat(keyed.estimatedSize()).as("minute %d", minute).isEqualTo(1);
        }
        assertThat(created.get("busy")).hasValue(1);
        assertThat(keyed.evictionCount()).isZero();
    }

    @Test
    void heldHandle_lastUseThroughIt_expiresIdleAfterThatUse() {
        KeyedCredentialsProviders<String> keyed = keyed(10, Duration.ofMinutes(30));
        RefreshableCredentialsProvider h = keyed.get("late");
        clock.advance(Duration.ofMinutes(20));
        h.resolveCredentials(); // the last use, through the handle only
        clock.advance(Duration.ofMinutes(29));
        assertThat(keyed.estimatedSize()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(keyed.estimatedSize()).isZero();
        assertThat(keyed.evictionCount()).isEqualTo(1);
        assertThat(all.get(0).health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
    }

    @Test
    void get_cachedKeys_resolveAllocatesNothing() {
        AwsCredentials credentials = TestCredentials.expiringAt(Instant.parse("2030-01-01T00:00:00Z"));
        KeyedCredentialsProviders<Integer> keyed = KeyedCredentialsProviders.<Integer>builder(k -> () -> credentials)
                .environment(env).build();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Integer[] keys = new Integer[1_000]; // boxed once: the lookups, not the test, are measured
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i;
        }
        int calls = 200_000;
        for (int i = 0; i < calls; i++) { // fill and warm up
            keyed.get(keys[i % keys.length]).resolveCredentials();
        }
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < calls; i++) {
            keyed.get(keys[i % keys.length]).resolveCredentials();
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        keyed.close();
        assertThat(allocated).as("bytes allocated by %d cached lookups", calls).isLessThan(calls / 10);
    }
}
