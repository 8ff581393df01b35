package io.github.tempcreds.benchmarks;

import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Outage: IMDS answers 500 to everything for 10 minutes across the expiry of the credentials a provider
 * holds. Per minute: requests that reached IMDS, calls that got credentials, calls that got credentials
 * already expired (by the expiration the fake issued them with, whatever the provider reports), and calls
 * that failed.
 *
 * <p>Setup: one {@link io.github.tempcreds.testkit.FakeImds} per provider (6 h credentials, a new set only
 * 4 minutes before expiry, so no replacement exists before the outage), one manual clock for the fake and
 * the provider (the SDK's through its builder's clock hook, see {@link SdkHooks}). One caller calls
 * {@code resolveCredentials()} every {@code --step} seconds of virtual time from the first load until
 * 15 minutes past the expiry E; the outage runs from E-5 min to E+5 min.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.Outage [--step=1]}.
 */
public final class Outage {
    static final int FROM_MINUTE = -10;
    static final int TO_MINUTE = 10;

    /** Per-minute figures of one provider, index 0 = minute {@link #FROM_MINUTE} relative to expiry. */
    public static final class Result {
        public final String provider;
        public final int[] requests = new int[TO_MINUTE - FROM_MINUTE];
        public final int[] served = new int[TO_MINUTE - FROM_MINUTE];
        public final int[] expiredServed = new int[TO_MINUTE - FROM_MINUTE];
        public final int[] failed = new int[TO_MINUTE - FROM_MINUTE];
        public int totalExpiredServed;
        public int outageRequests;
        /** Seconds after the outage ended until the first call got unexpired credentials again. */
        public long recoverySeconds = -1;
        /** The exception types callers got, by simple name. */
        public final java.util.Set<String> failureTypes = new java.util.TreeSet<>();

        Result(String provider) {
            this.provider = provider;
        }
    }

    private Outage() {
    }

    /**
     * Runs one provider through the outage.
     *
     * @param step virtual time between calls
     * @param oursRetryBackoff our IMDS client's wait between retries of one load, or {@code null} for the
     *        default (100 ms, real time); tests shorten it, the counts do not depend on it
     */
    public static Result run(boolean ours, Duration step, Duration oursRetryBackoff) {
        try (ImdsSetup setup = new ImdsSetup(Duration.ofMinutes(4));
             Subject subject = ours ? setup.ours(oursRetryBackoff) : setup.sdk()) {
            Result r = new Result(subject.name());
            AwsCredentials first = subject.resolve();
            Instant expiry = setup.issuedExpiration(first.accessKeyId()).orElseThrow();
            Instant outageStart = expiry.minus(Duration.ofMinutes(5));
            Instant outageEnd = expiry.plus(Duration.ofMinutes(5));
            Instant end = expiry.plus(Duration.ofMinutes(15));
            boolean inOutage = false;
            for (Instant t = setup.clock.instant().plus(step); t.isBefore(end); t = t.plus(step)) {
                setup.clock.set(t);
                if (!inOutage && !t.isBefore(outageStart) && t.isBefore(outageEnd)) {
                    setup.imds.inject(Fault.status(500));
                    inOutage = true;
                } else if (inOutage && !t.isBefore(outageEnd)) {
                    setup.imds.clearFaults();
                    inOutage = false;
                }
                int minute = minuteOf(t, expiry);
                boolean counted = minute >= FROM_MINUTE && minute < TO_MINUTE;
                try {
                    AwsCredentials c = subject.resolve();
                    Instant issuedExpiry = setup.issuedExpiration(c.accessKeyId()).orElseThrow();
                    boolean expired = !t.isBefore(issuedExpiry);
                    if (expired) {
                        r.totalExpiredServed++;
                    } else if (r.recoverySeconds < 0 && !t.isBefore(outageEnd)) {
                        r.recoverySeconds = Duration.between(outageEnd, t).toSeconds();
                    }
                    if (counted) {
                        r.served[minute - FROM_MINUTE]++;
                        if (expired) {
                            r.expiredServed[minute - FROM_MINUTE]++;
                        }
                    }
                } catch (RuntimeException e) {
                    r.failureTypes.add(e.getClass().getSimpleName());
                    if (counted) {
                        r.failed[minute - FROM_MINUTE]++;
                    }
                }
                subject.awaitIdle();
            }
            for (RecordedRequest req : setup.imds.journal()) {
                Instant at = req.receivedAt();
                int minute = minuteOf(at, expiry);
                if (minute >= FROM_MINUTE && minute < TO_MINUTE) {
                    r.requests[minute - FROM_MINUTE]++;
                }
                if (!at.isBefore(outageStart) && at.isBefore(outageEnd)) {
                    r.outageRequests++;
                }
            }
            return r;
        }
    }

    private static int minuteOf(Instant t, Instant expiry) {
        return (int) Math.floorDiv(Duration.between(expiry, t).toMillis(), 60_000L);
    }

    static Table table(Result ours, Result sdk) {
        Table t = new Table("minute (E = expiry)", "outage", "ours: IMDS requests", "ours: served",
                "ours: expired served", "ours: failed calls", "SDK: IMDS requests", "SDK: served",
                "SDK: expired served", "SDK: failed calls");
        for (int i = 0; i < ours.requests.length; i++) {
            int m = FROM_MINUTE + i;
            t.row("E" + (m < 0 ? m : "+" + m), m >= -5 && m < 5 ? "500s" : "",
                    ours.requests[i], ours.served[i], ours.expiredServed[i], ours.failed[i],
                    sdk.requests[i], sdk.served[i], sdk.expiredServed[i], sdk.failed[i]);
        }
        return t;
    }

    static String summary(Result r) {
        return r.provider + ": " + r.outageRequests + " IMDS requests during the 10-minute outage ("
                + Stats.fixed(r.outageRequests / 10.0, 1) + "/min), " + r.totalExpiredServed
                + " calls handed expired credentials, first good credentials "
                + (r.recoverySeconds < 0 ? "never" : r.recoverySeconds + " s") + " after the outage ended"
                + (r.failureTypes.isEmpty() ? "" : "; failed calls threw " + String.join(", ", r.failureTypes));
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        Duration step = Duration.ofSeconds(Long.parseLong(Stats.arg(args, "step", "1")));
        Result ours = run(true, step, null);
        Result sdk = run(false, step, null);
        System.out.println("## Outage (" + Stats.machine() + ")");
        System.out.println();
        System.out.println("One call every " + step.toSeconds() + " s of virtual time; IMDS answers 500 from E-5 min to E+5 min.");
        System.out.println();
        System.out.print(table(ours, sdk));
        System.out.println();
        System.out.println("- " + summary(ours));
        System.out.println("- " + summary(sdk));
    }
}
