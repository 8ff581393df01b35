package io.github.tempcreds.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** Whatever a command line holds, a usage error stays one bounded line that names the option as typed. */
class ArgsPropertyTest {
    private static final Set<String> CHECKED = Set.of("role-arn", "role-session-name", "external-id",
            "duration-seconds", "cache-min-validity-seconds", "imds-timeout-millis", "region", "sts-endpoint",
            "imds-endpoint", "endpoint-url", "profile", "source-profile", "config-file", "credentials-file",
            "cache-file", "properties", "max-key-age-days", "unused-key-days", "fail-on");

    @Provide
    Arbitrary<String> options() {
        return Arbitraries.of(CHECKED);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300),
                Arbitraries.strings().withChars("\r\n\u001b\u2028\\'\"arn:/.-_0123456789").ofMinLength(1).ofMaxLength(80),
                Arbitraries.strings().alpha().numeric().withChars(":/-.").ofMinLength(1).ofMaxLength(3000));
    }

    @Property(tries = 300)
    void quote_anyValue_oneLineWithoutControlCharactersAndBounded(@ForAll @From("values") String value) {
        String q = Args.quote(value);

        assertThat(q).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u001b").startsWith("'");
        assertThat(q.chars().noneMatch(c -> Character.isISOControl(c))).isTrue();
        assertThat(q.length()).isLessThanOrEqualTo(Args.QUOTE_LIMIT + 2 + " … (2147483647 characters)".length());
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < q.length() && Character.isLowSurrogate(q.charAt(i + 1))).as("paired").isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate").isFalse();
            }
        }
    }

    @Property(tries = 500)
    void all_anyValueOfACheckedOption_acceptedOrOneLineNamingTheOption(@ForAll @From("options") String option,
                                                                      @ForAll @From("values") String value) {
        String typed = value.isBlank() || value.startsWith("--") ? "x" + value : value;
        Args args = Args.parse(List.of("--" + option, typed), CHECKED, Set.of());

        UsageException e = catchThrowableOfType(UsageException.class, () -> args.all(option));

        if (e != null) {
            assertThat(e.getMessage()).startsWith("--" + option + " ").doesNotContain("\n", "\r")
                    .hasSizeLessThan(400);
            if (option.equals("external-id")) {
                assertThat(e.getMessage()).as("the external id is never echoed").isEqualTo("--external-id must be"
                        + " 2 to 1224 characters of letters, digits and +=,.@:/_- (as STS requires)");
            }
        }
    }
}
