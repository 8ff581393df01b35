package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.CredentialsListener;

/**
 * Maps tempcreds' refresh events to metrics, as a framework integration would:
 * <ul>
 *   <li>{@code tempcreds.refresh.started{source}} counter;</li>
 *   <li>{@code tempcreds.refresh{source,outcome=success|failure}} timer of load durations;</li>
 *   <li>{@code tempcreds.refresh.failed{source,category}} counter by error category;</li>
 *   <li>{@code tempcreds.refresh.backoff{source}} and {@code tempcreds.served.stale{source}} counters.</li>
 * </ul>
 * Events never carry credentials, so nothing secret can reach the metrics. Thread-safe.
 */
final class MetricsListener implements CredentialsListener {
    static final String STARTED = "tempcreds.refresh.started";
    static final String REFRESH = "tempcreds.refresh";
    static final String FAILED = "tempcreds.refresh.failed";
    static final String BACKOFF = "tempcreds.refresh.backoff";
    static final String SERVED_STALE = "tempcreds.served.stale";

    private final MetricsRegistry registry;

    MetricsListener(MetricsRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void refreshStarted(CredentialsEvent event) {
        registry.increment(STARTED, "source", event.source());
    }

    @Override
    public void refreshSucceeded(CredentialsEvent event) {
        event.loadDuration().ifPresent(d -> registry.record(REFRESH, d, "source", event.source(), "outcome", "success"));
    }

    @Override
    public void refreshFailed(CredentialsEvent event) {
        event.loadDuration().ifPresent(d -> registry.record(REFRESH, d, "source", event.source(), "outcome", "failure"));
        String category = event.error().map(e -> CredentialsHealth.ErrorCategory.of(e).name()).orElse("UNKNOWN");
        registry.increment(FAILED, "source", event.source(), "category", category);
    }

    @Override
    public void backoff(CredentialsEvent event) {
        registry.increment(BACKOFF, "source", event.source());
    }

    @Override
    public void servedStale(CredentialsEvent event) {
        registry.increment(SERVED_STALE, "source", event.source());
    }
}
