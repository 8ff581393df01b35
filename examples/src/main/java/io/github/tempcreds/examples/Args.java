package io.github.tempcreds.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small command-line parser: {@code --name value}, {@code --name=value}, repeatable options and
 * boolean flags. Anything it does not know is a {@link UsageException} (exit code 2).
 *
 * <p>Values of the options the commands share are checked when a command reads them ({@link #value},
 * {@link #all}), by {@link OptionChecks}, so every bad value is a usage error that names the option as
 * typed ({@code --role-arn}, never {@code roleArn}), whichever command reads it. A value quoted in a
 * message is escaped and bounded ({@link #quote}): command lines can be hostile too.
 *
 * <p>Hand-rolled on purpose: four subcommands with a dozen options do not justify a dependency.
 */
final class Args {
    /** The most escaped characters of a value a message quotes. */
    static final int QUOTE_LIMIT = 64;

    private final Map<String, List<String>> values;
    private final Set<String> flags;

    private Args(Map<String, List<String>> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * Parses {@code args}.
     *
     * @param args the arguments after the subcommand
     * @param valueOptions options that take a value (without {@code --})
     * @param flagOptions options that take none
     * @throws UsageException on an unknown option, a missing value or a positional argument
     */
    static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new java.util.LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument " + quote(arg));
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagOptions.contains(name)) {
                if (inline != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (value.isBlank()) {
                    throw new UsageException("option --" + name + " needs a non-empty value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option --" + escape(name));
            }
        }
        return new Args(values, flags);
    }

    /** Whether a flag was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /**
     * The single value of an option.
     *
     * @throws UsageException when it was given more than once
     */
    Optional<String> value(String name) {
        List<String> v = all(name);
        if (v.size() > 1) {
            throw new UsageException("option --" + name + " may be given only once");
        }
        return v.stream().findFirst();
    }

    /**
     * Every value of a repeatable option, in order.
     *
     * @throws UsageException naming the option when a value breaks its {@link OptionChecks} rule
     */
    List<String> all(String name) {
        List<String> v = values.getOrDefault(name, List.of());
        for (String value : v) {
            OptionChecks.check(name, value);
        }
        return Collections.unmodifiableList(v);
    }

    /** {@code value} for a message: {@link #escape} in single quotes, the length note after them. */
    static String quote(String value) {
        String all = escapeAll(value);
        return all.length() <= QUOTE_LIMIT ? "'" + all + "'"
                : "'" + cut(all) + "'… (" + value.length() + " characters)";
    }

    /**
     * {@code value} for a message, without quotes: control characters, U+2028/U+2029, lone surrogates and
     * backslashes escaped ({@code \n}, {@code \u001b}, {@code \\}), at most {@link #QUOTE_LIMIT}
     * characters of escaped text, then {@code … (N characters)} when longer.
     */
    static String escape(String value) {
        String all = escapeAll(value);
        return all.length() <= QUOTE_LIMIT ? all : cut(all) + "… (" + value.length() + " characters)";
    }

    /** The first {@link #QUOTE_LIMIT} characters, never ending in half a surrogate pair. */
    private static String cut(String escaped) {
        int end = Character.isHighSurrogate(escaped.charAt(QUOTE_LIMIT - 1)) ? QUOTE_LIMIT - 1 : QUOTE_LIMIT;
        return escaped.substring(0, end);
    }

    private static String escapeAll(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                sb.append(c).append(value.charAt(++i));
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether an option was given at all. */
    boolean has(String name) {
        return values.containsKey(name) || flags.contains(name);
    }
}
