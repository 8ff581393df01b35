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
}
