package io.github.tempcreds.imds.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Parses the IMDS credentials document into session credentials. Errors quote what was wrong (field
 * names, {@code Code} and {@code Message}, the {@code Expiration} text) and never a key, token or the body.
 * Internal: no compatibility promise.
 */
public final class ImdsCredentialsDocument {
    /** The provider name put on the credentials. */
    public static final String PROVIDER_NAME = "ImdsCredentialsProvider";
    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final String[] REQUIRED = {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"};

    private ImdsCredentialsDocument() {
    }

    /**
     * Parses a credentials document.
     *
     * @param body the body
     * @param where the endpoint and path, for messages
     * @return the credentials, with {@code accountId} when the document has a 12-digit {@code AccountId}
     * @throws io.github.tempcreds.core.CredentialsRetrievalException when it is not valid
     */
    public static AwsSessionCredentials parse(String body, String where) {
        Map<String, JsonNode> doc;
        try {
            JsonNode node = PARSER.parse(body);
            if (!node.isObject()) {
                throw new IllegalArgumentException("not an object");
            }
            doc = node.asObject();
        } catch (RuntimeException e) {
            // The exception text can quote the body, which may hold secrets: do not chain it.
            throw ImdsErrors.retrieval("IMDS answered " + where + " with a body that is not a JSON object ("
                    + body.length() + " characters); expected the credentials document.", null);
        }
        String code = text(doc, "Code").orElse(null);
        if (code != null && !code.equals("Success")) {
            String message = text(doc, "Message").map(ImdsCredentialsDocument::clip).orElse("(none)");
            throw ImdsErrors.retrieval("IMDS answered " + where + " with Code '" + clip(code) + "' instead of"
                    + " 'Success'; Message: " + message + ". This usually means EC2 cannot assume the role (check"
                    + " the role's trust policy names ec2.amazonaws.com).", null);
        }
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            if (text(doc, field).filter(v -> !v.isBlank()).isEmpty()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw ImdsErrors.retrieval("IMDS answered " + where + " with an incomplete credentials document:"
                    + " missing or not a string: " + String.join(", ", missing) + ".", null);
        }
        String expirationText = text(doc, "Expiration").orElseThrow();
        Instant expiration = parseInstant(expirationText).orElseThrow(() -> ImdsErrors.retrieval("IMDS answered "
                + where + " with an Expiration that is not an ISO-8601 time (" + expirationText.length()
                + " characters, not shown: the answer holds credentials).", null));
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder()
                .accessKeyId(text(doc, "AccessKeyId").orElseThrow())
                .secretAccessKey(text(doc, "SecretAccessKey").orElseThrow())
                .sessionToken(text(doc, "Token").orElseThrow())
                .expirationTime(expiration)
                .providerName(PROVIDER_NAME);
        text(doc, "AccountId").filter(a -> a.matches("\\d{12}")).ifPresent(b::accountId);
        return b.build();
    }

    private static Optional<String> text(Map<String, JsonNode> doc, String field) {
        JsonNode n = doc.get(field);
        return n != null && n.isString() ? Optional.of(n.asString()) : Optional.empty();
    }

    static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text.trim()).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    private static String clip(String s) {
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
