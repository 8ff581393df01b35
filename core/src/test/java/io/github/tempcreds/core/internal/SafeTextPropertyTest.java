package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SafeTextPropertyTest {
    /** Two quotes and " … (N characters)" with N of up to ten digits. */
    static final int OVERHEAD = 30;

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<Character> nasty = Arbitraries.of('\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085',
                '\u2028', '\u2029', '\u202e', '\ufeff', '\ud800', '\udfff', '\\', '\'');
        Arbitrary<Character> any = Arbitraries.chars().all();
        Arbitrary<Character> mixed = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, any), net.jqwik.api.Tuple.of(2, nasty),
                net.jqwik.api.Tuple.of(5, Arbitraries.chars().alpha()));
        return mixed.list().ofMaxSize(300).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        });
    }

    @Property(tries = 1000)
    void quote_anyValue_noControlCharacterAndBounded(@ForAll("hostile") String value) {
        String q = SafeText.quote(value);
        assertThat(q.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'))
                .as("control character in %s", q).isTrue();
        assertThat(q.length()).isLessThanOrEqualTo(SafeText.MAX_CHARS + OVERHEAD);
        assertThat(q).startsWith("'");
    }

    @Property(tries = 300)
    void quote_anyValue_noLoneSurrogate(@ForAll("hostile") String value) {
        String q = SafeText.quote(value);
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < q.length() && Character.isLowSurrogate(q.charAt(i + 1))).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).isFalse();
            }
        }
    }

    @Property(tries = 300)
    void quote_shortPrintableValue_keptWhole(@ForAll("printable") String value) {
        assertThat(SafeText.quote(value)).isEqualTo("'" + value + "'");
    }

    @Provide
    Arbitrary<String> printable() {
        return Arbitraries.strings().withCharRange('0', 'z').excludeChars('\\', '\'').ofMaxLength(SafeText.MAX_CHARS);
    }

    @Property(tries = 300)
    void quote_longValue_namesItsLength(@ForAll("long") String value) {
        assertThat(SafeText.quote(value)).endsWith("(" + value.length() + " characters)");
    }

    @Provide("long")
    Arbitrary<String> longValues() {
        return Arbitraries.strings().alpha().ofMinLength(SafeText.MAX_CHARS + 1).ofMaxLength(5000);
    }
}
