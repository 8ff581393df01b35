package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import org.junit.jupiter.api.Test;

/** Builder values with control characters are refused at build(), naming the setting, the value escaped. */
class SsoSettingsTest {

    private static SsoSessionCredentialsProvider.Builder valid() {
        return SsoSessionCredentialsProvider.builder().ssoSession("my-sso")
                .startUrl("https://my-sso-portal.awsapps.com/start").ssoRegion("us-east-1")
                .accountId("111122223333").roleName("ReadOnly");
    }

    @Test
    void build_controlCharacterInAnySetting_isRefusedNamingIt() {
        assertRefused("startUrl", () -> valid().startUrl("https://x.awsapps.com/start\nX: y").build());
        assertRefused("ssoRegion", () -> valid().ssoRegion("us-east-1\u0000").build());
        assertRefused("accountId", () -> valid().accountId("111122223333\u001b").build());
        assertRefused("roleName", () -> valid().roleName("ReadOnly\u202e").build());
        assertRefused("ssoSession", () -> valid().ssoSession("my-sso\r").build());
    }

    private static void assertRefused(String setting, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(setting)
                .hasMessageNotContaining("\n").hasMessageNotContaining("\r").hasMessageNotContaining("\u0000")
                .hasMessageNotContaining("\u001b").hasMessageNotContaining("\u202e");
    }
}
