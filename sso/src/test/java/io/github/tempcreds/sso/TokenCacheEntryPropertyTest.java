package io.github.tempcreds.sso;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.sso.internal.TokenCacheEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Invariants of the token cache round trip: what we write, we (and the CLI's rules) read back unchanged. */
class TokenCacheEntryPropertyTest {

    @Provide
    Arbitrary<String> texts() {
        // Any text without lone surrogates (not encodable in UTF-8): quotes, backslashes, control
        // characters, non-ASCII.
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\ufffd')
                .ofMinLength(1).ofMaxLength(60);
    }

    @Property(tries = 300)
    void writeThenParse_returnsTheSameEntry(@ForAll("texts") String token, @ForAll("texts") String secret,
                                            @ForAll("texts") String refresh, @ForAll("texts") String extraValue,
                                            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long expiresAt,
                                            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long registration) {
        TokenCacheEntry e = TokenCacheEntry.of("https://x.awsapps.com/start", "us-east-1", token,
                Instant.ofEpochSecond(expiresAt), "cid", secret, Instant.ofEpochSecond(registration), refresh);
        String withExtra = new String(e.toJson(), StandardCharsets.UTF_8).replaceFirst("}$",
                Matcher.quoteReplacement(",\"extra\":" + quote(extraValue) + "}"));
        TokenCacheEntry back = TokenCacheEntry.parse(withExtra.getBytes(StandardCharsets.UTF_8));
        assertThat(back.accessToken()).isEqualTo(token);
        assertThat(back.clientSecret()).isEqualTo(secret);
        assertThat(back.refreshToken()).isEqualTo(refresh);
        assertThat(back.expiresAt()).isEqualTo(Instant.ofEpochSecond(expiresAt));
        assertThat(back.registrationExpiresAt()).isEqualTo(Instant.ofEpochSecond(registration));
        // A second round trip is byte-identical: rewriting never degrades the file.
        byte[] once = back.toJson();
        assertThat(TokenCacheEntry.parse(once).toJson()).isEqualTo(once);
        assertThat(TokenCacheEntry.parse(once).otherFields().get("extra").asString()).isEqualTo(extraValue);
        assertThat(back.toString()).doesNotContain("aoaSECRET" + token); // a token-shaped secret never shows
        assertThat(TokenCacheEntry.of("u", "r", "aoaSECRET" + token, Instant.EPOCH, null, null, null, null)
                .toString()).doesNotContain("aoaSECRET");
    }

    @Property(tries = 200)
    void parse_anyGarbage_failsWithMalformedOnly(@ForAll("texts") String garbage) {
        try {
            TokenCacheEntry.parse(garbage.getBytes(StandardCharsets.UTF_8));
        } catch (TokenCacheEntry.MalformedException expected) {
            assertThat(expected.getMessage()).doesNotContain(garbage.length() > 8 ? garbage : "\u0000never");
        }
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
