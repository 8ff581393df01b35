package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebIdentityLoaderTest {
    @Test
    void displayPath_ordinaryPath_isShownAsItIs() {
        String path = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token";
        assertThat(WebIdentityLoader.displayPath(path)).isEqualTo(path);
    }

    @Test
    void displayPath_controlCharacters_areEscapedNotEchoed() {
        String shown = WebIdentityLoader.displayPath("/tmp/token\r\nINFO forged log line");
        assertThat(shown).doesNotContain("\r").doesNotContain("\n").contains("\\r\\n");
    }

    @Test
    void displayPath_absurdLength_isCutWithItsLengthNoted() {
        String shown = WebIdentityLoader.displayPath("/" + "a".repeat(100_000));
        assertThat(shown.length()).isLessThan(200);
        assertThat(shown).contains("100001");
    }
}
