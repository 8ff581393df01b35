package io.github.tempcreds.testkit.internal.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects the model constraint violations of one request, in STS's words, and throws one
 * {@code ValidationError} listing all of them. Internal: no compatibility promise. Not thread-safe: one
 * instance per request.
 */
public final class StsValidator {
    /** RoleSessionName and SourceIdentity pattern text, as the model writes it. */
    public static final String SESSION_NAME_PATTERN = "[\\w+=,.@-]*";
    /** ExternalId pattern text. */
    public static final String EXTERNAL_ID_PATTERN = "[\\w+=,.@:\\/-]*";
    /** SerialNumber pattern text. */
    public static final String SERIAL_PATTERN = "[\\w+=/:,.@-]*";
    /** TokenCode pattern text. */
    public static final String TOKEN_CODE_PATTERN = "[\\d]*";
    /** Policy pattern text. */
    public static final String POLICY_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
    /** Tag key pattern text. */
    public static final String TAG_KEY_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    /** Tag value pattern text. */
    public static final String TAG_VALUE_PATTERN = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";
    /** The ARN pattern text of the model. */
    public static final String ARN_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD"
            + "\\u10000-\\u10FFFF]+";

    private static final Map<String, Pattern> COMPILED = Map.of(
            SESSION_NAME_PATTERN, Pattern.compile(SESSION_NAME_PATTERN),
            EXTERNAL_ID_PATTERN, Pattern.compile(EXTERNAL_ID_PATTERN),
            SERIAL_PATTERN, Pattern.compile(SERIAL_PATTERN),
            TOKEN_CODE_PATTERN, Pattern.compile("[0-9]*"),
            POLICY_PATTERN, Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"),
            TAG_KEY_PATTERN, Pattern.compile(TAG_KEY_PATTERN),
            TAG_VALUE_PATTERN, Pattern.compile(TAG_VALUE_PATTERN),
            ARN_PATTERN, Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD"
                    + "\\x{10000}-\\x{10FFFF}]+"));

    private final List<String> violations = new ArrayList<>();

    /** Whether {@code value} matches one of this class's pattern texts entirely. */
    public static boolean matches(String patternText, String value) {
        return COMPILED.get(patternText).matcher(value).matches();
    }

    /** Records "Member must not be null" when {@code value} is null; returns whether it was present. */
    public boolean required(String member, String value) {
        if (value == null) {
            violations.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
            return false;
        }
        return true;
    }

    /** Records length violations (in UTF-16 units, as the model counts). Null values pass. */
    public StsValidator length(String member, String value, int min, int max) {
        return length(member, value, value, min, max);
    }

    /** Like {@link #length(String, String, int, int)} but shows {@code shown} instead of the value. */
    public StsValidator length(String member, String value, String shown, int min, int max) {
        if (value == null) {
            return this;
        }
        if (value.length() < min) {
            violations.add(prefix(member, shown) + "Member must have length greater than or equal to " + min);
        } else if (value.length() > max) {
            violations.add(prefix(member, shown) + "Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** Records a pattern violation. Null values pass. */
    public StsValidator pattern(String member, String value, String patternText) {
        return pattern(member, value, value, patternText);
    }

    /** Like {@link #pattern(String, String, String)} but shows {@code shown} instead of the value. */
    public StsValidator pattern(String member, String value, String shown, String patternText) {
        if (value != null && !value.isEmpty() && !matches(patternText, value)) {
            violations.add(prefix(member, shown) + "Member must satisfy regular expression pattern: " + patternText);
        }
        return this;
    }

    /** Records a count violation of a list. */
    public StsValidator count(String member, int count, int max) {
        if (count > max) {
            violations.add("Value '[" + count + " members]' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    /**
     * Parses an integer member and records range violations.
     *
     * @return the value, or {@code null} when absent or invalid
     */
    public Integer integer(String member, String text, int min, int max) {
        if (text == null) {
            return null;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            violations.add(prefix(member, text) + "Member must be an integer");
            return null;
        }
        if (value < min) {
            violations.add(prefix(member, text) + "Member must have value greater than or equal to " + min);
            return null;
        }
        if (value > max) {
            violations.add(prefix(member, text) + "Member must have value less than or equal to " + max);
            return null;
        }
        return value;
    }

    /** Records a free-form violation of a member. */
    public void violation(String member, String shown, String constraint) {
        violations.add(prefix(member, shown) + constraint);
    }

    /** Throws a {@code ValidationError} listing every violation, if there is one. */
    public void throwIfInvalid() {
        if (!violations.isEmpty()) {
            throw StsError.validation(violations);
        }
    }

    private static String prefix(String member, String shown) {
        return "Value '" + shown + "' at '" + member + "' failed to satisfy constraint: ";
    }
}
