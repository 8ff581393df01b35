package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** Listener events, guarded listeners and the health snapshot. */
class CredentialsListenerTest {
    private final ManualClock clock = ManualClock.start();
    private final Instant t0 = clock.instant();
    private final ScriptedLoader loader = new ScriptedLoader(clock);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<CredentialsEvent> failures = new CopyOnWriteArrayList<>();

    private final CredentialsListener recording = new CredentialsListener() {
        @Override
        public void refreshStarted(CredentialsEvent e) {
            events.add("started");
        }

        @Override
        public void refreshSucceeded(CredentialsEvent e) {
            events.add("succeeded");
        }

        @Override
        public void refreshFailed(CredentialsEvent e) {
            events.add("failed");
            failures.add(e);
        }

        @Override
        public void backoff(CredentialsEvent e) {
            events.add("backoff");
        }
    };

    private final CredentialsListener throwing = new CredentialsListener() {
        @Override
        public void refreshStarted(CredentialsEvent e) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void refreshSucceeded(CredentialsEvent e) {
            throw new IllegalStateException("listener bug");
        }

        @Override
        public void refreshFailed(CredentialsEvent e) {
            throw new IllegalStateException("listener bug");
        }
    };

    private RefreshingCredentialsProvider provider(CredentialsListener... listeners) {
        RefreshingCredentialsProvider.Builder b = RefreshingCredentialsProvider.builder().sourceName("listened")
                .loader(loader)
                .environment(TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(1)).build());
        for (CredentialsListener l : listeners) {
            b.addListener(l);
        }
        return ((RefreshingCredentialsProvider.BuilderImpl) b).scheduler(ManualScheduler.inline(clock)).build();
    }

    @Test
    void listener_successThenFailure_receivesEventsInOrderWithDetails() {
        RefreshingCredentialsProvider p = provider(recording);
        AwsCredentials first = p.resolveCredentials();
        assertThat(events).containsExactly("started", "succeeded");
        clock.set(t0.plus(Duration.ofMinutes(59)));
        loader.failure = CredentialsRetrievalException.of("down");
        p.resolveCredentials();
        assertThat(events).containsExactly("started", "succeeded", "started", "failed", "backoff");
        CredentialsEvent failed = failures.get(0);
        assertThat(failed.source()).isEqualTo("listened");
        assertThat(failed.error()).get().extracting(Throwable::getMessage).isEqualTo("down");
        assertThat(failed.consecutiveFailures()).isEqualTo(1);
        assertThat(failed.expiration()).isEqualTo(first.expirationTime());
        assertThat(failed.nextAttempt()).get().matches(n -> n.isAfter(clock.instant()));
        assertThat(failed.toString()).doesNotContain(TestCredentials.SECRET);
    }

    @Test
    void listener_throws_refreshStillSucceedsAndOtherListenersRun() {
        RefreshingCredentialsProvider p = provider(throwing, recording);
        AwsCredentials c = p.resolveCredentials();
        assertThat(c).isSameAs(loader.last);
        assertThat(events).containsExactly("started", "succeeded");
        loader.failure = CredentialsRetrievalException.of("down");
        p.invalidate(c.accessKeyId());
        assertThat(p.resolveCredentials()).isSameAs(c);
        assertThat(events).contains("failed", "backoff");
    }

    @Test
    void health_movesThroughTheStates() {
        RefreshingCredentialsProvider p = provider();
        CredentialsHealth h = p.health();
        assertThat(h.state()).isEqualTo(CredentialsHealth.State.NOT_LOADED);
        assertThat(h.isUsable()).isFalse();
        assertThat(h.source()).isEqualTo("listened");
        AwsCredentials c = p.resolveCredentials();
        h = p.health();
        assertThat(h.state()).isEqualTo(CredentialsHealth.State.FRESH);
        assertThat(h.expiration()).isEqualTo(c.expirationTime());
        assertThat(h.lastRefresh()).contains(t0);
        assertThat(h.lastErrorMessage()).isEmpty();
        clock.set(t0.plus(Duration.ofMinutes(50)));
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.ADVISORY);
        clock.set(t0.plus(Duration.ofMinutes(59)).plusSeconds(1));
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.MANDATORY);
        assertThat(p.health().isUsable()).isTrue();
        clock.set(t0.plus(Duration.ofMinutes(59)).plusSeconds(56));
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.UNUSABLE);
        loader.failure = CredentialsConfigurationException.of("profile is broken");
        try {
            p.resolveCredentials();
        } catch (CredentialsConfigurationException expected) {
            // asserted through health below
        }
        h = p.health();
        assertThat(h.lastErrorCategory()).contains(CredentialsHealth.ErrorCategory.CONFIGURATION);
        assertThat(h.lastErrorMessage()).contains("profile is broken");
        assertThat(h.consecutiveFailures()).isEqualTo(1);
        assertThat(h.nextAttempt()).isPresent();
        assertThat(h.refreshInFlight()).isFalse();
        p.close();
        assertThat(p.health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
    }
}
