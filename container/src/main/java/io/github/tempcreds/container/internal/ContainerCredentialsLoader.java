package io.github.tempcreds.container.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.CredentialsRetrievalException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * One load: resolve the endpoint, read the token, GET, classify the status, parse the answer. Errors never
 * quote the body or the token. Internal: no compatibility promise.
 */
public final class ContainerCredentialsLoader implements CredentialsLoader {
    /** The provider name put on the credentials. */
    public static final String PROVIDER_NAME = "ContainerRoleCredentialsProvider";
    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final String[] REQUIRED = {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"};

    private final ContainerContext context;

    /** A loader over {@code context}. */
    public ContainerCredentialsLoader(ContainerContext context) {
        this.context = context;
    }

    @Override
    public AwsCredentials load() {
        ContainerSettings.Target t = context.target();
        Optional<String> authorization = context.authorization(t);
        ContainerContext.Answer a = context.get(t, authorization);
        String where = t.uri() + " (from " + t.origin() + ")";
        if (a.status == 401 || a.status == 403) {
            throw CredentialsConfigurationException.of("The container credentials endpoint " + where + " refused"
                    + " the request with HTTP " + a.status + ": " + (authorization.isPresent()
                    ? "the authorization token was rejected. On EKS the token file ("
                    + ContainerSettings.ENV_TOKEN_FILE + ") must be the pod's current projected service-account token"
                    + " and the URI must be http://169.254.170.23/v1/credentials or http://[fd00:ec2::23]/v1/credentials;"
                    + " check the pod's Pod Identity association." : "no authorization token was sent; set "
                    + ContainerSettings.ENV_TOKEN_FILE + " (EKS Pod Identity) or " + ContainerSettings.ENV_TOKEN + "."));
        }
        if (a.status == 400) {
            throw CredentialsConfigurationException.of("The container credentials endpoint " + where + " answered"
                    + " HTTP 400 (bad request)" + errorCode(a.body) + ". On EKS this means the authorization token is"
                    + " empty or not a service-account token: check " + ContainerSettings.ENV_TOKEN_FILE + "; on ECS,"
                    + " the relative URI does not name this task's credentials (" + ContainerSettings.ENV_RELATIVE_URI
                    + " must be the value ECS set).");
        }
        if (a.status == 404) {
            throw CredentialsConfigurationException.of("The container credentials endpoint " + where + " answered"
                    + " HTTP 404: there are no credentials at this path. Use the URI the platform set ("
                    + ContainerSettings.ENV_RELATIVE_URI + " on ECS, " + ContainerSettings.ENV_FULL_URI + " on EKS).");
        }
        if (a.status != 200) {
            throw CredentialsRetrievalException.of("The container credentials endpoint " + where + " answered HTTP "
                    + a.status + errorCode(a.body) + " after " + a.attempts + " attempt(s)"
                    + (a.status == 429 ? "; it is throttling: share one provider instead of creating one per call."
                    : "; the engine retries with backoff."));
        }
        return parse(a.body, where);
    }

    /** Parses a 200 answer. */
    static AwsCredentials parse(String body, String where) {
        Map<String, JsonNode> doc;
        try {
            JsonNode node = PARSER.parse(body);
            if (!node.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            doc = node.asObject();
        } catch (RuntimeException e) {
            // The parser's message can quote the body, which may hold secrets: do not chain it.
            throw CredentialsRetrievalException.of("The container credentials endpoint " + where + " answered with"
                    + " a body that is not a JSON object (" + body.length() + " characters); expected AccessKeyId,"
                    + " SecretAccessKey, Token and Expiration. Is the URI pointing at a credentials agent?");
        }
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            if (text(doc, field).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw CredentialsRetrievalException.of("The container credentials endpoint " + where + " answered with"
                    + " an incomplete credentials document: missing or not a string: " + String.join(", ", missing)
                    + ". Temporary credentials need all of AccessKeyId, SecretAccessKey, Token and Expiration.");
        }
        String expirationText = text(doc, "Expiration").orElseThrow();
        Instant expiration = parseInstant(expirationText).orElseThrow(() -> CredentialsRetrievalException.of(
                "The container credentials endpoint " + where + " answered with an Expiration that is not an"
                        + " ISO-8601 time: " + ContainerErrors.quote(expirationText) + "."));
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder()
                .accessKeyId(text(doc, "AccessKeyId").orElseThrow())
                .secretAccessKey(text(doc, "SecretAccessKey").orElseThrow())
                .sessionToken(text(doc, "Token").orElseThrow())
                .expirationTime(expiration)
                .providerName(PROVIDER_NAME);
        text(doc, "AccountId").filter(v -> v.matches("\\d{12}")).ifPresent(b::accountId);
        return b.build();
    }

    /** The error code of a JSON error body ({@code code} or {@code Code}), never its message. */
    private static String errorCode(String body) {
        try {
            JsonNode node = PARSER.parse(body);
            if (node.isObject()) {
                Optional<String> code = text(node.asObject(), "code").or(() -> text(node.asObject(), "Code"));
                if (code.isPresent() && code.get().matches("[A-Za-z0-9._-]{1,64}")) {
                    return " (code " + code.get() + ")";
                }
            }
        } catch (RuntimeException e) {
            // not JSON (the Pod Identity agent answers text/plain): no code
        }
        return "";
    }

    private static Optional<String> text(Map<String, JsonNode> doc, String field) {
        JsonNode n = doc.get(field);
        return n != null && n.isString() ? Optional.of(n.asString()) : Optional.empty();
    }

    static Optional<Instant> parseInstant(String text) {
        String t = text.trim().replace("+0000", "Z");
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(t).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    @Override
    public String toString() {
        return "ContainerCredentialsLoader(" + context + ")";
    }
}
