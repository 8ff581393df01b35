package io.github.tempcreds.imds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ImdsWatchdogTest {
    private static final long BOUND_SECONDS = 30;

    @Test
    void arm_afterClose_startsAgainAndTheNextCloseStopsTheThread() throws Exception {
        ImdsWatchdog watchdog = new ImdsWatchdog();
        CountDownLatch first = new CountDownLatch(1);
        watchdog.arm(Duration.ZERO, first::countDown);
        assertThat(first.await(BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        List<Thread> running = threads();
        assertThat(running).isNotEmpty();

        watchdog.close();
        assertThat(endedWithinBound(running)).isTrue();

        CountDownLatch second = new CountDownLatch(1);
        watchdog.arm(Duration.ZERO, second::countDown);
        assertThat(second.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("a deadline after close still fires").isTrue();
        List<Thread> again = threads();
        watchdog.close();
        watchdog.close();
        assertThat(endedWithinBound(again)).isTrue();
    }

    @Test
    void close_pendingDeadline_neverRuns() throws Exception {
        ImdsWatchdog watchdog = new ImdsWatchdog();
        CountDownLatch fired = new CountDownLatch(1);
        watchdog.arm(Duration.ofHours(1), fired::countDown);
        List<Thread> running = threads();
        watchdog.close();
        assertThat(endedWithinBound(running)).isTrue();
        assertThat(fired.getCount()).isEqualTo(1);
    }

    private static List<Thread> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(ImdsWatchdog.THREAD_NAME)).toList();
    }

    private static boolean endedWithinBound(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }
}
