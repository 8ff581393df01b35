package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.TempcredsEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The refresh engine behind every tempcreds provider: one cached value, refreshed ahead of expiry.
 *
 * <pre>
 * Concurrency:
 *
 * States of the cached value by the clock (boundaries precomputed in CachedCredentials, in millis):
 *   fresh      now < refreshAt                 return it; no lock, no allocation
 *   advisory   refreshAt <= now < mandatoryAt  return it; start one async load if none runs and
 *                                              now >= nextAttempt
 *   mandatory  mandatoryAt <= now < unusableAt wait (<= loadTimeout) for the one load; start it if none
 *                                              runs and backoff allows, else return the value; if the
 *                                              load fails, return the value if still usable
 *   unusable   unusableAt <= now, or no value  wait for a load as above; never return the value
 *                                              (grace mode: within grace, return it, WARN, event)
 *
 * Fields:
 *   current             volatile; written only while holding `lock` (load success, invalidate,
 *                        close); read without the lock. Each CachedCredentials is immutable, so a
 *                        reader sees one consistent value and its boundaries.
 *   inFlight            guarded by lock. Non-null from the moment a load is decided until its loader
 *                        returns (not merely until a waiter times out): at most one load at a time.
 *   nextAttemptMillis,  guarded by lock; set by load failures (backoff), reset by success.
 *   consecutiveFailures, lastError, lastRefresh, timer, closed, loadedOnce: guarded by lock.
 *
 * Life cycle: close() stops the timer and the provider's own threads, drops the value and the
 *   backoff, and abandons the flight (waiters fail; whatever that loader returns is discarded). The
 *   engine stays usable: the next call starts a new load (threads start again lazily), so a provider
 *   shared by SDK clients survives one client closing it. `closed` only reports CLOSED in health until
 *   then; the value served after a re-initialisation is a new load, checked like any other.
 *
 * Rules:
 *   - No I/O, no listener call, no waiting while holding `lock`. Under the lock the engine only reads
 *     the clock, decides, and schedules (non-blocking) timer tasks.
 *   - A flight's result future is completed outside every lock: by the load, or (exceptionally) by
 *     the load-timeout watchdog or close().
 *   - A loaded value that is already unusable counts as a failed load; it is never published.
 *   - A load's outcome changes the state only while its flight is still `inFlight`: a flight abandoned
 *     by close() or by the watchdog (accepted by an executor but never run) is ignored when it ends.
 *   - The load-timeout watchdog and the timers run on the provider's own timer thread (or a keyed
 *     cache's shared one), never on a user executor, so a hung or discarding executor cannot stop it.
 *   - Every boundary and delay is computed with saturating arithmetic (RefreshWindows): no absurd
 *     expiration or clock reading wraps around.
 *
 * What callers may observe: a returned value always had at least minValidity left when the call
 * decided (strict mode); it is the newest successfully loaded value, or an older one still usable
 * because a newer load has not finished or has failed.
 * </pre>
 */
public final class RefreshEngine {

    private final String source;
    private final CredentialsLoader loader;
    private final RefreshPolicy policy;
    private final TempcredsEnvironment environment;
    private final Clock clock;
    private final RefreshScheduler scheduler;
    private final EngineEvents events;
    private final boolean backgroundRefresh;
    private final long loadTimeoutMillis;
    private final long graceMillis;

    private final Object lock = new Object();
    private volatile CachedCredentials current = CachedCredentials.EMPTY;
    private Flight inFlight;
    private long nextAttemptMillis = Long.MIN_VALUE;
    private int consecutiveFailures;
    private CredentialsException lastError;
    private Instant lastRefresh;
    private RefreshScheduler.Cancellable timer;
    private boolean closed;
    private boolean loadedOnce;

    /** Creates an engine; starts no thread and does no I/O. */
    public RefreshEngine(String source, CredentialsLoader loader, RefreshPolicy policy, TempcredsEnvironment environment,
                         RefreshScheduler scheduler, List<CredentialsListener> listeners, boolean backgroundRefresh) {
        this.source = source;
        this.loader = loader;
        this.policy = policy;
        this.environment = environment;
        this.clock = environment.clock();
        this.scheduler = scheduler;
        this.events = new EngineEvents(source, listeners);
        this.backgroundRefresh = backgroundRefresh;
        this.loadTimeoutMillis = RefreshWindows.millis(policy.loadTimeout());
        this.graceMillis = RefreshWindows.millis(policy.grace());
    }

    /** Credentials with at least minValidity left, or a typed exception. */
    public AwsCredentials resolve() {
        CachedCredentials c = current;
        if (clock.millis() < c.refreshAtMillis) {
            return c.credentials;
        }
        return resolveSlow();
    }

    /** Like {@link #resolve()}, but never blocks: a load in flight completes the returned future. */
    public CompletableFuture<AwsCredentialsIdentity> resolveAsync() {
        CachedCredentials c = current;
        if (clock.millis() < c.refreshAtMillis) {
            return CompletableFuture.completedFuture(c.credentials);
        }
        return resolveAsyncSlow(true);
    }

    private CompletableFuture<AwsCredentialsIdentity> resolveAsyncSlow(boolean retryIfClosed) {
        Decision d = decide();
        try {
            if (d.await == null) {
                return CompletableFuture.completedFuture(immediate(d));
            }
            Flight f = d.await;
            CompletableFuture<AwsCredentialsIdentity> outcome = f.result.handle((loaded, error) -> afterLoad(loaded, error));
            if (!retryIfClosed) {
                return outcome;
            }
            // A flight that close() abandoned: try once more, as a call made after the close would.
            return f.result.handle((loaded, error) -> error != null && f.closedWhileLoading)
                    .thenCompose(retry -> retry ? resolveAsyncSlow(false) : outcome);
        } catch (CredentialsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private AwsCredentials resolveSlow() {
        return resolveSlow(true);
    }

    private AwsCredentials resolveSlow(boolean retryIfClosed) {
        Decision d = decide();
        if (d.await == null) {
            return immediate(d);
        }
        Flight f = d.await;
        try {
            return afterLoad(f.result.get(loadTimeoutMillis, TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            CredentialsException timeout = EngineErrors.timeout(source, policy.loadTimeout());
            f.timeOut(timeout);
            return afterLoad(null, timeout);
        } catch (ExecutionException e) {
            if (retryIfClosed && f.closedWhileLoading) {
                return resolveSlow(false); // abandoned by close(): a call after the close loads again
            }
            return afterLoad(null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return afterLoad(null, EngineErrors.retrieval(source, EngineMessages.INTERRUPTED));
        }
    }

    private AwsCredentials immediate(Decision d) {
        if (d.error != null) {
            throw d.error;
        }
        if (d.started != null && clock.millis() >= d.value.unusableAtMillis) {
            // The load we started ran on this thread (a caller-runs executor) and time passed meanwhile.
            CompletableFuture<CachedCredentials> r = d.started.result;
            boolean failed = r.isCompletedExceptionally();
            return afterLoad(r.isDone() && !failed ? r.join() : null, failed ? r.handle((v, e) -> e).join() : null);
        }
        if (d.stale) {
            events.servedStale(d.value, clock.millis());
        }
        return d.value.credentials;
    }

    /** What a waiter returns once the flight it waited for has completed (or it gave up waiting). */
    private AwsCredentials afterLoad(CachedCredentials loaded, Throwable error) {
        long now = clock.millis();
        if (loaded != null && now < loaded.unusableAtMillis) {
            return loaded.credentials;
        }
        CachedCredentials c = current;
        if (c.hasValue() && now < c.unusableAtMillis) {
            return c.credentials;
        }
        if (c.hasValue() && inGrace(c, now)) {
            events.servedStale(c, clock.millis());
            return c.credentials;
        }
        CredentialsException cause = error != null ? EngineErrors.normalize(EngineErrors.unwrap(error), source) : null;
        long next;
        synchronized (lock) {
            next = nextAttemptMillis;
        }
        throw EngineErrors.unusable(source, c, cause, next, now, policy.minValidity());
    }

    /** Decides under the lock what this call does; launches a new flight after releasing it. */
    private Decision decide() {
        Decision d;
        synchronized (lock) {
            d = decideLocked();
        }
        if (d.started != null) {
            launch(d.started);
        }
        return d;
    }

    private Decision decideLocked() {
        closed = false; // a call after close() re-initialises lazily
        long now = clock.millis();
        CachedCredentials c = current;
        boolean backoffOver = now >= nextAttemptMillis;
        if (c.hasValue() && now < c.unusableAtMillis) {
            if (now < c.refreshAtMillis) {
                return Decision.value(c, null);
            }
            if (now < c.mandatoryAtMillis) {
                return Decision.value(c, inFlight == null && backoffOver ? startLocked(now) : null);
            }
            if (inFlight != null) {
                return Decision.await(inFlight, null);
            }
            return backoffOver ? Decision.await(null, startLocked(now)) : Decision.value(c, null);
        }
        if (inFlight != null) {
            return Decision.await(inFlight, null);
        }
        if (backoffOver) {
            return Decision.await(null, startLocked(now));
        }
        if (c.hasValue() && inGrace(c, now)) {
            return Decision.stale(c);
        }
        return Decision.fail(EngineErrors.unusable(source, c, lastError, nextAttemptMillis, now, policy.minValidity()));
    }

    private boolean inGrace(CachedCredentials c, long now) {
        return graceMillis > 0 && RefreshWindows.subtract(now, c.unusableAtMillis) < graceMillis;
    }

    private Flight startLocked(long now) {
        Flight f = new Flight(now, !loadedOnce);
        inFlight = f;
        return f;
    }

    private void launch(Flight f) {
        try {
            f.watchdog(scheduler.schedule(() -> watchdogFired(f), policy.loadTimeout()));
            scheduler.execute(() -> runFlight(f));
        } catch (RejectedExecutionException e) {
            f.finished();
            onFailure(f, EngineErrors.retrieval(source, EngineMessages.LOAD_REJECTED), f.startedMillis);
        }
    }

    /** At the load timeout: fail the waiters; a load that never started is cleared so the next call retries. */
    private void watchdogFired(Flight f) {
        CredentialsException timeout = EngineErrors.timeout(source, policy.loadTimeout());
        if (f.abandonIfNotStarted()) {
            onFailure(f, timeout, f.startedMillis);
        } else {
            f.timeOut(timeout);
        }
    }

    private void runFlight(Flight f) {
        if (!f.running(Thread.currentThread())) {
            return; // abandoned by the watchdog before it ran; a later call started or will start another
        }
        long start = clock.millis();
        CachedCredentials loaded = null;
        CredentialsException failure = null;
        VirtualMachineError fatal = null;
        try {
            events.started(current, start);
            AwsCredentials credentials = loader.load();
            if (credentials == null) {
                failure = EngineErrors.retrieval(source, EngineMessages.LOADED_NULL);
            } else {
                long loadedAt = clock.millis();
                loaded = RefreshWindows.compute(policy, credentials, loadedAt, environment.random(),
                        f.first && policy.spreadFirstRefresh());
                if (loaded != null && loader instanceof RefreshTimeAdvisor) {
                    loaded = RefreshWindows.advised(loaded, ((RefreshTimeAdvisor) loader)
                            .nextRefresh(credentials, current.credentials, Instant.ofEpochMilli(loadedAt)), loadedAt);
                }
                if (loaded == null) {
                    failure = EngineErrors.retrieval(source, String.format(EngineMessages.LOADED_UNUSABLE,
                            credentials.expirationTime().orElse(null), policy.minValidity()));
                }
            }
        } catch (VirtualMachineError e) {
            fatal = e;
            failure = EngineErrors.normalize(e, source);
        } catch (Throwable t) {
            failure = EngineErrors.normalize(t, source);
        }
        if (f.finished()) {
            Thread.interrupted();
        }
        if (loaded != null) {
            onSuccess(f, loaded, start);
        } else {
            onFailure(f, failure, start);
        }
        if (fatal != null) {
            throw fatal;
        }
    }

    private void onSuccess(Flight f, CachedCredentials loaded, long start) {
        long now = clock.millis();
        int recoveredAfter;
        synchronized (lock) {
            if (inFlight != f) {
                f.result.completeExceptionally(EngineErrors.abandoned(source));
                return; // abandoned by close(): its value is not published
            }
            inFlight = null;
            recoveredAfter = consecutiveFailures;
            consecutiveFailures = 0;
            nextAttemptMillis = Long.MIN_VALUE;
            lastRefresh = Instant.ofEpochMilli(now);
            loadedOnce = true;
            current = loaded;
            armTimerLocked(loaded.refreshAtMillis, now);
        }
        f.result.complete(loaded);
        events.succeeded(loaded, start, now, recoveredAfter);
    }

    private void onFailure(Flight f, CredentialsException failure, long start) {
        long now = clock.millis();
        CachedCredentials c;
        long next;
        int failures;
        synchronized (lock) {
            if (inFlight != f) {
                f.result.completeExceptionally(failure);
                return; // abandoned by close() or the watchdog: the state is no longer this flight's
            }
            inFlight = null;
            failures = ++consecutiveFailures;
            lastError = failure;
            c = current;
            next = RefreshWindows.add(now, RefreshWindows.backoffMillis(policy, failures, now, c, environment.random(),
                    failure instanceof CredentialsConfigurationException));
            nextAttemptMillis = next;
            armTimerLocked(next, now);
        }
        f.result.completeExceptionally(failure);
        events.failed(failure, c, next, failures, start, now);
    }

    private void armTimerLocked(long atMillis, long now) {
        if (!backgroundRefresh || atMillis == Long.MAX_VALUE) {
            return;
        }
        if (timer != null) {
            timer.cancel();
        }
        try {
            timer = scheduler.schedule(this::timerFired,
                    Duration.ofMillis(Math.max(0, RefreshWindows.subtract(atMillis, now))));
        } catch (RejectedExecutionException e) {
            timer = null;
        }
    }

    private void timerFired() {
        Flight f = null;
        synchronized (lock) {
            if (inFlight != null || !current.hasValue() && closed) {
                return;
            }
            long now = clock.millis();
            CachedCredentials c = current;
            if (now < nextAttemptMillis) {
                armTimerLocked(nextAttemptMillis, now);
            } else if (c.hasValue() && now < c.refreshAtMillis) {
                armTimerLocked(c.refreshAtMillis, now);
            } else {
                f = startLocked(now);
            }
        }
        if (f != null) {
            launch(f);
        }
    }

    /** Makes the cached value due for a mandatory refresh if it has this access key id. */
    public void invalidate(String accessKeyId) {
        if (accessKeyId == null) {
            return;
        }
        boolean done = false;
        synchronized (lock) {
            CachedCredentials c = current;
            if (c.hasValue() && !c.isInvalidated() && accessKeyId.equals(c.credentials.accessKeyId())) {
                current = c.invalidated();
                done = true;
            }
        }
        if (done) {
            events.invalidated();
        }
    }

    /** A snapshot of the state for readiness probes. */
    public CredentialsHealth health() {
        CredentialsHealth.Builder b = CredentialsHealth.builder().source(source);
        synchronized (lock) {
            long now = clock.millis();
            CachedCredentials c = current;
            b.state(closed ? CredentialsHealth.State.CLOSED : c.state(now))
                    .expiration(c.expiration)
                    .lastRefresh(lastRefresh)
                    .lastError(lastError)
                    .nextAttempt(nextAttemptMillis > now ? Instant.ofEpochMilli(nextAttemptMillis) : null)
                    .consecutiveFailures(consecutiveFailures)
                    .refreshInFlight(inFlight != null);
        }
        return b.build();
    }

    /**
     * Stops the timer and every thread this engine started, drops the cached value, the backoff and the
     * load in flight (its waiters fail; its result is discarded); idempotent. The engine stays usable:
     * the next call loads again.
     */
    public void close() {
        Flight f;
        RefreshScheduler.Cancellable t;
        synchronized (lock) {
            closed = true;
            current = CachedCredentials.EMPTY;
            f = inFlight;
            inFlight = null;
            t = timer;
            timer = null;
            consecutiveFailures = 0;
            nextAttemptMillis = Long.MIN_VALUE;
            lastError = null;
            loadedOnce = false;
        }
        if (t != null) {
            t.cancel();
        }
        scheduler.close();
        if (f != null) {
            f.closedWhileLoading = true;
            f.result.completeExceptionally(EngineErrors.abandoned(source));
        }
    }

    /** The source name. */
    public String source() {
        return source;
    }
}
