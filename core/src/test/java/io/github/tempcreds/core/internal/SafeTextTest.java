package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void quote_plainValue_quotedUnchanged() {
        assertThat(SafeText.quote("dev-profile")).isEqualTo("'dev-profile'");
    }

    @Test
    void quote_null_theWordNull() {
        assertThat(SafeText.quote(null)).isEqualTo("null");
    }

    @Test
    void quote_controlCharacters_escaped() {
        assertThat(SafeText.quote("a\r\nX-Injected: 1\t\u0000\u001b[31m"))
                .isEqualTo("'a\\r\\nX-Injected: 1\\t\\u0000\\u001b[31m'");
    }

    @Test
    void quote_separatorsAndBidiOverride_escaped() {
        assertThat(SafeText.quote("a\u2028b\u2029c\u202ed\u0085")).isEqualTo("'a\\u2028b\\u2029c\\u202ed\\u0085'");
    }

    @Test
    void quote_quoteAndBackslash_escaped() {
        assertThat(SafeText.quote("it's C:\\x")).isEqualTo("'it\\'s C:\\\\x'");
    }

    @Test
    void quote_longValue_cutTo64WithLength() {
        assertThat(SafeText.quote("a".repeat(100_000)))
                .isEqualTo("'" + "a".repeat(64) + "' \u2026 (100000 characters)");
    }

    @Test
    void quote_exactly64_notCut() {
        assertThat(SafeText.quote("b".repeat(64))).isEqualTo("'" + "b".repeat(64) + "'");
    }

    @Test
    void quote_cutNeverSplitsAnEscape() {
        String q = SafeText.quote("a".repeat(63) + "\n" + "z");
        assertThat(q).isEqualTo("'" + "a".repeat(63) + "' \u2026 (65 characters)");
    }

    @Test
    void quote_surrogatePairKept_loneSurrogateEscaped() {
        assertThat(SafeText.quote("\ud83d\ude00")).isEqualTo("'\ud83d\ude00'");
        assertThat(SafeText.quote("x\ud83dy")).isEqualTo("'x\\ud83dy'");
    }
}
