package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.micrometer.TempcredsMetrics;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.Fault;
import io.github.tempcreds.testkit.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code framework}: what a framework author (a Spring Boot starter, a Quarkus extension) does with
 * tempcreds: build the provider from flat configuration properties ({@link PropertiesProviderFactory}),
 * turn listener events and health into Micrometer meters ({@link TempcredsMetrics} over a {@code SimpleMeterRegistry}) and the
 * health snapshot into a readiness check ({@link ReadinessCheck}).
 *
 * <p>With {@code --property} or {@code --properties} it wires the given configuration, resolves once and
 * prints metrics and readiness. Without them it runs a self-contained example against an in-process fake
 * IMDS and a fake clock: UP, then an outage past expiry turns readiness DOWN with the reason, and the
 * failures show up in the metrics. It ends DOWN, so it exits 1, like any run that ends not ready. Its load
 * timers measure real time: the fake clock ticks with the system clock and the outage is a jump of it.
 */
final class FrameworkWrapping implements Command {
    @Override
    public String name() {
        return "framework";
    }

    @Override
    public String summary() {
        return "framework wiring example: properties -> provider, events -> metrics, health -> readiness";
    }

    @Override
    public String help() {
        return """
                Usage: framework [--properties FILE] [--property KEY=VALUE ...]

                Builds a provider from flat properties as a framework integration would, resolves once, and
                prints the metrics its listener events produced and its readiness (UP/DOWN with the reason).
                Without options, runs a self-contained example against an in-process fake IMDS: UP, then an
                outage past expiry turns readiness DOWN, so the example exits 1 (as a failing probe would).

                Properties (see docs/examples.md): tempcreds.provider = imds | role-chain | web-identity | sso
                | cognito | profile, tempcreds.role-chain.source = env | imds | profile:NAME,
                tempcreds.role-chain.hops[0].role-arn = ..., tempcreds.refresh.background = true, ...

                Exit codes: 0 ready (UP), 1 not ready (DOWN) or bad configuration, 2 usage error.
                """;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        Args args = Args.parse(arguments, Set.of("properties", "property"), Set.of());
        Map<String, String> properties = new LinkedHashMap<>();
        args.value("properties").ifPresent(f -> load(Path.of(f), properties));
        for (String p : args.all("property")) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--property takes KEY=VALUE, was '" + p + "'");
            }
            properties.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        if (properties.isEmpty()) {
            return selfContained(context.out());
        }
        return wire(properties, context.environment(), context.out(), context.err()).up() ? 0 : 1;
    }

    /**
     * Wires a provider from properties, resolves once, prints metrics and readiness, and closes it.
     *
     * @return the readiness after the call
     */
    static ReadinessCheck.Status wire(Map<String, String> properties, TempcredsEnvironment env, PrintStream out,
                                      PrintStream err) {
        TempcredsMetrics metrics = TempcredsMetrics.create(env.clock());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RefreshTracker settled = new RefreshTracker();
        PropertiesProviderFactory factory = new PropertiesProviderFactory(properties, env,
                List.of(metrics, settled));
        RefreshableCredentialsProvider provider;
        try {
            provider = factory.build();
            metrics.monitor(provider).bindTo(meters);
        } catch (CredentialsException e) {
            err.println("framework: bad configuration: " + e.getMessage());
            return new ReadinessCheck.Status(false, "bad configuration: " + e.getMessage(), null);
        }
        try {
            ReadinessCheck readiness = new ReadinessCheck(provider, env.clock());
            out.println("provider: " + provider);
            out.println("readiness before the first call: " + readiness.check());
            resolve(provider, out);
            settled.awaitQuiet(Duration.ofSeconds(10)); // listener events follow the result; let them land
            ReadinessCheck.Status status = readiness.check();
            out.println("readiness: " + status);
            out.println("readiness JSON: " + Json.write(status.toJson()));
            out.print("metrics:\n" + scrape(meters));
            return status;
        } finally {
            provider.close();
            for (AutoCloseable r : factory.resources()) {
                try {
                    r.close();
                } catch (Exception e) {
                    err.println("framework: closing " + r + ": " + e.getMessage());
                }
            }
        }
    }

    /** One line per meter, {@code name{tag=value,...} value}, sorted. */
    static String scrape(SimpleMeterRegistry meters) {
        Map<String, String> lines = new TreeMap<>();
        for (Meter m : meters.getMeters()) {
            StringBuilder id = new StringBuilder(m.getId().getName());
            List<Tag> tags = m.getId().getTags();
            if (!tags.isEmpty()) {
                id.append('{').append(tags.stream().map(t -> t.getKey() + "=" + t.getValue())
                        .collect(Collectors.joining(","))).append('}');
            }
            String value;
            if (m instanceof Timer t) {
                value = "count=" + t.count() + " totalMs=" + (long) t.totalTime(TimeUnit.MILLISECONDS);
            } else if (m instanceof Counter c) {
                value = Long.toString((long) c.count());
            } else if (m instanceof Gauge g) {
                value = Double.toString(g.value());
            } else {
                continue;
            }
            lines.put(id.toString(), value);
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }

    private static void resolve(RefreshableCredentialsProvider provider, PrintStream out) {
        try {
            String id = provider.resolveCredentials().accessKeyId();
            out.println("resolveCredentials(): " + AwsFiles.shortKeyId(id));
        } catch (CredentialsException e) {
            out.println("resolveCredentials(): " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Against a fake IMDS and a fake clock: UP, then DOWN after an outage past expiry. */
    private static int selfContained(PrintStream out) {
        // A ticking clock set to a fixed day: the outage is a jump of the clock, while the load timers
        // still measure real time (a frozen clock would report every load as 0 ms).
        MutableClock clock = MutableClock.systemUtc().set(Instant.parse("2026-01-01T00:00:00Z"));
        TempcredsEnvironment env = TempcredsEnvironment.builder().clock(clock).build();
        try (FakeImds imds = FakeImds.builder().clock(clock).credentialsLifetime(Duration.ofHours(1))
                .rotateBefore(Duration.ofMinutes(20)).build().start()) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("tempcreds.provider", "imds");
            properties.put("tempcreds.imds.endpoint", imds.url());
            properties.put("tempcreds.imds.read-timeout", "5s");
            properties.put("tempcreds.refresh.min-validity", "10s");
            out.println("== properties");
            properties.forEach((k, v) -> out.println(k + " = " + v));
            TempcredsMetrics metrics = TempcredsMetrics.create(clock);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RefreshTracker settled = new RefreshTracker();
            PropertiesProviderFactory factory = new PropertiesProviderFactory(properties, env,
                    List.of(metrics, settled));
            try (RefreshableCredentialsProvider provider = factory.build()) {
                metrics.monitor(provider).bindTo(meters);
                ReadinessCheck readiness = new ReadinessCheck(provider, clock);
                out.println();
                out.println("== startup");
                out.println("readiness: " + readiness.check());
                resolve(provider, out);
                settled.awaitQuiet(Duration.ofSeconds(10));
                out.println("readiness: " + readiness.check());
                out.println();
                out.println("== IMDS down (500) and the fake clock moved past expiry");
                imds.inject(Fault.status(500));
                clock.advance(Duration.ofMinutes(61));
                resolve(provider, out);
                settled.awaitQuiet(Duration.ofSeconds(10));
                ReadinessCheck.Status down = readiness.check();
                out.println("readiness: " + down);
                out.println("readiness JSON: " + Json.write(down.toJson()));
                out.println();
                out.println("== metrics");
                out.print(scrape(meters));
                return down.up() ? 0 : 1;
            }
        }
    }

    private static void load(Path file, Map<String, String> into) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UsageException("cannot read --properties " + file + ": " + e.getMessage());
        }
        p.stringPropertyNames().stream().sorted().forEach(k -> into.put(k, p.getProperty(k)));
    }
}
