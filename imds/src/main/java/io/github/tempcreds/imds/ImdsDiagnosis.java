package io.github.tempcreds.imds;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link ImdsCredentialsProvider#diagnose()}: what a probe of IMDS found, step by step, with
 * timings and findings that say what to do. For the doctor program and readiness checks.
 *
 * <p>Immutable and thread-safe. Holds no secret: the probe parses the credentials and keeps only their
 * expiration and account id.
 */
public final class ImdsDiagnosis {
    private final String endpoint;
    private final String endpointSource;
    private final boolean reachable;
    private final boolean tokenObtained;
    private final boolean hopLimitSuspected;
    private final boolean roleAttached;
    private final String roleName;
    private final boolean extendedPathAvailable;
    private final boolean credentialsValid;
    private final Instant credentialsExpiration;
    private final String accountId;
    private final Duration tokenTime;
    private final Duration roleTime;
    private final Duration credentialsTime;
    private final Duration totalTime;
    private final List<String> containerHints;
    private final List<ImdsFinding> findings;

    ImdsDiagnosis(ImdsProbe.Result r) {
        this.endpoint = r.endpoint;
        this.endpointSource = r.endpointSource;
        this.reachable = r.reachable;
        this.tokenObtained = r.tokenObtained;
        this.hopLimitSuspected = r.hopLimitSuspected;
        this.roleAttached = r.roleAttached;
        this.roleName = r.roleName;
        this.extendedPathAvailable = r.extendedPathAvailable;
        this.credentialsValid = r.credentialsValid;
        this.credentialsExpiration = r.credentialsExpiration;
        this.accountId = r.accountId;
        this.tokenTime = r.tokenTime;
        this.roleTime = r.roleTime;
        this.credentialsTime = r.credentialsTime;
        this.totalTime = r.totalTime;
        this.containerHints = List.copyOf(r.containerHints);
        this.findings = List.copyOf(r.findings);
    }

    /** The endpoint probed, or empty when the settings were invalid. */
    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** Where the endpoint came from (builder, a variable, a profile key, the endpoint mode). */
    public Optional<String> endpointSource() {
        return Optional.ofNullable(endpointSource);
    }

    /** Whether a connection to IMDS was established. */
    public boolean reachable() {
        return reachable;
    }

    /** Whether the IMDSv2 token request succeeded. */
    public boolean tokenObtained() {
        return tokenObtained;
    }

    /** Whether the token request connected but was never answered (the hop-limit symptom). */
    public boolean hopLimitSuspected() {
        return hopLimitSuspected;
    }

    /** Whether an IAM role is attached (the role listing named one). */
    public boolean roleAttached() {
        return roleAttached;
    }

    /** The role name, if one is attached. */
    public Optional<String> roleName() {
        return Optional.ofNullable(roleName);
    }

    /** Whether the {@code security-credentials-extended} path (with the account id) answered. */
    public boolean extendedPathAvailable() {
        return extendedPathAvailable;
    }

    /** Whether valid, unexpired credentials were served. */
    public boolean credentialsValid() {
        return credentialsValid;
    }

    /** The served credentials' expiration. */
    public Optional<Instant> credentialsExpiration() {
        return Optional.ofNullable(credentialsExpiration);
    }

    /** The account id from the extended path. */
    public Optional<String> accountId() {
        return Optional.ofNullable(accountId);
    }

    /** How long the token request took. */
    public Optional<Duration> tokenTime() {
        return Optional.ofNullable(tokenTime);
    }

    /** How long the role listing took. */
    public Optional<Duration> roleTime() {
        return Optional.ofNullable(roleTime);
    }

    /** How long the credentials request took. */
    public Optional<Duration> credentialsTime() {
        return Optional.ofNullable(credentialsTime);
    }

    /** How long the whole probe took. */
    public Duration totalTime() {
        return totalTime;
    }

    /** Signs of a container found (for the hop-limit advice). */
    public List<String> containerHints() {
        return containerHints;
    }

    /** The findings, most severe first. */
    public List<ImdsFinding> findings() {
        return findings;
    }

    /** Whether credentials can be loaded: valid credentials and no {@link ImdsFinding.Severity#ERROR}. */
    public boolean healthy() {
        return credentialsValid && findings.stream().noneMatch(f -> f.severity() == ImdsFinding.Severity.ERROR);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ImdsDiagnosis(").append(healthy() ? "healthy" : "unhealthy")
                .append(", endpoint=").append(endpoint)
                .append(", reachable=").append(reachable)
                .append(", token=").append(tokenObtained)
                .append(", hopLimitSuspected=").append(hopLimitSuspected)
                .append(", role=").append(roleAttached ? roleName : "none")
                .append(", extendedPath=").append(extendedPathAvailable);
        if (credentialsExpiration != null) {
            sb.append(", expires ").append(credentialsExpiration);
        }
        sb.append(", total ").append(totalTime.toMillis()).append(" ms");
        for (ImdsFinding f : findings) {
            sb.append("\n  ").append(f);
        }
        return sb.append(')').toString();
    }
}
