package io.github.tempcreds.core.internal;

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
 *   consecutiveFailures, lastError, lastRefresh, timer, closed: guarded by lock.
 *
 * Rules:
 *   - No I/O, no listener call, no waiting while holding `lock`. Under the lock the engine only reads
 *     the clock, decides, and schedules (non-blocking) timer tasks.
 *   - A flight's result future is completed outside every lock: by the load, or (exceptionally) by
 *     the load-timeout watchdog or close().
 *   - A loaded value that is already unusable counts as a failed load; it is never published.
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
        this.loadTimeoutMillis = policy.loadTimeout().toMillis();
        this.graceMillis = policy.grace().toMillis();
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
        Decision d = decide();
        try {
            if (d.await == null) {
                return CompletableFuture.completedFuture(immediate(d));
            }
            return d.await.result.handle((loaded, error) -> afterLoad(loaded, error));
        } catch (CredentialsException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private AwsCredentials resolveSlow() {
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
            servedStale(d.value);
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
            servedStale(c);
            return c.credentials;
        }
        CredentialsException cause = error != null ? EngineErrors.normalize(unwrap(error), source) : null;
        long next;
        synchronized (lock) {
            if (closed) {
                throw EngineErrors.closed(source);
            }
            next = nextAttemptMillis;
        }
        throw EngineErrors.unusable(source, c, cause, next, now, policy.minValidity());
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
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
        if (closed) {
            return Decision.fail(EngineErrors.closed(source));
        }
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
        return graceMillis > 0 && now - c.unusableAtMillis < graceMillis;
    }

    private Flight startLocked(long now) {
        Flight f = new Flight(now);
        inFlight = f;
        return f;
    }

    private void launch(Flight f) {
        try {
            f.watchdog(scheduler.schedule(() -> f.timeOut(EngineErrors.timeout(source, policy.loadTimeout())),
                    policy.loadTimeout()));
            scheduler.execute(() -> runFlight(f));
        } catch (RejectedExecutionException e) {
            f.finished();
            onFailure(f, EngineErrors.retrieval(source, EngineMessages.LOAD_REJECTED), f.startedMillis);
        }
    }

    private void runFlight(Flight f) {
        f.running(Thread.currentThread());
        long start = clock.millis();
        CachedCredentials previous = current;
        events.started(previous, start);
        CachedCredentials loaded = null;
        CredentialsException failure = null;
        try {
            AwsCredentials credentials = loader.load();
            if (credentials == null) {
                failure = EngineErrors.retrieval(source, EngineMessages.LOADED_NULL);
            } else {
                loaded = RefreshWindows.compute(policy, credentials, clock.millis(), environment.random());
                if (loaded == null) {
                    failure = EngineErrors.retrieval(source, String.format(EngineMessages.LOADED_UNUSABLE,
                            credentials.expirationTime().orElse(null), policy.minValidity()));
                }
            }
        } catch (VirtualMachineError fatal) {
            f.finished();
            onFailure(f, EngineErrors.normalize(fatal, source), start);
            throw fatal;
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
    }

    private void onSuccess(Flight f, CachedCredentials loaded, long start) {
        long now = clock.millis();
        synchronized (lock) {
            if (inFlight == f) {
                inFlight = null;
            }
            consecutiveFailures = 0;
            nextAttemptMillis = Long.MIN_VALUE;
            lastRefresh = Instant.ofEpochMilli(now);
            if (!closed) {
                current = loaded;
                armTimerLocked(loaded.refreshAtMillis, now);
            }
        }
        f.result.complete(loaded);
        events.succeeded(loaded, start, now);
    }

    private void onFailure(Flight f, CredentialsException failure, long start) {
        long now = clock.millis();
        CachedCredentials c;
        long next;
        int failures;
        synchronized (lock) {
            if (inFlight == f) {
                inFlight = null;
            }
            failures = ++consecutiveFailures;
            lastError = failure;
            c = current;
            next = now + RefreshWindows.backoffMillis(policy, failures, now, c, environment.random());
            nextAttemptMillis = next;
            if (!closed) {
                armTimerLocked(next, now);
            }
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
            timer = scheduler.schedule(this::timerFired, Duration.ofMillis(Math.max(0, atMillis - now)));
        } catch (RejectedExecutionException e) {
            timer = null;
        }
    }

    private void timerFired() {
        Flight f = null;
        synchronized (lock) {
            if (closed || inFlight != null) {
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

    private void servedStale(CachedCredentials c) {
        events.servedStale(c, clock.millis());
    }

    /** Makes the cached value due for a mandatory refresh if it has this access key id. */
    public void invalidate(String accessKeyId) {
        if (accessKeyId == null) {
            return;
        }
        boolean done = false;
        synchronized (lock) {
            CachedCredentials c = current;
            if (!closed && c.hasValue() && !c.isInvalidated() && accessKeyId.equals(c.credentials.accessKeyId())) {
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

    /** Stops the timer and every thread this engine started; idempotent. Waiters fail as closed. */
    public void close() {
        Flight f;
        RefreshScheduler.Cancellable t;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = CachedCredentials.EMPTY;
            f = inFlight;
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.cancel();
        }
        scheduler.close();
        if (f != null) {
            f.result.completeExceptionally(EngineErrors.closed(source));
        }
    }

    /** The source name. */
    public String source() {
        return source;
    }
}
