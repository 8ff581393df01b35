package io.github.tempcreds.testkit.internal.sts;

import io.github.tempcreds.testkit.IssuedCredentials;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes the XML documents of the STS awsQuery protocol: {@code <OpResponse><OpResult>…</OpResult>
 * <ResponseMetadata>…} and {@code <ErrorResponse>}. Internal: no compatibility promise.
 *
 * <p>A small element writer: every text is escaped; elements are written in call order. Not thread-safe:
 * one instance per document.
 */
public final class StsXml {
    /** The STS namespace. */
    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final StringBuilder sb = new StringBuilder(1024);

    /** Opens an element. */
    public StsXml open(String name) {
        sb.append('<').append(name).append('>');
        return this;
    }

    /** Closes an element. */
    public StsXml close(String name) {
        sb.append("</").append(name).append(">\n");
        return this;
    }

    /** Writes {@code <name>text</name>}. */
    public StsXml element(String name, String text) {
        sb.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append(">\n");
        return this;
    }

    /** Writes the element only when {@code text} is not null. */
    public StsXml optional(String name, String text) {
        return text == null ? this : element(name, text);
    }

    /** Writes a {@code <Credentials>} element. */
    public StsXml credentials(IssuedCredentials c) {
        open("Credentials");
        element("AccessKeyId", c.accessKeyId());
        element("SecretAccessKey", c.secretAccessKey());
        element("SessionToken", c.sessionToken().orElse(""));
        element("Expiration", timestamp(c.expiration().orElseThrow()));
        return close("Credentials");
    }

    /** The body written so far. */
    public String body() {
        return sb.toString();
    }

    /** A success document wrapping {@code result} in {@code <OpResponse><OpResult>}. */
    public static String success(String operation, String result, String requestId) {
        return success(NAMESPACE, operation, result, requestId);
    }

    /** A success document of another awsQuery service (e.g. IAM's namespace). */
    public static String success(String namespace, String operation, String result, String requestId) {
        return "<" + operation + "Response xmlns=\"" + namespace + "\">\n"
                + "<" + operation + "Result>\n" + result + "</" + operation + "Result>\n"
                + "<ResponseMetadata>\n<RequestId>" + requestId + "</RequestId>\n</ResponseMetadata>\n"
                + "</" + operation + "Response>\n";
    }

    /** An {@code ErrorResponse} document. */
    public static String error(String type, String code, String message, String requestId) {
        return error(NAMESPACE, type, code, message, requestId);
    }

    /** An error document of another awsQuery service (e.g. IAM's namespace). */
    public static String error(String namespace, String type, String code, String message, String requestId) {
        return "<ErrorResponse xmlns=\"" + namespace + "\">\n"
                + "  <Error>\n"
                + "    <Type>" + escape(type) + "</Type>\n"
                + "    <Code>" + escape(code) + "</Code>\n"
                + "    <Message>" + escape(message) + "</Message>\n"
                + "  </Error>\n"
                + "  <RequestId>" + escape(requestId) + "</RequestId>\n"
                + "</ErrorResponse>\n";
    }

    /** ISO-8601 UTC to the second, e.g. {@code 2026-01-01T01:00:00Z} (RFC 3339, accepted by every SDK). */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Escapes XML text. Characters XML 1.0 cannot carry become {@code U+FFFD}. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&apos;");
                    break;
                default:
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
