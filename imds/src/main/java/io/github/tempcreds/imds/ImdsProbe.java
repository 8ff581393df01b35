package io.github.tempcreds.imds;

import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.imds.internal.ImdsCallException;
import io.github.tempcreds.imds.internal.ImdsClient;
import io.github.tempcreds.imds.internal.ImdsContext;
import io.github.tempcreds.imds.internal.ImdsCredentialsDocument;
import io.github.tempcreds.imds.internal.ImdsCredentialsLoader;
import io.github.tempcreds.imds.internal.ImdsErrors;
import io.github.tempcreds.imds.internal.ImdsResponse;
import io.github.tempcreds.imds.internal.ImdsSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Runs the IMDS probe behind {@link ImdsCredentialsProvider#diagnose()}: settings, token, role listing
 * (extended, then legacy), credentials. Each step is timed with the monotonic clock; the first failing
 * step ends the probe with a finding. Uses a fresh token so the token request is always exercised.
 */
final class ImdsProbe {
    private static final Duration SHORT_LIFETIME = Duration.ofMinutes(15);

    private ImdsProbe() {
    }

    static ImdsDiagnosis run(ImdsContext context) {
        Result r = new Result();
        long start = System.nanoTime();
        try {
            probe(context, r);
        } finally {
            r.totalTime = Duration.ofNanos(System.nanoTime() - start);
            r.findings.sort(Comparator.comparing(ImdsFinding::severity));
        }
        return new ImdsDiagnosis(r);
    }

    private static void probe(ImdsContext context, Result r) {
        r.containerHints = context.containerHints();
        ImdsSettings settings;
        try {
            settings = context.settings();
        } catch (CredentialsException e) {
            r.error("invalid IMDS settings", e.getMessage());
            return;
        }
        r.endpoint = settings.endpoint().toString();
        r.endpointSource = settings.endpointSource();
        if (settings.disabled()) {
            r.error("IMDS turned off by a setting", String.format(ImdsErrors.DISABLED_SETTING, settings.disabledSource()));
            return;
        }
        try (ImdsClient client = context.probeClient()) {
            long t = System.nanoTime();
            try {
                client.ensureToken();
            } catch (ImdsCallException e) {
                r.reachable = e.kind() != ImdsCallException.Kind.UNREACHABLE
                        && e.kind() != ImdsCallException.Kind.CONNECT_TIMEOUT;
                r.hopLimitSuspected = e.kind() == ImdsCallException.Kind.NO_ANSWER;
                r.error(summary(e), map(e, client, context).getMessage());
                return;
            } finally {
                r.tokenTime = Duration.ofNanos(System.nanoTime() - t);
            }
            r.reachable = true;
            r.tokenObtained = true;
            String path = role(client, context, r);
            if (path != null) {
                credentials(client, context, r, path);
            }
        } catch (ImdsCallException e) {
            r.error(summary(e), ImdsErrors.map(e, r.endpoint, context.readTimeout(), context.requestTimeout(),
                    context.tokenTtl(), context::containerHints).getMessage());
        }
    }

    /** Lists the role; returns the credentials path to probe, or null after a finding. */
    private static String role(ImdsClient client, ImdsContext context, Result r) {
        long t = System.nanoTime();
        try {
            ImdsResponse ext = client.get(ImdsCredentialsLoader.EXTENDED + "/");
            if (ext.status() == 200 && !ext.body().isBlank()) {
                r.extendedPathAvailable = true;
                r.roleAttached = true;
                r.roleName = ext.body().trim().split("\n")[0].trim();
                return ImdsCredentialsLoader.EXTENDED + "/" + r.roleName;
            }
            ImdsResponse legacy = client.get(ImdsCredentialsLoader.LEGACY + "/");
            if (legacy.status() == 404) {
                r.error("no IAM role attached", String.format(ImdsErrors.NO_ROLE, client.endpoint(),
                        "GET " + ImdsCredentialsLoader.LEGACY + "/"));
                return null;
            }
            if (legacy.status() != 200 || legacy.body().isBlank()) {
                r.error("role listing failed", ImdsErrors.forStatus(client.endpoint(), ImdsCredentialsLoader.LEGACY
                        + "/", legacy, context.tokenTtl()).getMessage());
                return null;
            }
            r.roleAttached = true;
            r.roleName = legacy.body().trim().split("\n")[0].trim();
            r.findings.add(new ImdsFinding(ImdsFinding.Severity.INFO, "extended credentials path not available",
                    "IMDS has no security-credentials-extended path here, so credentials carry no account id;"
                            + " the legacy path is used. Nothing to do."));
            return ImdsCredentialsLoader.LEGACY + "/" + r.roleName;
        } finally {
            r.roleTime = Duration.ofNanos(System.nanoTime() - t);
        }
    }

    private static void credentials(ImdsClient client, ImdsContext context, Result r, String path) {
        long t = System.nanoTime();
        try {
            ImdsResponse resp = client.get(path);
            if (resp.status() != 200) {
                r.error("credentials request failed",
                        ImdsErrors.forStatus(client.endpoint(), path, resp, context.tokenTtl()).getMessage());
                return;
            }
            AwsSessionCredentials c = ImdsCredentialsDocument.parse(resp.body(), "GET " + path);
            r.credentialsExpiration = c.expirationTime().orElseThrow();
            r.accountId = c.accountId().orElse(null);
            Instant now = context.environment().clock().instant();
            if (!r.credentialsExpiration.isAfter(now)) {
                r.error("expired credentials served", "IMDS served credentials that expired at "
                        + r.credentialsExpiration + " (now " + now + "): IMDS is degraded. tempcreds will not use"
                        + " them; wait for IMDS to recover or restart the instance.");
                return;
            }
            if (Duration.between(now, r.credentialsExpiration).compareTo(SHORT_LIFETIME) < 0) {
                r.findings.add(new ImdsFinding(ImdsFinding.Severity.WARNING, "credentials expire soon",
                        "The served credentials expire at " + r.credentialsExpiration + ", less than 15 minutes"
                                + " from now; IMDS normally serves credentials hours ahead."));
            }
            r.credentialsValid = true;
        } catch (CredentialsException e) {
            r.error("credentials document invalid", e.getMessage());
        } finally {
            r.credentialsTime = Duration.ofNanos(System.nanoTime() - t);
        }
    }

    private static CredentialsException map(ImdsCallException e, ImdsClient client, ImdsContext context) {
        return ImdsErrors.map(e, client.endpoint(), context.readTimeout(), context.requestTimeout(), context.tokenTtl(),
                context::containerHints);
    }

    private static String summary(ImdsCallException e) {
        switch (e.kind()) {
            case UNREACHABLE:
            case CONNECT_TIMEOUT:
                return "IMDS not reachable";
            case NO_ANSWER:
                return e.tokenRequest() ? "hop limit suspected" : "IMDS did not answer";
            case DEADLINE:
                return "IMDS answered too slowly";
            case STATUS:
                return e.status() == 403 ? "HTTP 403: IMDS turned off for this instance, or a proxy answering"
                        : (e.tokenRequest() ? "token request failed" : "request failed") + " (HTTP " + e.status() + ")";
            default:
                return "IMDS connection failed";
        }
    }

    /** Mutable probe state, copied into the immutable report. */
    static final class Result {
        String endpoint;
        String endpointSource;
        boolean reachable;
        boolean tokenObtained;
        boolean hopLimitSuspected;
        boolean roleAttached;
        String roleName;
        boolean extendedPathAvailable;
        boolean credentialsValid;
        Instant credentialsExpiration;
        String accountId;
        Duration tokenTime;
        Duration roleTime;
        Duration credentialsTime;
        Duration totalTime = Duration.ZERO;
        List<String> containerHints = List.of();
        final List<ImdsFinding> findings = new ArrayList<>();

        void error(String summary, String fix) {
            findings.add(new ImdsFinding(ImdsFinding.Severity.ERROR, summary, fix));
        }
    }
}
