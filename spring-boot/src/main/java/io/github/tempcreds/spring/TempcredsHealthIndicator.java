package io.github.tempcreds.spring;

import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.util.Locale;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health from the provider's {@link CredentialsHealth}: UP when fresh or advisory (or mandatory without
 * failures), the configured status when mandatory with failures, DOWN when unusable or closed, UNKNOWN
 * before the first load. Details name the state, source, expiration, failures, next attempt and the last
 * error's category and message; never a key id, secret or token.
 */
public final class TempcredsHealthIndicator implements HealthIndicator {
    private final RefreshableCredentialsProvider provider;
    private final Status mandatoryWithFailures;

    /**
     * Reports the health of one provider.
     *
     * @param provider the provider whose {@code health()} is reported
     * @param mandatoryWithFailuresStatus the status reported while the held credentials are in their
     *        mandatory window and refreshes fail (for example {@code OUT_OF_SERVICE})
     */
    public TempcredsHealthIndicator(RefreshableCredentialsProvider provider, String mandatoryWithFailuresStatus) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.mandatoryWithFailures = new Status(mandatoryWithFailuresStatus.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public Health health() {
        CredentialsHealth h = provider.health();
        Status status = switch (h.state()) {
            case FRESH, ADVISORY -> Status.UP;
            case MANDATORY -> h.consecutiveFailures() > 0 ? mandatoryWithFailures : Status.UP;
            case NOT_LOADED -> Status.UNKNOWN;
            default -> Status.DOWN;
        };
        Health.Builder b = Health.status(status).withDetail("state", h.state().name().toLowerCase(Locale.ROOT))
                .withDetail("source", h.source()).withDetail("consecutiveFailures", h.consecutiveFailures());
        h.expiration().ifPresent(e -> b.withDetail("expiration", e.toString()));
        h.nextAttempt().ifPresent(n -> b.withDetail("nextAttempt", n.toString()));
        h.lastErrorCategory().ifPresent(c -> b.withDetail("lastErrorCategory", c.name().toLowerCase(Locale.ROOT)));
        h.lastErrorMessage().ifPresent(m -> b.withDetail("lastErrorMessage", m));
        return b.build();
    }
}
