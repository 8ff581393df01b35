package io.github.tempcreds.examples;

import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.imds.ImdsDiagnosis;
import io.github.tempcreds.imds.ImdsFinding;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import java.time.Duration;

/**
 * The IMDS part of the demo: first load, refresh-ahead with no caller waiting, an outage during the
 * advisory window (still served), an outage past expiry (a typed error, never expired credentials),
 * recovery, and the hop-limit diagnosis.
 */
final class DemoImds {
    /** Lifetime of the fake instance role's credentials: 1 hour, so the advisory window is 15 minutes. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private final DemoRun run;
    private FakeImds imds;
    private ImdsCredentialsProvider provider;

    DemoImds(DemoRun run) {
        this.run = run;
    }

    /** The started fake IMDS (after {@link #run()}), the source of the role-chain section. */
    FakeImds fake() {
        return imds;
    }

    /** The provider (after {@link #run()}), still open. */
    ImdsCredentialsProvider provider() {
        return provider;
    }

    void run() {
        // The fake rotates the role credentials 20 minutes before they expire, as real IMDS does (at least 15).
        imds = run.manage(FakeImds.builder().clock(run.clock()).registry(run.registry())
                .credentialsLifetime(LIFETIME).rotateBefore(Duration.ofMinutes(20)).build().start());
        RefreshTracker tracker = new RefreshTracker();
        // Read timeout 5 s instead of the default 1 s: the fake shares this JVM, and its first answer pays for
        // the web server's and the HTTP client's warm-up on a busy machine.
        provider = run.manage(ImdsCredentialsProvider.builder().endpoint(imds.uri()).environment(run.environment())
                .readTimeout(Duration.ofSeconds(5)).addListener(tracker).build());
        steadyState(tracker);
        outages(tracker);
        hopLimit();
    }

    private void steadyState(RefreshTracker tracker) {
        run.section("imds", "IMDSv2 instance role credentials (ImdsCredentialsProvider)",
                "Refresh-ahead: in the advisory window callers get the cached value at once while one background"
                        + " refresh runs.");
        run.resolve("first call", "imds", provider, tracker, imds);
        run.clock().advance(Duration.ofMinutes(10));
        run.resolve("10 min later", "imds", provider, tracker, imds);
        run.clock().advance(Duration.ofMinutes(36));
        run.resolve("advisory window: refresh starts in background", "imds", provider, tracker, imds);
        run.resolve("next call", "imds", provider, tracker, imds);
        long withoutToken = imds.journal().stream()
                .filter(r -> r.method().equals("GET") && r.header(FakeImds.TOKEN_HEADER).isEmpty()).count();
        run.note("IMDSv2 only: " + imds.journal().size() + " requests, " + withoutToken + " without a token.");
    }

    private void outages(RefreshTracker tracker) {
        run.section("imds-outage", "IMDS outages (every request answered 500)",
                "During the advisory window the cached value is still served; past expiry the caller gets a typed"
                        + " error, never expired credentials.");
        imds.inject(Fault.status(500));
        run.clock().advance(Duration.ofMinutes(46));
        run.resolve("outage, advisory window", "imds", provider, tracker, imds);
        run.note("health after the failed background refresh: " + provider.health().state() + ", "
                + provider.health().consecutiveFailures() + " failure(s), next attempt "
                + provider.health().nextAttempt().map(Object::toString).orElse("now"));
        run.clock().advance(Duration.ofMinutes(15));
        run.resolve("outage, past expiry", "imds", provider, tracker, imds);
        imds.clearFaults();
        run.clock().advance(Duration.ofSeconds(31));
        run.resolve("IMDS back", "imds", provider, tracker, imds);
    }

    private void hopLimit() {
        run.section("imds-hop-limit", "Hop-limit diagnosis (token PUT never answered, as in a container with"
                + " HttpPutResponseHopLimit=1)", "Short read timeout: the answer comes in about that time, never a hang,"
                + " and IMDSv1 is never tried.");
        imds.hopLimitExceeded(true);
        try (ImdsCredentialsProvider probe = ImdsCredentialsProvider.builder().endpoint(imds.uri())
                .environment(run.environment()).readTimeout(Duration.ofMillis(300)).maxRetries(0).build()) {
            var before = run.journalSizes(imds);
            long t0 = System.nanoTime();
            ImdsDiagnosis diagnosis = probe.diagnose();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String finding = diagnosis.findings().stream().findFirst().map(ImdsFinding::summary).orElse("no finding");
            run.info("diagnose()", "imds", took, run.upstreamSince(before),
                    "hopLimitSuspected=" + diagnosis.hopLimitSuspected() + ", tokenObtained=" + diagnosis.tokenObtained()
                            + ": " + finding);
            run.resolve("resolveCredentials()", "imds", probe, null, imds);
        } finally {
            imds.hopLimitExceeded(false);
        }
    }
}
