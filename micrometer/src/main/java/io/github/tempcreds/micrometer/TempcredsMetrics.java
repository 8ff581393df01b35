package io.github.tempcreds.micrometer;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.KeyedCredentialsProviders;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Micrometer meters for tempcreds providers and keyed caches.
 *
 * <p>Providers take listeners when they are built, so this class is both the {@link CredentialsListener}
 * to pass to the provider's builder ({@code addListener(metrics)}) for the event meters (refreshes,
 * durations, served-stale) and the {@link MeterBinder} whose gauges read each monitored provider's
 * {@link RefreshableCredentialsProvider#health()} (state, consecutive failures, seconds until expiry):
 *
 * <pre>{@code
 * TempcredsMetrics metrics = TempcredsMetrics.create();
 * RefreshableCredentialsProvider provider = ImdsCredentialsProvider.builder().addListener(metrics).build();
 * metrics.monitor(provider).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Every meter is tagged with {@code source}, the provider's source description (for example
 * {@code imds} or {@code role-chain[2/2]}), which names a kind of source, never a key id or a secret.
 * Events that arrive before {@link #bindTo} is called are not counted. Thread-safe.
 */
public final class TempcredsMetrics implements MeterBinder, CredentialsListener {
    /** Timer: each completed load, tagged {@code source} and {@code outcome} ({@code success}/{@code failure}). */
    public static final String REFRESH = "tempcreds.credentials.refresh";
    /** Counter: a grace-mode provider returned a value that is already unusable. */
    public static final String SERVED_STALE = "tempcreds.credentials.served.stale";
    /** Gauge: failed loads since the last success. */
    public static final String CONSECUTIVE_FAILURES = "tempcreds.credentials.consecutive.failures";
    /** Gauge (seconds): time until the current value expires; negative once expired, NaN with none. */
    public static final String EXPIRY = "tempcreds.credentials.expiry";
    /** Gauge: 1 for the provider's current state (tag {@code state}), 0 for the others. */
    public static final String STATE = "tempcreds.credentials.state";
    /** Gauge: entries held by a keyed cache (tag {@code cache}). */
    public static final String KEYED_SIZE = "tempcreds.keyed.cache.size";
    /** Function counter: providers a keyed cache evicted because it was full or a key sat idle (tag {@code cache}). */
    public static final String KEYED_EVICTIONS = "tempcreds.keyed.cache.evictions";

    private final Clock clock;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final List<RefreshableCredentialsProvider> providers = new CopyOnWriteArrayList<>();
    private final List<Keyed> keyed = new CopyOnWriteArrayList<>();

    private TempcredsMetrics(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Meters that read expiry against the system clock. */
    public static TempcredsMetrics create() {
        return new TempcredsMetrics(Clock.systemUTC());
    }

    /** Meters that read expiry against {@code clock} (the clock given to the providers' environment). */
    public static TempcredsMetrics create(Clock clock) {
        return new TempcredsMetrics(clock);
    }

    /** Adds the health gauges of {@code provider}; registered now in registries already bound. */
    public TempcredsMetrics monitor(RefreshableCredentialsProvider provider) {
        Objects.requireNonNull(provider, "provider");
        providers.add(provider);
        registries.forEach(r -> bindProvider(r, provider));
        return this;
    }

    /** Adds the size gauge of a keyed cache, tagged {@code cache=name} (a name you choose, bounded). */
    public TempcredsMetrics monitor(String name, KeyedCredentialsProviders<?> cache) {
        Keyed k = new Keyed(Objects.requireNonNull(name, "name"), Objects.requireNonNull(cache, "cache"));
        keyed.add(k);
        registries.forEach(r -> bindKeyed(r, k));
        return this;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        registries.add(registry);
        providers.forEach(p -> bindProvider(registry, p));
        keyed.forEach(k -> bindKeyed(registry, k));
    }

    private void bindProvider(MeterRegistry registry, RefreshableCredentialsProvider provider) {
        String source = provider.health().source();
        Gauge.builder(CONSECUTIVE_FAILURES, provider, p -> p.health().consecutiveFailures())
                .description("Failed credential loads since the last success")
                .tag("source", source).register(registry);
        Gauge.builder(EXPIRY, provider, this::secondsUntilExpiry)
                .description("Seconds until the current credentials expire")
                .tag("source", source).baseUnit("seconds").register(registry);
        for (CredentialsHealth.State state : CredentialsHealth.State.values()) {
            Gauge.builder(STATE, provider, p -> p.health().state() == state ? 1 : 0)
                    .description("1 for the provider's current state, 0 otherwise")
                    .tag("source", source).tag("state", state.name().toLowerCase(Locale.ROOT).replace('_', '.'))
                    .register(registry);
        }
    }

    private void bindKeyed(MeterRegistry registry, Keyed k) {
        Gauge.builder(KEYED_SIZE, k.cache, KeyedCredentialsProviders::estimatedSize)
                .description("Providers held by a keyed cache").tag("cache", k.name).baseUnit("providers")
                .register(registry);
        FunctionCounter.builder(KEYED_EVICTIONS, k.cache, KeyedCredentialsProviders::evictionCount)
                .description("Providers a keyed cache evicted (full, or idle)").tag("cache", k.name)
                .baseUnit("providers").register(registry);
    }

    private double secondsUntilExpiry(RefreshableCredentialsProvider provider) {
        return provider.health().expiration()
                .map(e -> Duration.between(Instant.now(clock), e).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    @Override
    public void refreshSucceeded(CredentialsEvent event) {
        record(event, "success");
    }

    @Override
    public void refreshFailed(CredentialsEvent event) {
        record(event, "failure");
    }

    private void record(CredentialsEvent event, String outcome) {
        Duration d = event.loadDuration().orElse(Duration.ZERO);
        for (MeterRegistry r : registries) {
            Timer.builder(REFRESH).description("Credential loads").tag("source", event.source())
                    .tag("outcome", outcome).register(r).record(d);
        }
    }

    @Override
    public void servedStale(CredentialsEvent event) {
        for (MeterRegistry r : registries) {
            Counter.builder(SERVED_STALE).description("Unusable credentials returned in grace mode")
                    .tag("source", event.source()).register(r).increment();
        }
    }

    @Override
    public String toString() {
        return "TempcredsMetrics(providers=" + providers.size() + ", keyedCaches=" + keyed.size() + ")";
    }

    private static final class Keyed {
        final String name;
        final KeyedCredentialsProviders<?> cache;

        Keyed(String name, KeyedCredentialsProviders<?> cache) {
            this.name = name;
            this.cache = cache;
        }
    }
}
