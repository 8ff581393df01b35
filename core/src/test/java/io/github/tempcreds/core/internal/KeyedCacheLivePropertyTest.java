package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The keyed cache's hot-path map stays in step with Caffeine through any mix of lookups, uses of held
 * handles, invalidations, idle expiry and size eviction: it never keeps a removed (closed) entry, so it
 * cannot leak providers, and a handle never reaches a closed provider.
 */
class KeyedCacheLivePropertyTest {
    private static final Duration IDLE = Duration.ofMinutes(30);

    /** An operation: 0 look up and use, 1 use a held handle, 2 invalidate, 3 advance the clock (minutes). */
    @Provide
    Arbitrary<List<Tuple2<Integer, Integer>>> operations() {
        return Arbitraries.integers().between(0, 3).flatMap(op -> Arbitraries.integers().between(0, 40)
                .map(arg -> Tuple.of(op, arg))).list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void liveMap_agreesWithCaffeine_andNeverServesAClosedProvider(
            @ForAll("operations") List<Tuple2<Integer, Integer>> ops) {
        MutableClock clock = new MutableClock();
        KeyedCache<Integer> cache = new KeyedCache<>(k -> new ClosingProvider(), 4, IDLE, clock);
        Map<Integer, RefreshableCredentialsProvider> held = new HashMap<>();
        try {
            for (Tuple2<Integer, Integer> op : ops) {
                int key = op.get2() % 8;
                switch (op.get1()) {
                    case 0 -> {
                        RefreshableCredentialsProvider h = cache.handle(key);
                        held.put(key, h);
                        assertThat(h.resolveCredentials()).isNotNull();
                    }
                    case 1 -> {
                        RefreshableCredentialsProvider h = held.get(key);
                        if (h != null) {
                            assertThat(h.resolveCredentials()).isNotNull();
                        }
                    }
                    case 2 -> cache.invalidate(key);
                    default -> clock.advance(Duration.ofMinutes(op.get2()));
                }
                assertThat(cache.liveMatchesCache()).as("after %s", op).isTrue();
            }
        } finally {
            cache.close();
        }
        assertThat(cache.liveCount()).isZero();
    }

    /** Fails every call once closed, as a closed refreshing provider does. */
    private static final class ClosingProvider implements AwsCredentialsProvider, AutoCloseable {
        private volatile boolean closed;

        @Override
        public AwsCredentials resolveCredentials() {
            if (closed) {
                throw new IllegalStateException("closed provider used");
            }
            return AwsBasicCredentials.create("AKIATESTKEYEDLIVE001", "testsecret");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
