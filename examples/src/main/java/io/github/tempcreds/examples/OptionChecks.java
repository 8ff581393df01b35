package io.github.tempcreds.examples;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for the values of options that the commands share, checked by {@link Args} when a command
 * reads a value. A value that breaks its rule is a {@link UsageException} (exit code 2) naming the option
 * as typed, with the rule and the value (escaped and bounded; the external id is never echoed). The
 * rules are those the library applies at {@code build()} (the STS service model's constraints), so a bad
 * value is a usage error here instead of a configuration error from the library (exit code 1) that names
 * a builder property the user never typed.
 *
 * <p>Options not listed take any non-empty value. Stateless and thread-safe.
 */
final class OptionChecks {
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)+");
    private static final Pattern SEVERITY = Pattern.compile("(?i)critical|high|medium|low|info");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    private static final Map<String, BiConsumer<String, String>> RULES = Map.ofEntries(
            Map.entry("role-arn", OptionChecks::roleArn),
            Map.entry("role-session-name", OptionChecks::sessionName),
            Map.entry("external-id", OptionChecks::externalId),
            Map.entry("duration-seconds", (o, v) -> number(o, v, 900, 43_200, "a number of seconds")),
            Map.entry("cache-min-validity-seconds", (o, v) -> number(o, v, 0, 43_200, "a number of seconds")),
            Map.entry("imds-timeout-millis", (o, v) -> number(o, v, 1, 60_000, "a number of milliseconds")),
            Map.entry("max-key-age-days", (o, v) -> number(o, v, 1, 3650, "a number of days")),
            Map.entry("unused-key-days", (o, v) -> number(o, v, 1, 3650, "a number of days")),
            Map.entry("fail-on", OptionChecks::severity),
            Map.entry("region", OptionChecks::region),
            Map.entry("sts-endpoint", OptionChecks::url),
            Map.entry("imds-endpoint", OptionChecks::url),
            Map.entry("endpoint-url", OptionChecks::url),
            Map.entry("profile", OptionChecks::text),
            Map.entry("source-profile", OptionChecks::text),
            Map.entry("config-file", OptionChecks::text),
            Map.entry("credentials-file", OptionChecks::text),
            Map.entry("cache-file", OptionChecks::text),
            Map.entry("properties", OptionChecks::text));

    private OptionChecks() {
    }

    /**
     * Checks one value of option {@code name} (without {@code --}).
     *
     * @throws UsageException naming {@code --name} when the value breaks the option's rule
     */
    static void check(String name, String value) {
        BiConsumer<String, String> rule = RULES.get(name);
        if (rule != null) {
            rule.accept("--" + name, value);
        }
    }

    private static void roleArn(String option, String value) {
        text(option, value);
        if (value.length() < 20 || value.length() > 2048 || !value.startsWith("arn:") || !value.contains(":role/")) {
            throw new UsageException(option + " must be a role ARN such as arn:aws:iam::123456789012:role/name"
                    + " (20 to 2048 characters), was " + Args.quote(value));
        }
    }

    private static void sessionName(String option, String value) {
        if (!SESSION_NAME.matcher(value).matches()) {
            throw new UsageException(option + " must be 2 to 64 characters of letters, digits and +=,.@_-"
                    + " (as STS requires), was " + Args.quote(value));
        }
    }

    private static void externalId(String option, String value) {
        if (!EXTERNAL_ID.matcher(value).matches()) {
            // Not echoed: it may be pasted from a partner's onboarding page and is better kept out of logs.
            throw new UsageException(option + " must be 2 to 1224 characters of letters, digits and +=,.@:/_-"
                    + " (as STS requires)");
        }
    }

    private static void number(String option, String value, long min, long max, String what) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be " + what + ", was " + Args.quote(value));
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", was " + n);
        }
    }

    private static void severity(String option, String value) {
        if (!SEVERITY.matcher(value.strip()).matches()) {
            throw new UsageException(option + " must be one of critical, high, medium, low, info, was "
                    + Args.quote(value));
        }
    }

    private static void region(String option, String value) {
        if (value.length() > 64 || !REGION.matcher(value).matches()) {
            throw new UsageException(option + " must be an AWS region such as us-east-1, was " + Args.quote(value));
        }
    }

    private static void url(String option, String value) {
        text(option, value);
        URI uri;
        try {
            uri = new URI(value); // as the command will parse it: surrounding spaces are not a URL
        } catch (URISyntaxException e) {
            throw new UsageException(option + " must be an http(s) URL such as http://127.0.0.1:8080, was "
                    + Args.quote(value));
        }
        if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new UsageException(option + " must be an http(s) URL such as http://127.0.0.1:8080, was "
                    + Args.quote(value));
        }
    }

    /** Names, paths and URLs: no control characters (a NUL makes a path unusable; CR/LF forge log lines). */
    private static void text(String option, String value) {
        if (CONTROL.matcher(value).find()) {
            throw new UsageException(option + " must not contain control characters, was " + Args.quote(value));
        }
    }
}
