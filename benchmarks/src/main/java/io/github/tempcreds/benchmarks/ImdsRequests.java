package io.github.tempcreds.benchmarks;

import io.github.tempcreds.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IMDS cost: requests per new credential set in the steady state, and time to first credentials from a cold start, ours
 * ({@code ImdsCredentialsProvider}) vs the SDK's {@code InstanceProfileCredentialsProvider} (IMDSv1
 * disabled), each against its own {@link io.github.tempcreds.testkit.FakeImds} with default settings
 * (6 h credentials, a new set 15 min before expiry).
 *
 * <p>Steady state: one caller every {@code --step} seconds of virtual time for {@code --hours}; requests
 * are counted by operation in the fake's journal, the cold start's excluded, and divided by the new credential
 * sets callers received after the cold start (distinct access keys): a credentials GET that returns the set
 * already held (IMDS has not rotated yet) costs a request but brings no new set.
 *
 * <p>Cold start: {@code --rounds} times, a new provider against a warm fake, wall time from build to the
 * first credentials, after two unreported warm-up rounds; ours and the SDK's take turns going first;
 * median of each.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.github.tempcreds.benchmarks.ImdsRequests
 * [--hours=24] [--step=10] [--rounds=40]}.
 */
public final class ImdsRequests {
    /** Steady-state counts of one provider. */
    public static final class SteadyState {
        public final String provider;
        public int tokenPuts;
        public int roleListings;
        public int credentialFetches;
        public int otherRequests;
        /** Distinct access keys callers received, the cold start's included. */
        public int credentialSets;

        SteadyState(String provider) {
            this.provider = provider;
        }

        public int requests() {
            return tokenPuts + roleListings + credentialFetches + otherRequests;
        }

        /** New credential sets after the cold start: a GET that returned the set already held is not one. */
        public int newSets() {
            return Math.max(0, credentialSets - 1);
        }

        public double requestsPerNewSet() {
            return newSets() == 0 ? 0 : (double) requests() / newSets();
        }

        public double credentialGetsPerNewSet() {
            return newSets() == 0 ? 0 : (double) credentialFetches / newSets();
        }
    }

    /** Cold-start figures of one provider. */
    public static final class ColdStart {
        public final String provider;
        public final long medianNanos;
        public final int requests;

        ColdStart(String provider, long medianNanos, int requests) {
            this.provider = provider;
            this.medianNanos = medianNanos;
            this.requests = requests;
        }
    }

    private ImdsRequests() {
    }

    public static SteadyState steadyState(boolean ours, Duration duration, Duration step) {
        try (ImdsSetup setup = new ImdsSetup(Duration.ofMinutes(15));
             Subject subject = ours ? setup.ours() : setup.sdk()) {
            SteadyState s = new SteadyState(subject.name());
            Set<String> keys = new HashSet<>();
            keys.add(subject.resolve().accessKeyId());
            subject.awaitIdle();
            int coldRequests = setup.imds.journal().size();
            java.time.Instant end = setup.clock.instant().plus(duration);
            while (setup.clock.instant().isBefore(end)) {
                setup.clock.advance(step);
                keys.add(subject.resolve().accessKeyId());
                subject.awaitIdle();
            }
            List<RecordedRequest> journal = setup.imds.journal();
            for (RecordedRequest r : journal.subList(coldRequests, journal.size())) {
                String op = r.operation();
                if (op.equals("GetToken")) {
                    s.tokenPuts++;
                } else if (op.startsWith("ListRoles")) {
                    s.roleListings++;
                } else if (op.startsWith("GetCredentials")) {
                    s.credentialFetches++;
                } else {
                    s.otherRequests++;
                }
            }
            s.credentialSets = keys.size();
            return s;
        }
    }

    public static List<ColdStart> coldStart(int rounds) {
        try (ImdsSetup setup = new ImdsSetup(Duration.ofMinutes(15))) {
            for (int i = 0; i < 2; i++) {
                coldOnce(setup, true);
                coldOnce(setup, false);
            }
            long[] ours = new long[rounds];
            long[] sdk = new long[rounds];
            int oursRequests = 0;
            int sdkRequests = 0;
            for (int i = 0; i < rounds; i++) {
                boolean oursFirst = i % 2 == 0; // alternate who goes first: neither gets a systematic edge
                for (boolean ours1 : oursFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    int before = setup.imds.journal().size();
                    long t = coldOnce(setup, ours1);
                    int requests = setup.imds.journal().size() - before;
                    if (ours1) {
                        ours[i] = t;
                        oursRequests = requests;
                    } else {
                        sdk[i] = t;
                        sdkRequests = requests;
                    }
                }
            }
            List<ColdStart> out = new ArrayList<>();
            out.add(new ColdStart("tempcreds ImdsCredentialsProvider", Stats.percentile(ours, 50), oursRequests));
            out.add(new ColdStart("SDK InstanceProfileCredentialsProvider", Stats.percentile(sdk, 50), sdkRequests));
            return out;
        }
    }

    private static long coldOnce(ImdsSetup setup, boolean ours) {
        long start = System.nanoTime();
        try (Subject s = ours ? setup.ours() : setup.sdk()) {
            s.resolve();
            return System.nanoTime() - start;
        }
    }

    public static void main(String[] args) {
        Stats.quietLogs();
        Duration duration = Duration.ofHours(Long.parseLong(Stats.arg(args, "hours", "24")));
        Duration step = Duration.ofSeconds(Long.parseLong(Stats.arg(args, "step", "10")));
        int rounds = Integer.parseInt(Stats.arg(args, "rounds", "40"));
        SteadyState ours = steadyState(true, duration, step);
        SteadyState sdk = steadyState(false, duration, step);
        List<ColdStart> cold = coldStart(rounds);
        System.out.println("## IMDS (" + Stats.machine() + ")");
        System.out.println();
        System.out.println("Steady state: " + duration.toHours() + " h of virtual time, one call every "
                + step.toSeconds() + " s, after the cold start.");
        System.out.println();
        Table t = new Table("provider", "token PUTs", "role listings", "credential GETs", "other", "requests",
                "new credential sets", "credential GETs per new set", "requests per new set");
        for (SteadyState s : List.of(ours, sdk)) {
            t.row(s.provider, s.tokenPuts, s.roleListings, s.credentialFetches, s.otherRequests, s.requests(),
                    s.newSets(), Stats.fixed(s.credentialGetsPerNewSet(), 2), Stats.fixed(s.requestsPerNewSet(), 2));
        }
        System.out.print(t);
        System.out.println();
        System.out.println("Cold start: new provider, warm fake and JVM, median of " + rounds + " rounds (wall clock).");
        System.out.println();
        Table c = new Table("provider", "requests", "time to first credentials, median ms");
        for (ColdStart s : cold) {
            c.row(s.provider, s.requests, Stats.ms(s.medianNanos));
        }
        System.out.print(c);
        System.out.println();
        System.out.println("ratio ours/SDK: " + Stats.fixed((double) cold.get(0).medianNanos / cold.get(1).medianNanos, 2));
    }
}
