package io.github.tempcreds.examples;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the doctor's checks read: the environment, the AWS files and the IMDS probe settings. */
final class DoctorContext {
    private final TempcredsEnvironment environment;
    private final AwsFiles files;
    private final String imdsEndpoint;
    private final Duration imdsTimeout;
    private volatile String imdsRole;

    DoctorContext(TempcredsEnvironment environment, String imdsEndpoint, Duration imdsTimeout) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.files = new AwsFiles(environment);
        this.imdsEndpoint = imdsEndpoint;
        this.imdsTimeout = Objects.requireNonNull(imdsTimeout, "imdsTimeout");
    }

    TempcredsEnvironment environment() {
        return environment;
    }

    AwsFiles files() {
        return files;
    }

    Instant now() {
        return environment.clock().instant();
    }

    /** The {@code --imds-endpoint} override, if given. */
    Optional<String> imdsEndpoint() {
        return Optional.ofNullable(imdsEndpoint);
    }

    /** The connect and read timeout of the IMDS probe. */
    Duration imdsTimeout() {
        return imdsTimeout;
    }

    /** The instance role the IMDS check found, if any (set by that check, read by later ones). */
    Optional<String> imdsRole() {
        return Optional.ofNullable(imdsRole);
    }

    void imdsRole(String role) {
        this.imdsRole = role;
    }
}
