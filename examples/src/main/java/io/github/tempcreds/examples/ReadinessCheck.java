package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A readiness check over a provider's {@link CredentialsHealth}, as a framework exposes it
 * ({@code /health/ready}): UP while a call would return credentials without waiting (fresh, advisory or
 * mandatory), DOWN otherwise, with the reason. It reads the snapshot only: a probe never triggers a
 * load.
 */
final class ReadinessCheck {
    private final RefreshableCredentialsProvider provider;
    private final Clock clock;

    ReadinessCheck(RefreshableCredentialsProvider provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    /** The status now. */
    Status check() {
        CredentialsHealth h = provider.health();
        if (h.isUsable()) {
            String expires = h.expiration().map(e -> ", expires in " + Duration.between(clock.instant(), e).toMinutes()
                    + " min").orElse("");
            return new Status(true, h.source() + ": " + h.state() + expires, h);
        }
        String reason = switch (h.state()) {
            case NOT_LOADED -> "no credentials loaded yet";
            case CLOSED -> "provider closed";
            default -> "credentials " + h.state();
        };
        String error = h.lastErrorCategory().map(c -> "; last error " + c + ": " + h.lastErrorMessage().orElse(""))
                .orElse("");
        String next = h.nextAttempt().map(n -> "; next attempt " + n).orElse("");
        return new Status(false, h.source() + ": " + reason + error + next, h);
    }

    /**
     * One readiness answer.
     *
     * @param up whether the service is ready as far as credentials go
     * @param reason why, for people
     * @param health the snapshot it was computed from
     */
    record Status(boolean up, String reason, CredentialsHealth health) {
        Map<String, Object> toJson() {
            Map<String, Object> m = Json.object();
            m.put("status", up ? "UP" : "DOWN");
            m.put("reason", reason);
            return m;
        }

        @Override
        public String toString() {
            return (up ? "UP" : "DOWN") + " (" + reason + ")";
        }
    }
}
