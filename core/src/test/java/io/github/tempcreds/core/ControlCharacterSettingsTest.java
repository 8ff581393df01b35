package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import java.nio.file.Path;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Settings are values, not text to be printed: a control character (CR, LF, ESC, NUL, C1, a bidirectional
 * override) in any builder value is refused with a configuration error that names the setting and shows
 * the value escaped, so it can neither forge a log line nor split an HTTP header.
 */
class ControlCharacterSettingsTest {
    private static final String ARN = "arn:aws:iam::111122223333:role/app";

    @Property(tries = 60)
    void everySetting_controlCharacter_isRefusedNamingTheSetting(
            @ForAll("controlCharacters") char bad) {
        String v = "us-east-1" + bad + "x";
        String arn = ARN + bad + "INJECTED";
        refused("roleArn", () -> RoleHop.builder().roleArn(arn).build());
        refused("region", () -> RoleHop.builder().roleArn(ARN).region(v));
        refused("region", () -> RoleChainCredentialsProvider.builder().source(AnonymousCredentialsProvider.create())
                .addHop(ARN).region(v));
        refused("roleArn", () -> WebIdentityCredentialsProvider.builder().roleArn(arn)
                .webIdentityTokenFile(Path.of("/tmp/token")).region("us-east-1").build());
        refused("region", () -> ProfileChainCredentialsProvider.builder().profileName("dev").region(v));
        refused("sourceName", () -> RefreshingCredentialsProvider.builder().sourceName("src" + bad));
    }

    @Provide
    Arbitrary<Character> controlCharacters() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.chars().range('\u007f', '\u009f'),
                Arbitraries.of('\u202e', '\u202d', '\u2066', '\u200e', '\u2028', '\u2029'));
    }

    private static void refused(String setting, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(setting)
                .satisfies(noControlCharacterIn());
    }

    private static Consumer<Throwable> noControlCharacterIn() {
        return t -> org.assertj.core.api.Assertions.assertThat(t.getMessage().chars()
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR))
                .as("message without raw control characters: %s", t.getMessage().replaceAll("\\p{Cntrl}", "?"))
                .isTrue();
    }
}
