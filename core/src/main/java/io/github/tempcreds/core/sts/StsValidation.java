package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.internal.SafeText;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Client-side checks of STS request parameters, with the constraints of the STS service model, so
 * that a bad setting fails at {@code build()} with a message naming the property instead of at STS.
 *
 * <p>Stateless and thread-safe.
 */
final class StsValidation {
    /** {@code RoleSessionName} and {@code SourceIdentity}: {@code [\w+=,.@-]}. */
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern SERIAL_NUMBER = Pattern.compile("[\\w+=/:,.@-]{9,256}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");

    /** The smallest session STS grants. */
    static final Duration MIN_DURATION = Duration.ofSeconds(900);
    /** The longest session STS grants (a role's {@code MaxSessionDuration} may be lower). */
    static final Duration MAX_DURATION = Duration.ofHours(12);
    /** The cap AWS puts on sessions of roles assumed by role chaining. */
    static final Duration CHAINING_CAP = Duration.ofHours(1);
    /** Inline session policies: at most this many characters. */
    static final int MAX_POLICY_LENGTH = 2048;
    static final int MAX_POLICY_ARNS = 10;
    static final int MAX_TAGS = 50;

    private StsValidation() {
    }

    static String sessionName(String property, String value) {
        if (value == null || !SESSION_NAME.matcher(value).matches()) {
            throw CredentialsConfigurationException.of(property + " must be 2 to 64 characters of "
                    + "letters, digits and +=,.@_- (as STS requires), was " + SafeText.quote(value));
        }
        return value;
    }

    static String sourceIdentity(String value) {
        sessionName("sourceIdentity", value);
        if (value.startsWith("aws:")) {
            throw CredentialsConfigurationException.of("sourceIdentity must not start with 'aws:', was "
                    + SafeText.quote(value));
        }
        return value;
    }

    static String externalId(String value) {
        if (value == null || !EXTERNAL_ID.matcher(value).matches()) {
            // The external id is not a secret (AWS says so), but it is still not echoed: it may be
            // pasted from a partner's onboarding page and is better kept out of logs.
            throw CredentialsConfigurationException.of("externalId must be 2 to 1224 characters of "
                    + "letters, digits and +=,.@:/_- (as STS requires)");
        }
        return value;
    }

    static String serialNumber(String value) {
        if (value == null || !SERIAL_NUMBER.matcher(value).matches()) {
            throw CredentialsConfigurationException.of("mfaSerial must be an MFA device ARN or serial "
                    + "number of 9 to 256 characters of letters, digits and +=/:,.@_-, was " + SafeText.quote(value));
        }
        return value;
    }

    static boolean isTokenCode(String code) {
        return code != null && TOKEN_CODE.matcher(code).matches();
    }

    static Duration duration(Duration value) {
        if (value == null || value.compareTo(MIN_DURATION) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw CredentialsConfigurationException.of("duration must be between PT15M and PT12H "
                    + "(STS DurationSeconds 900 to 43200), was " + value);
        }
        if (value.getNano() != 0) {
            throw CredentialsConfigurationException.of("duration must be whole seconds, was " + value);
        }
        return value;
    }

    static String policy(String value) {
        if (value == null || value.isBlank() || value.length() > MAX_POLICY_LENGTH) {
            throw CredentialsConfigurationException.of("policy must be a JSON session policy of 1 to "
                    + MAX_POLICY_LENGTH + " characters, was " + (value == null ? "null" : value.length()
                    + " characters"));
        }
        return value;
    }

    /**
     * Checks the session options {@code AssumeRole} and {@code AssumeRoleWithWebIdentity} share, each
     * when set: the duration, the inline policy and the number of managed policy ARNs.
     *
     * @throws CredentialsConfigurationException naming the first property that breaks an STS constraint
     */
    static void sessionOptions(Duration duration, String policy, List<String> policyArns) {
        if (duration != null) {
            duration(duration);
        }
        if (policy != null) {
            policy(policy);
        }
        if (policyArns.size() > MAX_POLICY_ARNS) {
            throw CredentialsConfigurationException.of("policyArns holds " + policyArns.size()
                    + " ARNs; STS accepts at most " + MAX_POLICY_ARNS);
        }
    }

    static String tagKey(String key) {
        if (key == null || !TAG_KEY.matcher(key).matches()) {
            throw CredentialsConfigurationException.of("session tag key must be 1 to 128 characters of "
                    + "letters, digits, spaces and _.:/=+-@, was " + SafeText.quote(key));
        }
        return key;
    }

    static String tagValue(String key, String value) {
        if (value == null || value.length() > 256) {
            throw CredentialsConfigurationException.of("session tag " + SafeText.quote(key)
                    + " must have a value of 0 to 256 characters");
        }
        return value;
    }

    static String roleArn(String value) {
        SafeText.requireNoControlCharacter("roleArn", value);
        if (value == null || value.length() < 20 || value.length() > 2048 || !value.startsWith("arn:")) {
            throw CredentialsConfigurationException.of("roleArn must be a role ARN such as "
                    + "arn:aws:iam::123456789012:role/name (20 to 2048 characters), was " + SafeText.quote(value));
        }
        return value;
    }
}
