package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CognitoLoginsTest {
    private static String jwt(String payloadJson) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + e.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJlc2VjcmV0";
    }

    @Test
    void userKey_jwt_providerAndSubNeverToken() {
        String token = jwt("{\"sub\":\"alice\",\"exp\":1}");
        CognitoLogins l = CognitoLogins.of("accounts.example.test", token);
        assertThat(l.userKey()).isEqualTo("accounts.example.test#sub:alice");
        assertThat(CognitoLogins.of("accounts.example.test", jwt("{\"sub\":\"alice\",\"exp\":2}")).userKey())
                .isEqualTo(l.userKey());
        assertThat(CognitoLogins.of("accounts.example.test", jwt("{\"sub\":\"bob\"}")).userKey())
                .isNotEqualTo(l.userKey());
    }

    @Test
    void userKey_opaqueToken_hashPrefixNotToken() {
        CognitoLogins l = CognitoLogins.of("graph.facebook.com", "opaque-access-token-secret");
        assertThat(l.userKey()).startsWith("graph.facebook.com#sha256:").doesNotContain("opaque-access-token-secret")
                .hasSize("graph.facebook.com#sha256:".length() + 32);
    }

    @Test
    void userKey_severalProviders_orderIndependent_guestForNone() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("b.example", jwt("{\"sub\":\"2\"}"));
        ab.put("a.example", jwt("{\"sub\":\"1\"}"));
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("a.example", ab.get("a.example"));
        ba.put("b.example", ab.get("b.example"));
        assertThat(CognitoLogins.of(ab).userKey()).isEqualTo(CognitoLogins.of(ba).userKey())
                .isEqualTo("a.example#sub:1 b.example#sub:2");
        assertThat(CognitoLogins.guest().userKey()).isEqualTo("guest");
        assertThat(CognitoLogins.of(Map.of()).isGuest()).isTrue();
    }

    @Test
    void toString_providersOnly() {
        String token = jwt("{\"sub\":\"alice\"}");
        assertThat(CognitoLogins.of("accounts.example.test", token).toString())
                .isEqualTo("CognitoLogins([accounts.example.test])").doesNotContain(token);
    }

    @Test
    void of_badInput_clearErrors() {
        assertThatThrownBy(() -> CognitoLogins.of("p", "")).hasMessageContaining("token of login provider p is empty");
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            eleven.put("p" + i, "t");
        }
        assertThatThrownBy(() -> CognitoLogins.of(eleven)).hasMessageContaining("at most 10");
    }
}
