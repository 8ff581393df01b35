package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Many threads, latches and counted loads; no sleeping. */
class RefreshingCredentialsProviderConcurrencyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ManualClock clock = ManualClock.start();
    private final Instant t0 = clock.instant();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final ExecutorService loadThreads = Executors.newCachedThreadPool();
    private final ScriptedLoader loader = new ScriptedLoader(clock);
    private final TempcredsEnvironment env =
            TempcredsEnvironment.builder().clock(clock).random(new SplittableRandom(3)).build();

    @AfterEach
    void tearDown() {
        CountDownLatch g = loader.gate;
        if (g != null) {
            g.countDown();
        }
        callers.shutdownNow();
        loadThreads.shutdownNow();
    }

    private RefreshingCredentialsProvider provider(ManualScheduler scheduler, RefreshPolicy policy) {
        return ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider.builder()
                .sourceName("concurrent").loader(loader).environment(env).refreshPolicy(policy))
                .scheduler(scheduler).build();
    }

    @Test
    void resolveCredentials_64ThreadsAtMandatoryPoint_exactlyOneLoad() throws Exception {
        RefreshingCredentialsProvider p = provider(new ManualScheduler(clock, loadThreads), RefreshPolicy.defaults());
        AwsCredentials first = p.resolveCredentials();
        clock.set(t0.plus(Duration.ofMinutes(59)).plusSeconds(30));
        CountDownLatch gate = new CountDownLatch(1);
        loader.gate = gate;
        CountDownLatch start = new CountDownLatch(1);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        List<Future<AwsCredentials>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            results.add(callers.submit(() -> {
                threads.add(Thread.currentThread());
                start.await();
                return p.resolveCredentials();
            }));
        }
        start.countDown();
        assertThat(loader.entered.tryAcquire(2, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        awaitAllWaiting(threads, 64);
        gate.countDown();
        Set<AwsCredentials> returned = ConcurrentHashMap.newKeySet();
        for (Future<AwsCredentials> r : results) {
            returned.add(r.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(loader.loads).hasValue(2);
        assertThat(returned).containsExactly(loader.last).doesNotContain(first);
        p.close();
    }

    /** Spins (no sleep) until the given threads are all blocked, which here means waiting for the load. */
    private static void awaitAllWaiting(Set<Thread> threads, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (threads.size() == count && threads.stream().allMatch(t ->
                    t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        throw new AssertionError("threads did not all block on the load");
    }

    @Test
    void resolveCredentials_advisoryWindow_callersNeverWaitForTheLoad() throws Exception {
        RefreshingCredentialsProvider p = provider(new ManualScheduler(clock, loadThreads), RefreshPolicy.defaults());
        AwsCredentials first = p.resolveCredentials();
        clock.set(t0.plus(Duration.ofMinutes(46)));
        CountDownLatch gate = new CountDownLatch(1);
        loader.gate = gate;
        assertTimeoutPreemptively(WAIT, () -> {
            for (int i = 0; i < 1000; i++) {
                assertThat(p.resolveCredentials()).isSameAs(first);
            }
            assertThat(loader.entered.tryAcquire(2, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<Future<AwsCredentials>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(callers.submit(p::resolveCredentials));
            }
            for (Future<AwsCredentials> r : results) {
                assertThat(r.get()).isSameAs(first); // returned while the load is still blocked
            }
        });
        assertThat(p.health().refreshInFlight()).isTrue();
        assertThat(loader.loads).hasValue(2);
        gate.countDown();
        awaitHealth(p, () -> !p.health().refreshInFlight());
        assertThat(p.resolveCredentials()).isSameAs(loader.last).isNotSameAs(first);
        assertThat(loader.loads).hasValue(2);
        p.close();
    }

    private static void awaitHealth(RefreshingCredentialsProvider p, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached: " + p.health());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void resolveIdentity_loadInFlight_returnsAtOnceAndLoadCompletesTheFuture() throws Exception {
        RefreshingCredentialsProvider p = provider(new ManualScheduler(clock, loadThreads), RefreshPolicy.defaults());
        CountDownLatch gate = new CountDownLatch(1);
        loader.gate = gate;
        CompletableFuture<? extends AwsCredentialsIdentity> f = assertTimeoutPreemptively(WAIT, () -> p.resolveIdentity());
        assertThat(loader.entered.tryAcquire(1, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(f).isNotDone();
        gate.countDown();
        assertThat(f.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(loader.last);
        assertThat(p.resolveIdentity().getNow(null)).isSameAs(loader.last);
        p.close();
    }

    @Test
    void resolveIdentity_loadHangs_futureFailsWithTimeoutAtLoadTimeoutAndLoaderIsInterrupted() throws Exception {
        ManualScheduler scheduler = new ManualScheduler(clock, loadThreads);
        RefreshingCredentialsProvider p = provider(scheduler, RefreshPolicy.defaults());
        loader.gate = new CountDownLatch(1);
        CompletableFuture<? extends AwsCredentialsIdentity> f = p.resolveIdentity();
        assertThat(loader.entered.tryAcquire(1, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        scheduler.advance(RefreshPolicy.DEFAULT_LOAD_TIMEOUT);
        assertThatThrownBy(() -> f.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CredentialsTimeoutException.class)
                .hasMessageContaining("PT10S");
        awaitHealth(p, () -> !p.health().refreshInFlight());
        assertThat(loader.interrupted).hasValue(1);
        p.close();
    }

    @Test
    void resolveCredentials_loadHangs_callerGetsTimeoutAfterLoadTimeout() {
        RefreshPolicy policy = RefreshPolicy.builder().loadTimeout(Duration.ofMillis(200)).build();
        RefreshingCredentialsProvider p = provider(new ManualScheduler(clock, loadThreads), policy);
        loader.gate = new CountDownLatch(1);
        assertTimeoutPreemptively(WAIT, () -> assertThatThrownBy(p::resolveCredentials)
                .isInstanceOf(CredentialsTimeoutException.class)
                .hasMessageContaining("concurrent"));
        p.close();
    }

    @Test
    void close_withOwnThreads_stopsEveryThreadAndIsIdempotent() throws Exception {
        String source = "close-check-" + System.nanoTime();
        CountDownLatch loaded = new CountDownLatch(1);
        RefreshingCredentialsProvider p = RefreshingCredentialsProvider.builder()
                .sourceName(source).loader(loader).environment(env).backgroundRefresh(true)
                .addListener(new CredentialsListener() {
                    @Override
                    public void refreshSucceeded(CredentialsEvent event) {
                        loaded.countDown();
                    }
                })
                .build();
        assertThat(threadsNamed(source)).isEmpty(); // build() starts no thread
        p.resolveCredentials();
        assertThat(loaded.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        List<Thread> started = threadsNamed(source);
        assertThat(started).isNotEmpty().allMatch(Thread::isDaemon);
        p.close();
        for (Thread t : started) {
            t.join(WAIT.toMillis());
        }
        assertThat(started).noneMatch(Thread::isAlive);
        assertThat(threadsNamed(source)).isEmpty();
        p.close();
        assertThat(threadsNamed(source)).isEmpty();
        // closed is not dead: the next call loads again (threads start again lazily), and close stops them
        AwsCredentials again = p.resolveCredentials();
        assertThat(again).isSameAs(loader.last);
        p.close();
        for (Thread t : threadsNamed(source)) {
            t.join(WAIT.toMillis());
        }
        assertThat(threadsNamed(source)).isEmpty();
    }

    private static List<Thread> threadsNamed(String source) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tempcreds-refresh-" + source))
                .collect(Collectors.toList());
    }

    @Test
    void close_whileCallersWait_theyLoadAgainOnce_andTheAbandonedValueIsNotPublished() throws Exception {
        RefreshingCredentialsProvider p = provider(new ManualScheduler(clock, loadThreads), RefreshPolicy.defaults());
        loader.gate = new CountDownLatch(1);
        Future<AwsCredentials> waiting = callers.submit(p::resolveCredentials);
        Future<AwsCredentialsIdentity> waitingAsync = callers.submit(() -> p.resolveIdentity().join());
        assertThat(loader.entered.tryAcquire(1, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // one SDK client closes the shared provider while another client's calls wait for the load
        p.close();
        loader.gate.countDown(); // the abandoned load returns; the waiters' second try loads again

        AwsCredentials got = waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        AwsCredentialsIdentity gotAsync = waitingAsync.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(got).isNotNull();
        assertThat(gotAsync).isNotNull();
        assertThat(loader.loads.get()).as("the abandoned load and at least one new load").isGreaterThanOrEqualTo(2);
        assertThat(p.health().state()).isNotEqualTo(CredentialsHealth.State.CLOSED);
    }
}
