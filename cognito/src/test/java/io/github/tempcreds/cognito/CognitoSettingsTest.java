package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import org.junit.jupiter.api.Test;

/** Builder values with control characters are refused, and a bad pool id is shown escaped. */
class CognitoSettingsTest {
    private static final String POOL = "us-east-1:00000000-0000-0000-0000-000000000000";

    @Test
    void build_customRoleArnWithLineBreak_isRefusedNamingTheSetting() {
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder().identityPoolId(POOL)
                .logins(CognitoLogins.guest())
                .customRoleArn("arn:aws:iam::111122223333:role/Auth\r\nX-Injected: 1").build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("customRoleArn")
                .hasMessageContaining("\\r\\n")
                .hasMessageNotContaining("\n");
    }

    @Test
    void build_poolIdWithEscape_isShownEscaped() {
        assertThatThrownBy(() -> CognitoIdentityCredentialsProvider.builder().identityPoolId("us-east-1:\u001b[31mred")
                .logins(CognitoLogins.guest()).build())
                .hasMessageContaining("identityPoolId")
                .hasMessageContaining("\\u001b")
                .hasMessageNotContaining("\u001b");
    }
}
