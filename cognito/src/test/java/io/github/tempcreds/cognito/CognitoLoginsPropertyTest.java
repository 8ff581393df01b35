package io.github.tempcreds.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.StringLength;

class CognitoLoginsPropertyTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String jwt(String sub, String signature) {
        String payload = "{\"sub\":\"" + sub + "\",\"secret_claim\":\"" + signature + "\"}";
        return B64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    @Property(tries = 300)
    void userKey_jwt_dependsOnProviderAndSubOnly_neverOnSecretParts(
            @ForAll @AlphaChars @StringLength(min = 1, max = 30) String sub,
            @ForAll @AlphaChars @StringLength(min = 40, max = 80) String signature1,
            @ForAll @AlphaChars @StringLength(min = 40, max = 80) String signature2) {
        String k1 = CognitoLogins.of("p.example", jwt(sub, signature1)).userKey();
        String k2 = CognitoLogins.of("p.example", jwt(sub, signature2)).userKey();
        assertThat(k1).isEqualTo(k2).isEqualTo("p.example#sub:" + sub).doesNotContain(signature1);
    }

    @Property(tries = 300)
    void userKey_opaqueToken_neverContainsIt_andDiffersPerToken(
            @ForAll @NotBlank @StringLength(min = 12, max = 200) String token1,
            @ForAll @NotBlank @StringLength(min = 12, max = 200) String token2) {
        String k1 = CognitoLogins.of("graph.example", token1).userKey();
        assertThat(k1).doesNotContain(token1);
        if (!token1.equals(token2)) {
            assertThat(CognitoLogins.of("graph.example", token2).userKey()).isNotEqualTo(k1);
        }
        assertThat(CognitoLogins.of("graph.example", token1).toString()).doesNotContain(token1);
    }
}
