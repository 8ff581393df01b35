package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsEvent;
import io.github.tempcreds.core.CredentialsRetrievalException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefreshAwaiterTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static CredentialsEvent ok(int n) {
        return CredentialsEvent.builder().source("src").time(T0.plusSeconds(n)).expiration(T0.plusSeconds(3600)).build();
    }

    private static CredentialsEvent failed(String message) {
        return CredentialsEvent.builder().source("src").time(T0)
                .error(CredentialsRetrievalException.of(message)).build();
    }

    @Test
    void next_returnsTheFirstLoadFinishedAfterArming_notAnEarlierOne() throws Exception {
        RefreshAwaiter a = RefreshAwaiter.create();
        a.refreshSucceeded(ok(1));
        RefreshAwaiter.Next next = a.next();
        a.refreshSucceeded(ok(2));
        a.refreshSucceeded(ok(3));
        assertThat(next.await(Duration.ofSeconds(1)).time()).isEqualTo(T0.plusSeconds(2));
        assertThat(a.refreshes()).hasSize(3);
        assertThat(a.successes()).isEqualTo(3);
    }

    @Test
    void next_skipsALoadThatWasRunningWhenArmed_evenIfItsEventComesLater() throws Exception {
        // The engine completes the caller's wait before it notifies listeners: the first load's success can
        // arrive after the test armed next().
        RefreshAwaiter a = RefreshAwaiter.create();
        a.refreshStarted(ok(0));
        RefreshAwaiter.Next next = a.next();
        a.refreshSucceeded(ok(1)); // the first load, late
        CredentialsEvent other = CredentialsEvent.builder().source("other").time(T0.plusSeconds(2)).build();
        a.refreshStarted(ok(2));
        a.refreshSucceeded(ok(3));
        assertThat(next.await(Duration.ofSeconds(1)).time()).isEqualTo(T0.plusSeconds(3));
        // another source's load that was not running counts at once
        RefreshAwaiter.Next second = a.next();
        a.refreshSucceeded(other);
        assertThat(second.await(Duration.ofSeconds(1))).isSameAs(other);
    }

    @Test
    void await_wakesWhenAnotherThreadReportsTheLoad() throws Exception {
        RefreshAwaiter a = RefreshAwaiter.create();
        RefreshAwaiter.Next next = a.next();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<CredentialsEvent> got = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return next.awaitSuccess(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(1, TimeUnit.MINUTES)).isTrue();
        a.refreshSucceeded(ok(7));
        assertThat(got.get(2, TimeUnit.MINUTES).time()).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void await_withoutALoad_failsAfterTheBound() {
        RefreshAwaiter a = RefreshAwaiter.create();
        a.refreshSucceeded(ok(1));
        assertThatThrownBy(() -> a.next().await(Duration.ofMillis(1))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no refresh finished within PT0.001S");
    }

    @Test
    void awaitSuccess_onAFailedLoad_failsWithItsError_andAwaitReturnsIt() throws Exception {
        RefreshAwaiter a = RefreshAwaiter.create();
        RefreshAwaiter.Next next = a.next();
        a.refreshFailed(failed("STS said no"));
        assertThatThrownBy(() -> next.awaitSuccess(Duration.ofSeconds(1))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("STS said no").hasCauseInstanceOf(CredentialsRetrievalException.class);
        assertThat(next.await(Duration.ofSeconds(1)).error()).isPresent();
        assertThat(a.failures()).isEqualTo(1);
        assertThat(a.successes()).isZero();
    }
}
