package io.github.tempcreds.core.internal;

import java.util.Locale;

/**
 * Describes a failed SDK call without repeating what the answer said. When the SDK cannot parse an
 * answer, its message and its causes quote the text it choked on ("Unrecognized token '...'", "Text '...'
 * could not be parsed"), and in a credentials answer that text can be a secret key or a session token. So
 * for such failures the message says only that the answer was malformed, and the cause chain is dropped.
 *
 * <p>Internal: not API, no compatibility promise; other tempcreds modules use it.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientFailures {
    /** What a message says instead of the parser's text. */
    public static final String MALFORMED = "the answer could not be parsed (a malformed body; it is not "
            + "quoted because it may hold credentials)";
    private static final int MAX_MESSAGE = 300;
    private static final java.util.regex.Pattern TOKEN_LIKE = java.util.regex.Pattern.compile(
            "eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)?|[A-Za-z0-9+/=_-]{24,}");

    private ClientFailures() {
    }

    /** Whether the failure is an answer that could not be parsed (whose texts may quote the body). */
    public static boolean isMalformedAnswer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getName().toLowerCase(Locale.ROOT);
            if (name.contains("json") || name.contains("xml") || name.contains("stream") && name.contains("parse")
                    || t instanceof java.time.format.DateTimeParseException || t instanceof NumberFormatException
                    || name.contains("unmarshall")) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.startsWith("Unable to unmarshall") || m.startsWith("Unable to parse")
                    || m.contains("could not be parsed"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What happened, for a message: {@link #MALFORMED} for an unparseable answer, else the exception's own
     * message (I/O and timeout messages name no secret) without control characters, at most 300 characters.
     */
    public static String describe(Throwable e) {
        if (isMalformedAnswer(e)) {
            return MALFORMED;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String p = printable(m);
        return m.length() > MAX_MESSAGE ? p : p.trim();
    }

    /**
     * The text without control characters (each becomes a space), at most 300 characters, followed by
     * {@code …} when it was cut.
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_MESSAGE));
        for (int i = 0; i < text.length() && sb.length() < MAX_MESSAGE; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.length() < text.length() ? sb.append('\u2026').toString() : sb.toString();
    }

    /**
     * A service's error text with every token-like value (a JWT, or a run of 24 or more letters, digits and
     * {@code +/=_-}: access tokens, keys, identity ids) replaced by {@code <redacted>}, control characters dropped, at most
     * 300 characters: services sometimes echo what they were sent, and what they were sent can be a token.
     */
    public static String redactTokens(String serviceText) {
        if (serviceText == null) {
            return "no message";
        }
        return printable(TOKEN_LIKE.matcher(serviceText).replaceAll("<redacted>"));
    }

    /** The cause to keep in a typed error: none for an unparseable answer (its chain quotes the body). */
    public static Throwable safeCause(Throwable e) {
        return isMalformedAnswer(e) ? null : e;
    }
}
