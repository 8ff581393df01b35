package io.github.tempcreds.testkit.internal.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.MutableClock;
import io.github.tempcreds.testkit.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class StsPropertyTest {
    private static final String SESSION_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+=,.@-";
    private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
    private static final CredentialRegistry REGISTRY = CredentialRegistry.create("123456789012", new Random(1));
    private static final IssuedCredentials SESSION = REGISTRY.issueRoleSession(
            "arn:aws:iam::123456789012:role/prop", "prop", Instant.parse("2026-01-01T01:00:00Z"), "test");

    @Provide
    Arbitrary<String> sessionNames() {
        Arbitrary<Character> allowed = Arbitraries.of(SESSION_CHARS.chars().mapToObj(c -> (char) c).toArray(Character[]::new));
        Arbitrary<Character> other = Arbitraries.of(':', '/', ' ', 'é', '\t', '#', '*', '~', '\u00e4', '!');
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, allowed), net.jqwik.api.Tuple.of(1, other))
                .list().ofMinSize(0).ofMaxSize(70)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }

    @Property(tries = 500)
    void roleSessionName_acceptedExactlyWhenLengthAndCharactersAreValid(@ForAll("sessionNames") String name) {
        boolean expected = name.length() >= 2 && name.length() <= 64
                && name.chars().allMatch(c -> SESSION_CHARS.indexOf(c) >= 0);
        StsValidator v = new StsValidator();
        v.length("roleSessionName", name, 2, 64).pattern("roleSessionName", name, StsValidator.SESSION_NAME_PATTERN);

        if (expected) {
            v.throwIfInvalid();
        } else {
            // STS lists a length and a pattern violation of the same value as two errors.
            assertThatThrownBy(v::throwIfInvalid).isInstanceOf(StsError.class)
                    .hasMessageContaining(" detected: Value '" + name + "' at 'roleSessionName' failed to satisfy")
                    .satisfies(e -> assertThat(e.getMessage()).matches("(?s)[12] validation errors? detected: .*"));
        }
    }

    @Property(tries = 200)
    void formEncoding_anyParameters_roundTripThroughParser(@ForAll @Size(max = 8) Map<@StringLength(max = 40) String, @StringLength(max = 40) String> params) {
        Map<String, String> nonEmptyKeys = new LinkedHashMap<>();
        params.forEach((k, v) -> nonEmptyKeys.put("K" + k, v));
        for (boolean percent20 : new boolean[] {false, true}) {
            StringJoiner form = new StringJoiner("&");
            nonEmptyKeys.forEach((k, v) -> form.add(encode(k, percent20) + "=" + encode(v, percent20)));

            Map<String, List<String>> parsed = RecordedRequest.parseForm(form.toString());

            assertThat(parsed).hasSize(nonEmptyKeys.size());
            nonEmptyKeys.forEach((k, v) -> assertThat(parsed.get(k)).containsExactly(v));
        }
    }

    private static String encode(String s, boolean percent20) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return percent20 ? e.replace("+", "%20") : e;
    }

    @Property(tries = 200)
    void canonicalQuery_independentOfPairOrderAndEscapingStyle(@ForAll @Size(max = 8) Map<@StringLength(max = 40) String, @StringLength(max = 40) String> params, @ForAll long seed) {
        List<String> plain = new ArrayList<>();
        List<String> unusual = new ArrayList<>();
        params.forEach((k, v) -> {
            plain.add(SigV4.uriEncode(k, true) + "=" + SigV4.uriEncode(v, true));
            unusual.add(escapeEverything(k) + "=" + escapeEverything(v));
        });
        Collections.shuffle(unusual, new Random(seed));

        assertThat(SigV4.canonicalQuery(String.join("&", unusual), null))
                .isEqualTo(SigV4.canonicalQuery(String.join("&", plain), null));
    }

    private static String escapeEverything(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            sb.append('%').append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }

    @Property(tries = 100)
    void sdkSignedRequest_verifiesAndAnyBodyChangeIsRejected(@ForAll @Size(max = 8) Map<@StringLength(max = 40) String, @StringLength(max = 40) String> params,
                                                              @ForAll @IntRange(min = 0, max = 10_000) int at) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Action", "GetCallerIdentity");
        all.put("Version", "2011-06-15");
        params.forEach((k, v) -> all.put("P" + k, v));
        StringJoiner form = new StringJoiner("&");
        all.forEach((k, v) -> form.add(encode(k, true) + "=" + encode(v, true)));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = sign(body);
        StsAuthenticator authenticator = new StsAuthenticator(REGISTRY, CLOCK);

        assertThat(authenticator.authenticate(recorded(signed, body)).principalArn()).isEqualTo(SESSION.principalArn());

        byte[] changed = body.clone();
        int i = at % changed.length;
        changed[i] = (byte) (changed[i] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> authenticator.authenticate(recorded(signed, changed)))
                .isInstanceOf(StsError.class).extracting(e -> ((StsError) e).code()).isEqualTo("SignatureDoesNotMatch");
    }

    private static SdkHttpRequest sign(byte[] body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST)
                .uri(java.net.URI.create("http://127.0.0.1:4566/"))
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .contentStreamProvider(() -> new ByteArrayInputStream(body)).build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsSessionCredentialsIdentity.create(SESSION.accessKeyId(), SESSION.secretAccessKey(),
                        SESSION.sessionToken().orElseThrow()))
                .request(request).payload(() -> new ByteArrayInputStream(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK)).request();
    }

    private static RecordedRequest recorded(SdkHttpRequest signed, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        return new RecordedRequest("POST", "/", headers, body, CLOCK.instant());
    }
}
