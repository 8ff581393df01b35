package io.github.tempcreds.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When a {@link RefreshingCredentialsProvider} refreshes, how long callers wait, and how it backs off.
 *
 * <p>A cached value moves through four states by the clock:
 * <pre>
 * loaded ... [fresh] ... refreshAt ... [advisory] ... mandatoryAt ... [mandatory] ... expiration - minValidity ... [unusable]
 * </pre>
 * <ul>
 *   <li>{@code refreshAt = expiration - advisoryWindow - jitter}. Unless set explicitly, the advisory
 *       window follows the lifetime of the credentials: 5 minutes for credentials living at most
 *       20 minutes, 15 minutes for less than 90 minutes, 60 minutes for longer ones. A random jitter of
 *       up to {@link #advisoryJitter()} of the window moves the refresh earlier, so a fleet does not
 *       refresh in step.</li>
 *   <li>{@code mandatoryAt = expiration - mandatoryWindow}.</li>
 *   <li>The value is never returned once less than {@link #minValidity()} is left.</li>
 * </ul>
 * Short-lived credentials scale: the windows are clamped to fractions of the usable life
 * ({@code expiration - minValidity - loadTime}): the fresh state lasts at least a tenth of it and the
 * mandatory state starts no earlier than its half. Credentials living 30 seconds therefore still work
 * with the defaults.
 *
 * <p>After a failed load, the next attempt waits {@link #initialBackoff()}, doubling per consecutive
 * failure up to {@link #maxBackoff()}, with jitter; while a value is still usable the wait is cut so that
 * the next attempt always lands before the value becomes unusable.
 *
 * <p>The default is strict: an unusable value is never returned. {@link Builder#graceMode(Duration)} is
 * an explicit opt-in for availability over that promise.
 *
 * <p>Immutable and thread-safe.
 */
public final class RefreshPolicy {
    /** Default {@link #mandatoryWindow()}: one minute. */
    public static final Duration DEFAULT_MANDATORY_WINDOW = Duration.ofMinutes(1);
    /** Default {@link #minValidity()}: five seconds, covering clock skew and request time. */
    public static final Duration DEFAULT_MIN_VALIDITY = Duration.ofSeconds(5);
    /** Default {@link #loadTimeout()}: ten seconds. */
    public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #initialBackoff()}: one second. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** Default {@link #maxBackoff()}: thirty seconds. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Default {@link #advisoryJitter()}: a fifth of the advisory window. */
    public static final double DEFAULT_ADVISORY_JITTER = 0.2;
    /**
     * Default {@link #maxCacheTime()}: twelve hours, the longest session an IAM role allows, so no real
     * role session is reloaded early, while a value whose source claims it lives for decades is
     * re-checked twice a day.
     */
    public static final Duration DEFAULT_MAX_CACHE_TIME = Duration.ofHours(12);
    /** The longest grace {@link Builder#graceMode(Duration)} accepts: fifteen minutes. */
    public static final Duration MAX_GRACE = Duration.ofMinutes(15);

    private static final RefreshPolicy DEFAULTS = new Builder().build();

    private final Duration advisoryWindow;
    private final double advisoryJitter;
    private final Duration mandatoryWindow;
    private final Duration minValidity;
    private final Duration loadTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration grace;
    private final Duration maxCacheTime;
    private final boolean spreadFirstRefresh;

    private RefreshPolicy(Builder b) {
        this.advisoryWindow = b.advisoryWindow;
        this.advisoryJitter = b.advisoryJitter != null ? b.advisoryJitter : DEFAULT_ADVISORY_JITTER;
        this.mandatoryWindow = orDefault(b.mandatoryWindow, DEFAULT_MANDATORY_WINDOW);
        this.minValidity = orDefault(b.minValidity, DEFAULT_MIN_VALIDITY);
        this.loadTimeout = orDefault(b.loadTimeout, DEFAULT_LOAD_TIMEOUT);
        this.initialBackoff = orDefault(b.initialBackoff, DEFAULT_INITIAL_BACKOFF);
        this.maxBackoff = orDefault(b.maxBackoff, DEFAULT_MAX_BACKOFF);
        this.grace = orDefault(b.grace, Duration.ZERO);
        this.maxCacheTime = orDefault(b.maxCacheTime, DEFAULT_MAX_CACHE_TIME);
        this.spreadFirstRefresh = b.spreadFirstRefresh == null || b.spreadFirstRefresh;
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value != null ? value : fallback;
    }

    /** The default policy: strict, lifetime-based advisory window, the documented defaults. */
    public static RefreshPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder; every setting can be set once and {@link Builder#build()} validates them together. */
    public static Builder builder() {
        return new Builder();
    }

    /** The advisory window when set explicitly; empty means "chosen from the credentials' lifetime". */
    public Optional<Duration> advisoryWindow() {
        return Optional.ofNullable(advisoryWindow);
    }

    /**
     * The advisory window for credentials with the given remaining lifetime, before jitter and
     * clamping: the explicit window if set, otherwise 5, 15 or 60 minutes.
     *
     * @param lifetime how long the credentials live from the moment they were loaded
     * @return the advisory window
     */
    public Duration advisoryWindowFor(Duration lifetime) {
        if (advisoryWindow != null) {
            return advisoryWindow;
        }
        if (lifetime.compareTo(Duration.ofMinutes(20)) <= 0) {
            return Duration.ofMinutes(5);
        }
        if (lifetime.compareTo(Duration.ofMinutes(90)) < 0) {
            return Duration.ofMinutes(15);
        }
        return Duration.ofMinutes(60);
    }

    /** The largest fraction of the advisory window added as random jitter, in {@code [0, 1]}. */
    public double advisoryJitter() {
        return advisoryJitter;
    }

    /** How long before expiration callers start waiting for a refresh. */
    public Duration mandatoryWindow() {
        return mandatoryWindow;
    }

    /** The least validity a returned value has left; less than that and it is unusable. */
    public Duration minValidity() {
        return minValidity;
    }

    /** How long one load may take before callers stop waiting and the load is interrupted. */
    public Duration loadTimeout() {
        return loadTimeout;
    }

    /** The wait before the first retry after a failed load. */
    public Duration initialBackoff() {
        return initialBackoff;
    }

    /** The longest wait between retries. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /**
     * The longest a value is used before it is reloaded, however far ahead its expiration: after this
     * time from the load it is due for a refresh (its refresh and mandatory points are capped), but it
     * is still never returned past its real expiration. Default {@link #DEFAULT_MAX_CACHE_TIME}.
     */
    public Duration maxCacheTime() {
        return maxCacheTime;
    }

    /**
     * Whether the first refresh of a provider's first value is moved to a random point between a tenth
     * of its usable life and its normal refresh point, so that processes started together (a deploy)
     * refresh at different times from the first cycle on. Default {@code true}.
     */
    public boolean spreadFirstRefresh() {
        return spreadFirstRefresh;
    }

    /** Whether the opt-in grace mode is on (see {@link Builder#graceMode(Duration)}). */
    public boolean isGraceMode() {
        return !grace.isZero();
    }

    /** The grace of grace mode; zero in the default strict mode. */
    public Duration grace() {
        return grace;
    }

    @Override
    public String toString() {
        return "RefreshPolicy(advisoryWindow=" + (advisoryWindow != null ? advisoryWindow : "by lifetime")
                + ", advisoryJitter=" + advisoryJitter
                + ", mandatoryWindow=" + mandatoryWindow
                + ", minValidity=" + minValidity
                + ", loadTimeout=" + loadTimeout
                + ", backoff=" + initialBackoff + ".." + maxBackoff
                + ", maxCacheTime=" + maxCacheTime
                + ", spreadFirstRefresh=" + spreadFirstRefresh
                + ", mode=" + (isGraceMode() ? "GRACE(" + grace + ")" : "STRICT") + ")";
    }

    /**
     * Builder of {@link RefreshPolicy}. Each setting can be set once; a second call throws
     * {@link IllegalStateException}. {@link #build()} validates the settings together.
     *
     * <p>Not thread-safe.
     */
    public static final class Builder {
        private Duration advisoryWindow;
        private Double advisoryJitter;
        private Duration mandatoryWindow;
        private Duration minValidity;
        private Duration loadTimeout;
        private Duration initialBackoff;
        private Duration maxBackoff;
        private Duration grace;
        private Duration maxCacheTime;
        private Boolean spreadFirstRefresh;

        private Builder() {
        }

        /**
         * A fixed advisory window; default: chosen from the lifetime (5/15/60 minutes, see
         * {@link RefreshPolicy#advisoryWindowFor(Duration)}).
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive
         */
        public Builder advisoryWindow(Duration advisoryWindow) {
            this.advisoryWindow = once("advisoryWindow", this.advisoryWindow, positive("advisoryWindow", advisoryWindow));
            return this;
        }

        /**
         * The largest random jitter as a fraction of the advisory window; default 0.2.
         * Zero turns jitter off.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not in {@code [0, 1]}
         */
        public Builder advisoryJitter(double advisoryJitter) {
            if (!(advisoryJitter >= 0 && advisoryJitter <= 1)) {
                throw new IllegalArgumentException("advisoryJitter must be between 0 and 1, was " + advisoryJitter);
            }
            if (this.advisoryJitter != null) {
                throw new IllegalStateException("advisoryJitter was already set to " + this.advisoryJitter);
            }
            this.advisoryJitter = advisoryJitter;
            return this;
        }

        /**
         * How long before expiration callers wait for a refresh; default 1 minute.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive
         */
        public Builder mandatoryWindow(Duration mandatoryWindow) {
            this.mandatoryWindow = once("mandatoryWindow", this.mandatoryWindow, positive("mandatoryWindow", mandatoryWindow));
            return this;
        }

        /**
         * The least validity a returned value must have left; default 5 seconds.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if negative
         */
        public Builder minValidity(Duration minValidity) {
            Objects.requireNonNull(minValidity, "minValidity");
            if (minValidity.isNegative()) {
                throw new IllegalArgumentException("minValidity must not be negative, was " + minValidity);
            }
            this.minValidity = once("minValidity", this.minValidity, minValidity);
            return this;
        }

        /**
         * How long callers wait for one load before it is abandoned; default 10 seconds.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive
         */
        public Builder loadTimeout(Duration loadTimeout) {
            this.loadTimeout = once("loadTimeout", this.loadTimeout, positive("loadTimeout", loadTimeout));
            return this;
        }

        /**
         * The wait before the first retry after a failure; default 1 second.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive
         */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = once("initialBackoff", this.initialBackoff, positive("initialBackoff", initialBackoff));
            return this;
        }

        /**
         * The longest wait between retries; default 30 seconds.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = once("maxBackoff", this.maxBackoff, positive("maxBackoff", maxBackoff));
            return this;
        }

        /**
         * The longest a value is used before it is reloaded, however far ahead its expiration; default
         * 12 hours. A value is never returned past its real expiration whatever this setting.
         *
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if not positive (and longer than mandatoryWindow, checked by build)
         */
        public Builder maxCacheTime(Duration maxCacheTime) {
            this.maxCacheTime = once("maxCacheTime", this.maxCacheTime, positive("maxCacheTime", maxCacheTime));
            return this;
        }

        /**
         * Whether the first refresh of a provider is spread over most of its first value's life (see
         * {@link RefreshPolicy#spreadFirstRefresh()}); default {@code true}. Turning it off saves at most
         * one early load per provider start.
         *
         * @throws IllegalStateException if already set
         */
        public Builder spreadFirstRefresh(boolean spreadFirstRefresh) {
            if (this.spreadFirstRefresh != null) {
                throw new IllegalStateException("spreadFirstRefresh was already set to " + this.spreadFirstRefresh);
            }
            this.spreadFirstRefresh = spreadFirstRefresh;
            return this;
        }

        /**
         * GRACE MODE, an explicit opt-in for availability over the never-expired promise: when a value
         * has become unusable and no new one can be loaded, keep returning it for at most {@code grace}
         * past the point where it became unusable (possibly past its expiration, where AWS will reject
         * it). Every such return is logged at WARN and reported to listeners as served-stale. Default:
         * off (strict; an unusable value is never returned).
         *
         * @param grace how long past the unusable point a stale value may still be returned, at most
         *              {@link RefreshPolicy#MAX_GRACE}; zero keeps strict mode
         * @throws IllegalStateException if already set
         * @throws IllegalArgumentException if negative or longer than {@link RefreshPolicy#MAX_GRACE}
         */
        public Builder graceMode(Duration grace) {
            Objects.requireNonNull(grace, "graceMode");
            if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
                throw new IllegalArgumentException("graceMode must be between zero and " + MAX_GRACE + ", was " + grace);
            }
            this.grace = once("graceMode", this.grace, grace);
            return this;
        }

        /**
         * Validates the settings together and builds the policy.
         *
         * @throws IllegalArgumentException naming the property when settings contradict each other
         */
        public RefreshPolicy build() {
            RefreshPolicy p = new RefreshPolicy(this);
            if (p.minValidity.compareTo(p.mandatoryWindow) >= 0) {
                throw new IllegalArgumentException("minValidity must be shorter than mandatoryWindow (minValidity="
                        + p.minValidity + ", mandatoryWindow=" + p.mandatoryWindow + ")");
            }
            if (p.advisoryWindow != null && p.mandatoryWindow.compareTo(p.advisoryWindow) >= 0) {
                throw new IllegalArgumentException("mandatoryWindow must be shorter than advisoryWindow (mandatoryWindow="
                        + p.mandatoryWindow + ", advisoryWindow=" + p.advisoryWindow + ")");
            }
            if (p.advisoryWindow == null && p.mandatoryWindow.compareTo(Duration.ofMinutes(5)) >= 0) {
                throw new IllegalArgumentException("mandatoryWindow must be shorter than the smallest lifetime-based "
                        + "advisory window (PT5M) unless advisoryWindow is set (mandatoryWindow=" + p.mandatoryWindow + ")");
            }
            if (p.maxCacheTime.compareTo(p.mandatoryWindow) <= 0) {
                throw new IllegalArgumentException("maxCacheTime must be longer than mandatoryWindow (maxCacheTime="
                        + p.maxCacheTime + ", mandatoryWindow=" + p.mandatoryWindow + ")");
            }
            if (p.initialBackoff.compareTo(p.maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff must not be longer than maxBackoff (initialBackoff="
                        + p.initialBackoff + ", maxBackoff=" + p.maxBackoff + ")");
            }
            return p;
        }

        private static Duration positive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        private static Duration once(String name, Duration current, Duration value) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
            return value;
        }
    }
}
