package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcIssuerTest {
    private static final OidcIssuer RS256 = OidcIssuer.create("https://oidc.example.test");
    private static final OidcIssuer RS512 =
            OidcIssuer.create("https://cognito-identity.amazonaws.com", "RS512", "us-east-11");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mint_thenVerify_returnsAllClaims() {
        String jwt = RS256.mint("user-1", "sts.amazonaws.com", T0, Duration.ofMinutes(10),
                Map.of("amr", List.of("authenticated", "pwd"), "admin", true, "level", 3, "email", "a@b.test"));

        OidcIssuer.VerifiedToken token = RS256.verify(jwt, T0.plusSeconds(1)).orElseThrow();

        assertThat(token.issuer()).isEqualTo("https://oidc.example.test");
        assertThat(token.subject()).isEqualTo("user-1");
        assertThat(token.audience()).isEqualTo("sts.amazonaws.com");
        assertThat(token.audiences()).containsExactly("sts.amazonaws.com");
        assertThat(token.issuedAt()).isEqualTo(T0);
        assertThat(token.expiresAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(token.stringListClaim("amr")).containsExactly("authenticated", "pwd");
        assertThat(token.claim("admin")).contains(true);
        assertThat(token.claim("level")).contains(3);
        assertThat(token.claim("email")).contains("a@b.test");
        assertThat(token.stringListClaim("email")).containsExactly("a@b.test");
        assertThat(token.claim("missing")).isEmpty();
        assertThat(token.stringListClaim("level")).isEmpty();
    }

    @Test
    void verify_expiredToken_isReturnedAndReportsExpired() {
        String jwt = RS256.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of());

        OidcIssuer.VerifiedToken token = RS256.verify(jwt, T0.plusSeconds(3600)).orElseThrow();

        assertThat(token.expired(T0.plusSeconds(599))).isFalse();
        assertThat(token.expired(T0.plusSeconds(600))).isTrue();
    }

    @Test
    void verify_tamperedPayload_isEmpty() {
        String jwt = RS256.mint("alice", "aud", T0, Duration.ofMinutes(10), Map.of());
        String[] parts = jwt.split("\\.");
        String forged = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("alice", "mallory");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThat(RS256.verify(tampered, T0)).isEmpty();
    }

    @Test
    void verify_tokenOfAnotherKeyWithSameIssuerUrl_isEmpty() {
        OidcIssuer impostor = OidcIssuer.create("https://oidc.example.test", "RS256", RS256.keyId());
        String jwt = impostor.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of());

        assertThat(RS256.verify(jwt, T0)).isEmpty();
        assertThat(impostor.verify(jwt, T0)).isPresent();
    }

    @Test
    void verify_garbageAndWrongAlgorithm_isEmpty() {
        assertThat(RS256.verify(null, T0)).isEmpty();
        assertThat(RS256.verify("", T0)).isEmpty();
        assertThat(RS256.verify("a.b.c", T0)).isEmpty();
        assertThat(RS256.verify("not a jwt", T0)).isEmpty();
        String rs512 = RS512.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of());
        assertThat(RS256.verify(rs512, T0)).isEmpty();
    }

    @Test
    void verify_notBeforeInTheFuture_isEmpty() {
        String jwt = RS256.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of("nbf", T0.plusSeconds(60).getEpochSecond()));

        assertThat(RS256.verify(jwt, T0)).isEmpty();
        assertThat(RS256.verify(jwt, T0.plusSeconds(60))).isPresent();
    }

    @Test
    void mint_rs512WithKeyId_headerNamesAlgorithmAndKid() throws Exception {
        String jwt = RS512.mint("us-east-1:1234", "us-east-1:pool", T0, Duration.ofMinutes(10), Map.of());
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));

        assertThat(header.get("alg").asText()).isEqualTo("RS512");
        assertThat(header.get("kid").asText()).isEqualTo("us-east-11");
        assertThat(RS512.verify(jwt, T0)).isPresent();
    }

    @Test
    void jwksJson_publicKeyVerifiesMintedSignatureIndependently() throws Exception {
        for (OidcIssuer issuer : List.of(RS256, RS512)) {
            String jwt = issuer.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of());
            JsonNode jwk = JSON.readTree(issuer.jwksJson()).get("keys").get(0);
            assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
            assertThat(jwk.get("kid").asText()).isEqualTo(issuer.keyId());
            assertThat(jwk.get("alg").asText()).isEqualTo(issuer.algorithm());
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText())),
                    new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e").asText()))));
            Signature verifier = Signature.getInstance(issuer.algorithm().equals("RS256") ? "SHA256withRSA"
                    : "SHA512withRSA");
            verifier.initVerify(key);
            int lastDot = jwt.lastIndexOf('.');
            verifier.update(jwt.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));

            assertThat(verifier.verify(Base64.getUrlDecoder().decode(jwt.substring(lastDot + 1)))).isTrue();
        }
    }

    @Test
    void create_defaultKeyId_isStableThumbprintOfKey() {
        assertThat(RS256.keyId()).matches("[A-Za-z0-9_-]{43}");
        assertThat(OidcIssuer.create("https://x.test").keyId()).isNotEqualTo(RS256.keyId());
    }

    @Test
    void create_badArguments_throwWithTheReason() {
        assertThatThrownBy(() -> OidcIssuer.create("https://x.test", "HS256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RS256 or RS512");
        assertThatThrownBy(() -> OidcIssuer.create(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("issuerUrl");
    }

    @Test
    void mint_badExtraClaims_throwNamingTheClaim() {
        assertThatThrownBy(() -> RS256.mint("u", "a", T0, Duration.ofMinutes(1), Map.of("exp", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'exp'");
        assertThatThrownBy(() -> RS256.mint("u", "a", T0, Duration.ofMinutes(1), Map.of("when", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'when'");
        assertThatThrownBy(() -> RS256.mint("u", "a", T0, Duration.ofMinutes(1), Map.of("l", List.of(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'l'");
    }

    @Test
    void toString_neverShowsTokensOrKeys() {
        String jwt = RS256.mint("u", "aud", T0, Duration.ofMinutes(10), Map.of());
        OidcIssuer.VerifiedToken token = RS256.verify(jwt, T0).orElseThrow();

        assertThat(RS256.toString()).contains("https://oidc.example.test").doesNotContain(jwt)
                .doesNotContain(jwt.split("\\.")[2]).hasSizeLessThan(120);
        assertThat(token.toString()).doesNotContain(jwt.split("\\.")[2]).contains("sub u");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromJwks_verifiesTheIssuersTokens_butCannotMint() {
        OidcIssuer trusted = OidcIssuer.fromJwks(RS256.issuer(), RS256.jwksJson());
        String token = RS256.mint("ci", "sts.amazonaws.com", T0, Duration.ofHours(1), Map.of());
        assertThat(trusted.verify(token, T0)).hasValueSatisfying(t -> assertThat(t.subject()).isEqualTo("ci"));
        assertThat(trusted.canMint()).isFalse();
        assertThat(RS256.canMint()).isTrue();
        assertThat(trusted.keyId()).isEqualTo(RS256.keyId());
        assertThat(trusted.jwksJson()).isEqualTo(RS256.jwksJson());
        assertThatThrownBy(() -> trusted.mint("ci", "aud", T0, Duration.ofHours(1), Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot mint");
        OidcIssuer other = OidcIssuer.create(RS256.issuer());
        assertThat(trusted.verify(other.mint("ci", "aud", T0, Duration.ofHours(1), Map.of()), T0))
                .as("same issuer URL, another key").isEmpty();
    }

    @Test
    void fromJwks_algNoneAndHmacWithThePublicKey_areRefused() throws Exception {
        OidcIssuer trusted = OidcIssuer.fromJwks(RS256.issuer(), RS256.jwksJson());
        String claims = b64("{\"iss\":\"" + RS256.issuer() + "\",\"sub\":\"ci\",\"aud\":\"sts.amazonaws.com\","
                + "\"iat\":" + T0.getEpochSecond() + ",\"exp\":" + (T0.getEpochSecond() + 3600) + "}");
        String none = b64("{\"alg\":\"none\",\"kid\":\"" + RS256.keyId() + "\"}") + "." + claims + ".";
        assertThat(trusted.verify(none, T0)).isEmpty();
        assertThat(RS256.verify(none, T0)).isEmpty();
        String noneNoKid = b64("{\"alg\":\"none\"}") + "." + claims + ".";
        assertThat(trusted.verify(noneNoKid, T0)).isEmpty();
        // HS256 keyed with the public key's JWKS text: the classic algorithm-confusion attack
        String header = b64("{\"alg\":\"HS256\",\"kid\":\"" + RS256.keyId() + "\"}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(RS256.jwksJson().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
        assertThat(trusted.verify(header + "." + claims + "." + sig, T0)).isEmpty();
    }

    @Test
    void fromJwks_twoKeys_tokenPicksItsKeyByKid() {
        OidcIssuer a = OidcIssuer.create("https://multi.test", "RS256", "key-a");
        OidcIssuer b = OidcIssuer.create("https://multi.test", "RS512", "key-b");
        String jwks = "{\"keys\":[" + a.jwksJson().replaceAll("^\\{\"keys\":\\[|\\]\\}$", "") + ","
                + b.jwksJson().replaceAll("^\\{\"keys\":\\[|\\]\\}$", "") + "]}";
        OidcIssuer trusted = OidcIssuer.fromJwks("https://multi.test", jwks);
        assertThat(trusted.verify(a.mint("s", "aud", T0, Duration.ofHours(1), Map.of()), T0)).isPresent();
        assertThat(trusted.verify(b.mint("s", "aud", T0, Duration.ofHours(1), Map.of()), T0)).isPresent();
        assertThat(trusted.toString()).contains("2 key(s) from a JWKS");
        assertThatThrownBy(() -> OidcIssuer.fromJwks("https://multi.test", "{\"keys\":[" + a.jwksJson()
                .replaceAll("^\\{\"keys\":\\[|\\]\\}$", "").replace("\"kid\":\"key-a\",", "") + ","
                + b.jwksJson().replaceAll("^\\{\"keys\":\\[|\\]\\}$", "") + "]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kid");
        assertThatThrownBy(() -> OidcIssuer.fromJwks("https://multi.test", "not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid JSON");
    }
}
