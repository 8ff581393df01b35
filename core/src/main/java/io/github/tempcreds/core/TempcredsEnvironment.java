package io.github.tempcreds.core;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything a provider reads from the outside world: the clock, randomness, environment variables,
 * system properties and the home directory.
 *
 * <p>Production code uses {@link #system()}. Tests build a hermetic environment with
 * {@link #builder()}: a manual clock, a seeded random generator, an explicit map of variables and a
 * temporary home, so no test ever depends on the machine it runs on.
 *
 * <p>Thread safety: instances are immutable and thread-safe, provided the supplied clock and random
 * generator are.
 */
public final class TempcredsEnvironment {
    private static final TempcredsEnvironment SYSTEM = new TempcredsEnvironment(
            Clock.systemUTC(), null, null, null, null);

    private final Clock clock;
    private final RandomGenerator random;
    private final Map<String, String> env;
    private final Map<String, String> properties;
    private final Path home;

    private TempcredsEnvironment(Clock clock, RandomGenerator random, Map<String, String> env,
                                 Map<String, String> properties, Path home) {
        this.clock = clock;
        this.random = random;
        this.env = env;
        this.properties = properties;
        this.home = home;
    }

    /** The real environment: system UTC clock, a thread-local random source, real variables. */
    public static TempcredsEnvironment system() {
        return SYSTEM;
    }

    /** A builder for a hermetic environment; unset parts are empty, not taken from the system. */
    public static Builder builder() {
        return new Builder();
    }

    /** The clock that decides freshness and expiry. */
    public Clock clock() {
        return clock;
    }

    /** The random generator used for jitter. */
    public RandomGenerator random() {
        return random != null ? random : java.util.concurrent.ThreadLocalRandom.current();
    }

    /** An environment variable, or empty when unset or blank. */
    public Optional<String> env(String name) {
        String v = env != null ? env.get(name) : System.getenv(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** A system property, or empty when unset or blank. */
    public Optional<String> property(String name) {
        String v = properties != null ? properties.get(name) : System.getProperty(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /**
     * A setting looked up as a system property first, then as an environment variable, following
     * the AWS SDK's precedence.
     */
    public Optional<String> setting(String systemProperty, String environmentVariable) {
        Optional<String> p = property(systemProperty);
        return p.isPresent() ? p : env(environmentVariable);
    }

    /**
     * The user's home directory (where {@code .aws} lives), resolved as the AWS SDK for Java v2 and
     * the AWS CLI do: the one set with {@link Builder#homeDirectory}, else the {@code HOME}
     * environment variable, else on Windows {@code USERPROFILE}, then {@code HOMEDRIVE} +
     * {@code HOMEPATH}, else the {@code user.home} system property. Blank values count as unset.
     */
    public Path homeDirectory() {
        if (home != null) {
            return home;
        }
        Optional<String> fromHome = env("HOME");
        if (fromHome.isPresent()) {
            return Paths.get(fromHome.get());
        }
        boolean windows = property("os.name").map(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("windows"))
                .orElse(false);
        if (windows) {
            Optional<String> profile = env("USERPROFILE");
            if (profile.isPresent()) {
                return Paths.get(profile.get());
            }
            Optional<String> drive = env("HOMEDRIVE");
            Optional<String> path = env("HOMEPATH");
            if (drive.isPresent() && path.isPresent()) {
                return Paths.get(drive.get() + path.get());
            }
        }
        return Paths.get(property("user.home").orElseGet(() -> System.getProperty("user.home")));
    }

    @Override
    public String toString() {
        return this == SYSTEM ? "TempcredsEnvironment(system)"
                : "TempcredsEnvironment(clock=" + clock + ", home=" + home + ")";
    }

    /** Builder of a hermetic {@link TempcredsEnvironment}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random;
        private final Map<String, String> env = new HashMap<>();
        private final Map<String, String> properties = new HashMap<>();
        private Path home;

        private Builder() {
        }

        /** The clock; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The random generator for jitter; default a thread-local random source. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Sets one environment variable; default none are set. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets environment variables; default none are set. */
        public Builder env(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        /** Sets one system property; default none are set. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The home directory; default {@code user.home}. Tests should always set a temporary one. */
        public Builder homeDirectory(Path home) {
            this.home = Objects.requireNonNull(home, "home");
            return this;
        }

        /** Builds the environment. Does no I/O. */
        public TempcredsEnvironment build() {
            return new TempcredsEnvironment(clock, random, Map.copyOf(env), Map.copyOf(properties), home);
        }
    }
}
