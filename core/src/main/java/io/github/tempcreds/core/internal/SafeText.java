package io.github.tempcreds.core.internal;

import io.github.tempcreds.core.CredentialsConfigurationException;

/**
 * Quotes a user-controlled value (an environment variable, a profile name, a path) for an exception
 * message or a log line, so that the value can neither flood the message nor inject lines into a log.
 *
 * <p>Internal: not API, no compatibility promise; other tempcreds modules may use it.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafeText {
    /** At most this many characters of the (escaped) value are kept between the quotes. */
    public static final int MAX_CHARS = 64;

    private SafeText() {
    }

    /**
     * The value in single quotes, with control and invisible formatting characters escaped and the
     * text cut to {@value #MAX_CHARS} characters.
     *
     * <p>{@code \n}, {@code \r}, {@code \t} are written as such; other ISO control characters, line and
     * paragraph separators, formatting characters (such as bidirectional overrides) and lone surrogates
     * as {@code \}{@code uXXXX}; a backslash or a single quote in the value is preceded by a backslash.
     * A value that does not fit is cut (never inside an escape or a surrogate pair) and followed by
     * {@code … (N characters)}, N being the length of the whole value. The result is at most
     * {@value #MAX_CHARS} plus 30 characters long and contains no control character.
     *
     * @param value the value, may be null
     * @return the quoted value, or the word {@code null} (unquoted) for a null value
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_CHARS) + 36).append('\'');
        int kept = 0;
        int i = 0;
        while (i < value.length()) {
            String piece = escape(value, i);
            if (kept + piece.length() > MAX_CHARS) {
                break;
            }
            sb.append(piece);
            kept += piece.length();
            i += isPair(value, i) ? 2 : 1;
        }
        sb.append('\'');
        if (i < value.length()) {
            sb.append(" \u2026 (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    /**
     * Whether the value holds a character that has no business in a setting: an ISO control character
     * (C0, DEL, C1: CR, LF, ESC, NUL ...), a line or paragraph separator, or a formatting character such as a
     * bidirectional override. Such characters forge log lines, split HTTP headers or hide text.
     */
    public static boolean hasControlCharacter(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value, when it holds no control character (see {@link #hasControlCharacter(String)}).
     *
     * @throws CredentialsConfigurationException naming the setting and showing the value escaped
     */
    public static String requireNoControlCharacter(String setting, String value) {
        if (hasControlCharacter(value)) {
            throw CredentialsConfigurationException.of(setting + " must not contain control characters "
                    + "(line breaks, escape, NUL, bidirectional overrides), was " + quote(value));
        }
        return value;
    }

    private static boolean isPair(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    /** The escaped form of the character (or surrogate pair) at {@code i}. */
    private static String escape(String s, int i) {
        char c = s.charAt(i);
        if (isPair(s, i)) {
            int cp = s.codePointAt(i);
            return Character.getType(cp) == Character.FORMAT ? unicode(c) + unicode(s.charAt(i + 1))
                    : s.substring(i, i + 2);
        }
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\\':
                return "\\\\";
            case '\'':
                return "\\'";
            default:
                break;
        }
        int type = Character.getType(c);
        if (Character.isISOControl(c) || Character.isSurrogate(c) || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
            return unicode(c);
        }
        return String.valueOf(c);
    }

    private static String unicode(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
