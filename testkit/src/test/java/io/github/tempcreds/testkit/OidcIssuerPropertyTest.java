package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class OidcIssuerPropertyTest {
    private static final OidcIssuer ISSUER = OidcIssuer.create("https://oidc.property.test");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Property(tries = 200)
    void mint_anyTextClaims_roundTripThroughVerify(@ForAll @StringLength(min = 1, max = 64) String subject,
                                                    @ForAll @StringLength(max = 64) String audience,
                                                    @ForAll String claim) {
        String jwt = ISSUER.mint(subject, audience, T0, Duration.ofMinutes(5), Map.of("x", claim));

        OidcIssuer.VerifiedToken token = ISSUER.verify(jwt, T0).orElseThrow();

        assertThat(token.subject()).isEqualTo(subject);
        assertThat(token.audience()).isEqualTo(audience);
        assertThat(token.claim("x")).contains(claim);
    }

    @Property(tries = 200)
    void verify_anyChangedCharacter_isRejected(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                               @ForAll @IntRange(min = 1, max = 63) int shift) {
        String jwt = ISSUER.mint("subject", "audience", T0, Duration.ofMinutes(5), Map.of());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int at = position % jwt.length();
        char c = jwt.charAt(at);
        char replacement = c == '.' ? 'A' : alphabet.charAt((alphabet.indexOf(c) + shift) % 64);
        String changed = jwt.substring(0, at) + replacement + jwt.substring(at + 1);

        assertThat(ISSUER.verify(changed, T0)).isEmpty();
    }

    private static final OidcIssuer FROM_JWKS = OidcIssuer.fromJwks(ISSUER.issuer(), ISSUER.jwksJson());

    @Property(tries = 200)
    void fromJwks_tokenWithAnyOtherAlgorithm_isRefusedWhateverItsSignature(
            @ForAll @StringLength(max = 12) String alg, @ForAll boolean withKid,
            @ForAll @StringLength(max = 64) String signature) {
        net.jqwik.api.Assume.that(!alg.equals("RS256"));
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String valid = ISSUER.mint("subject", "audience", T0, Duration.ofMinutes(5), Map.of());
        String[] parts = valid.split("\\.");
        String header = "{\"alg\":" + jsonString(alg) + (withKid ? ",\"kid\":\"" + ISSUER.keyId() + "\"" : "") + "}";
        String sig = b64.encodeToString(signature.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String forged = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[1];

        assertThat(FROM_JWKS.verify(forged + "." + sig, T0)).isEmpty();
        assertThat(FROM_JWKS.verify(forged + "." + parts[2], T0)).as("the real RS256 signature").isEmpty();
        assertThat(FROM_JWKS.verify(valid, T0)).isPresent();
    }

    private static String jsonString(String s) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
