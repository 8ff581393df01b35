package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class StsValidationPropertyTest {

    @Property
    void sessionName_allowedCharsOfValidLength_accepted(
            @ForAll @AlphaChars @NumericChars @Chars({'+', '=', ',', '.', '@', '-', '_'})
            @StringLength(min = 2, max = 64) String name) {
        assertThat(StsValidation.sessionName("roleSessionName", name)).isEqualTo(name);
    }

    @Property
    void sessionName_withForbiddenChar_refused(
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String prefix,
            @ForAll("forbidden") char bad) {
        assertThatThrownBy(() -> StsValidation.sessionName("roleSessionName", prefix + bad))
                .hasMessageContaining("roleSessionName");
    }

    @Provide
    Arbitrary<Character> forbidden() {
        return Arbitraries.of(':', '/', ' ', '*', '#', '!', '\u00e9');
    }

    @Property
    void redact_neverKeepsEchoedValue(@ForAll @AlphaChars @StringLength(min = 8, max = 40) String secret) {
        String sts = "1 validation error detected: Value '" + secret + "' at 'webIdentityToken' failed to satisfy"
                + " constraint: Member must have length less than or equal to 20000";
        assertThat(StsErrors.redact(sts)).doesNotContain(secret).contains("at 'webIdentityToken'");
    }
}
