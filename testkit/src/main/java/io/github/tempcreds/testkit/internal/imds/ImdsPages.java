package io.github.tempcreds.testkit.internal.imds;

import io.github.tempcreds.testkit.FakeResponse;
import io.github.tempcreds.testkit.IssuedCredentials;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The bodies and headers real IMDS sends: pretty-printed JSON served as {@code text/plain}, small XHTML
 * error pages. Internal: no compatibility promise.
 */
public final class ImdsPages {
    private static final DateTimeFormatter ZULU =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private ImdsPages() {
    }

    /** A timestamp as IMDS writes it: {@code 2026-03-21T00:39:41Z}. */
    public static String zulu(Instant instant) {
        return ZULU.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A 200 {@code text/plain} answer with the headers real IMDS sends. */
    public static FakeResponse ok(String body, Instant lastModified) {
        return withServerHeaders(FakeResponse.text(body))
                .withHeader("Accept-Ranges", "bytes")
                .withHeader("Last-Modified", HTTP_DATE.format(lastModified));
    }

    /** The XHTML error page real IMDS answers with for {@code status}. */
    public static FakeResponse error(int status) {
        String title = status + " - " + reason(status);
        String page = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n"
                + "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
                + "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\" lang=\"en\">\n"
                + " <head>\n  <title>" + title + "</title>\n </head>\n"
                + " <body>\n  <h1>" + title + "</h1>\n </body>\n</html>\n";
        return withServerHeaders(FakeResponse.of(status, "text/html", page));
    }

    private static FakeResponse withServerHeaders(FakeResponse r) {
        return r.withHeader("Server", "EC2ws").withHeader("Connection", "close");
    }

    /** The reason phrase IMDS uses in its error pages. */
    public static String reason(int status) {
        switch (status) {
            case 400: return "Missing or Invalid Parameters";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Error";
        }
    }

    /**
     * The credentials document, pretty-printed with {@code " : "} as real IMDS does.
     *
     * @param accountId the {@code AccountId} to add (extended path), or {@code null} for the legacy shape
     */
    public static String credentialsJson(IssuedCredentials c, Instant lastUpdated, String accountId) {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "Code", "Success");
        field(sb, "LastUpdated", zulu(lastUpdated));
        field(sb, "Type", "AWS-HMAC");
        field(sb, "AccessKeyId", c.accessKeyId());
        field(sb, "SecretAccessKey", c.secretAccessKey());
        field(sb, "Token", c.sessionToken().orElse(""));
        if (accountId != null) {
            field(sb, "Expiration", zulu(c.expiration().orElseThrow()));
            sb.append("  \"AccountId\" : \"").append(accountId).append("\"\n}");
        } else {
            sb.append("  \"Expiration\" : \"").append(zulu(c.expiration().orElseThrow())).append("\"\n}");
        }
        return sb.toString();
    }

    /** The error-in-200 document: {@code Code} other than {@code Success}, a {@code Message}. */
    public static String errorJson(String code, String message, Instant lastUpdated) {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "Code", code);
        field(sb, "Message", message);
        sb.append("  \"LastUpdated\" : \"").append(zulu(lastUpdated)).append("\"\n}");
        return sb.toString();
    }

    /** The {@code iam/info} document. */
    public static String infoJson(String instanceProfileArn, String instanceProfileId, Instant lastUpdated) {
        StringBuilder sb = new StringBuilder("{\n");
        field(sb, "Code", "Success");
        field(sb, "LastUpdated", zulu(lastUpdated));
        field(sb, "InstanceProfileArn", instanceProfileArn);
        sb.append("  \"InstanceProfileId\" : \"").append(instanceProfileId).append("\"\n}");
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append("  \"").append(name).append("\" : \"").append(escape(value)).append("\",\n");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
