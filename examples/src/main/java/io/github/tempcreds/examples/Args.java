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
 * <p>Hand-rolled on purpose: four subcommands with a dozen options do not justify a dependency.
 */
final class Args {
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
                throw new UsageException("unexpected argument '" + arg + "'");
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
                throw new UsageException("unknown option --" + name);
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
        List<String> v = values.getOrDefault(name, List.of());
        if (v.size() > 1) {
            throw new UsageException("option --" + name + " may be given only once");
        }
        return v.stream().findFirst();
    }

    /** Every value of a repeatable option, in order. */
    List<String> all(String name) {
        return Collections.unmodifiableList(values.getOrDefault(name, List.of()));
    }

    /** Whether an option was given at all. */
    boolean has(String name) {
        return values.containsKey(name) || flags.contains(name);
    }
}
