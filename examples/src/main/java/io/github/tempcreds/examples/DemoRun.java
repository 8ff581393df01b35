package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.testkit.AbstractFake;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The shared state of one demo run: the fake clock that every fake and every provider reads, the
 * account's credential registry, a temporary home directory, and the steps recorded so far. Closes
 * everything it manages, in reverse order, and deletes the temporary home.
 *
 * <p>Concurrency: used from the demo's thread only; background refreshes only touch the providers.
 */
final class DemoRun implements AutoCloseable {
    /** The demo's start time on the fake clock. */
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** The longest the demo waits for a background refresh to start and end. */
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final MutableClock clock = MutableClock.at(START);
    private final CredentialRegistry registry = CredentialRegistry.create(CredentialRegistry.DEFAULT_ACCOUNT_ID, new Random(7));
    private final Path home;
    private final TempcredsEnvironment environment;
    private final PrintStream out;
    private final List<DemoStep> steps = new ArrayList<>();
    private final List<AutoCloseable> managed = new ArrayList<>();
    private final Map<RefreshableCredentialsProvider, String> lastKey = new IdentityHashMap<>();
    private String section = "";
    private Table table;
    private final List<String> notes = new ArrayList<>();

    DemoRun(PrintStream out) throws IOException {
        this.out = out;
        this.home = Files.createTempDirectory("tempcreds-demo-home");
        // Hermetic: the fake clock, a seeded jitter source, the temporary home and no variables at all,
        // so nothing of the real machine (AWS_PROFILE, ~/.aws) leaks into the demo.
        this.environment = TempcredsEnvironment.builder().clock(clock).random(new Random(42)).homeDirectory(home).build();
    }

    MutableClock clock() {
        return clock;
    }

    CredentialRegistry registry() {
        return registry;
    }

    Path home() {
        return home;
    }

    TempcredsEnvironment environment() {
        return environment;
    }

    PrintStream out() {
        return out;
    }

    List<DemoStep> steps() {
        return Collections.unmodifiableList(steps);
    }

    /** Registers something to close at the end of the run; returns it. */
    <T extends AutoCloseable> T manage(T closeable) {
        managed.add(closeable);
        return closeable;
    }

    /** Starts a section: prints its title and what it shows, and opens its table. */
    void section(String name, String title, String explanation) {
        endSection();
        section = name;
        out.println();
        out.println("== " + title);
        out.println("   " + explanation);
        table = new Table("t (fake clock)", "step", "provider", "access key", "expires in", "served from",
                "caller wait", "upstream calls");
    }

    /** Prints the open section's table and its notes. */
    void endSection() {
        if (table != null) {
            table.print(out);
            table = null;
        }
        notes.forEach(n -> out.println("   " + n));
        notes.clear();
    }

    /** Adds a numbered note printed under the section's table; returns its marker, such as {@code [2]}. */
    String note(String text) {
        String marker = "[" + (notes.size() + 1) + "]";
        notes.add(marker + " " + text);
        return marker;
    }

    /**
     * Calls {@code provider.resolveCredentials()}, measures the caller's wait, classifies where the
     * credentials came from and records the requests the fakes received. When {@code tracker} is given
     * and a background refresh is running after the call, waits for it to end before reading the journals
     * so the row shows the refresh's upstream calls.
     */
    DemoStep resolve(String step, String providerName, RefreshableCredentialsProvider provider,
                     RefreshTracker tracker, AbstractFake<?>... upstream) {
        if (tracker != null) {
            tracker.awaitQuiet(SETTLE);
        }
        Map<AbstractFake<?>, Integer> before = journalSizes(upstream);
        CredentialsHealth health = provider.health();
        CredentialsHealth.State state = health.state();
        int started = tracker != null ? tracker.started() : 0;
        long t0 = System.nanoTime();
        AwsCredentials credentials = null;
        CredentialsException error = null;
        try {
            credentials = provider.resolveCredentials();
        } catch (CredentialsException e) {
            error = e;
        }
        Duration wait = Duration.ofNanos(System.nanoTime() - t0);
        if (tracker != null) {
            // In the advisory window (no backoff in force) the call returns at once and starts a background
            // refresh, which may not have started yet: wait for it to start and end before reading the journals.
            if (state == CredentialsHealth.State.ADVISORY && health.nextAttempt().isEmpty()) {
                tracker.awaitRefreshAfter(started, SETTLE);
            } else {
                tracker.awaitQuiet(SETTLE);
            }
        }
        String upstreamCalls = upstreamSince(before);
        DemoStep result;
        if (error != null) {
            result = new DemoStep(section, step, providerName, null, null, DemoStep.ServedFrom.ERROR, wait, upstreamCalls,
                    error.getClass().getSimpleName() + ": " + error.getMessage());
        } else {
            String key = credentials.accessKeyId();
            String previous = lastKey.put(provider, key);
            DemoStep.ServedFrom from = previous == null ? DemoStep.ServedFrom.LOADED
                    : !previous.equals(key) ? DemoStep.ServedFrom.REFRESHED
                    : switch (state) {
                        case ADVISORY -> DemoStep.ServedFrom.ADVISORY;
                        case MANDATORY -> DemoStep.ServedFrom.MANDATORY;
                        default -> DemoStep.ServedFrom.FRESH;
                    };
            Duration expiresIn = credentials instanceof AwsSessionCredentials s
                    ? s.expirationTime().map(e -> Duration.between(clock.instant(), e)).orElse(null) : null;
            result = new DemoStep(section, step, providerName, key, expiresIn, from, wait, upstreamCalls, null);
        }
        record(result, result.error());
        return result;
    }

    /** Records a step that is not a credentials call (a diagnosis, a caller-identity check). */
    DemoStep info(String step, String providerName, Duration wait, String upstreamCalls, String outcome) {
        DemoStep result = new DemoStep(section, step, providerName, null, null, DemoStep.ServedFrom.INFO, wait,
                upstreamCalls, null);
        record(result, outcome);
        return result;
    }

    private void record(DemoStep step, String noteText) {
        steps.add(step);
        if (table == null) {
            table = new Table("t (fake clock)", "step", "provider", "access key", "expires in", "served from",
                    "caller wait", "upstream calls");
        }
        String marker = noteText == null ? "" : " " + note(noteText);
        table.row("+" + format(Duration.between(START, clock.instant())), step.step() + marker, step.provider(),
                step.accessKeyId() == null ? "-" : AwsFiles.shortKeyId(step.accessKeyId()),
                step.expiresIn() == null ? "-" : format(step.expiresIn()), step.servedFrom().label(),
                millis(step.callerWait()), step.upstream());
    }

    /** Journal sizes of the fakes now, to diff against later. */
    Map<AbstractFake<?>, Integer> journalSizes(AbstractFake<?>... fakes) {
        Map<AbstractFake<?>, Integer> sizes = new LinkedHashMap<>();
        for (AbstractFake<?> f : fakes) {
            sizes.put(f, f.journal().size());
        }
        return sizes;
    }

    /** The operations the fakes received since {@code before}, such as {@code GetToken, AssumeRole x2}. */
    String upstreamSince(Map<AbstractFake<?>, Integer> before) {
        Map<String, Integer> ops = new LinkedHashMap<>();
        before.forEach((fake, size) -> {
            List<RecordedRequest> journal = fake.journal();
            for (RecordedRequest r : journal.subList(Math.min(size, journal.size()), journal.size())) {
                ops.merge(r.operation(), 1, Integer::sum);
            }
        });
        if (ops.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        ops.forEach((op, n) -> parts.add(n == 1 ? op : op + " x" + n));
        return String.join(", ", parts);
    }

    static String millis(Duration d) {
        return d.toNanos() < 1_000_000 ? "<1 ms" : d.toMillis() + " ms";
    }

    /** {@code 1h05m}, {@code 14m30s}, {@code 45s}, {@code -2m}. */
    static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long h = d.toHours();
        long m = d.toMinutesPart();
        long s = d.toSecondsPart();
        if (h > 0) {
            return h + "h" + String.format("%02dm", m);
        }
        if (m > 0) {
            return s == 0 ? m + "m" : m + "m" + String.format("%02ds", s);
        }
        return s + "s";
    }

    @Override
    public void close() {
        endSection();
        for (int i = managed.size() - 1; i >= 0; i--) {
            try {
                managed.get(i).close();
            } catch (Exception e) {
                out.println("   (while closing " + managed.get(i).getClass().getSimpleName() + ": " + e + ")");
            }
        }
        try (Stream<Path> walk = Files.walk(home)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            out.println("   (could not delete " + home + ": " + e.getMessage() + ")");
        }
    }
}
