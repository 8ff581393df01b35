package io.github.tempcreds.imds.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsRetrievalException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class ImdsCredentialsDocumentPropertyTest {
    private static final String[] FIELDS = {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"};

    private static String doc(String secret, String token, int omit, String code) {
        StringBuilder sb = new StringBuilder("{\n  \"Code\" : \"").append(code).append("\",\n");
        String[] values = {"ASIATESTKEY", secret, token, "2030-01-01T00:00:00Z"};
        for (int i = 0; i < FIELDS.length; i++) {
            if (i != omit) {
                sb.append("  \"").append(FIELDS[i]).append("\" : \"").append(values[i]).append("\",\n");
            }
        }
        return sb.append("  \"Type\" : \"AWS-HMAC\"\n}").toString();
    }

    @Property(tries = 200)
    void parse_completeDocument_roundTrips(@ForAll @AlphaChars @StringLength(min = 8, max = 60) String secret,
                                           @ForAll @AlphaChars @StringLength(min = 8, max = 200) String token) {
        AwsSessionCredentials c = ImdsCredentialsDocument.parse(doc(secret, token, -1, "Success"), "GET x");
        assertThat(c.secretAccessKey()).isEqualTo(secret);
        assertThat(c.sessionToken()).isEqualTo(token);
        assertThat(c.expirationTime()).contains(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Property(tries = 200)
    void parse_anyBrokenDocument_retrievalErrorThatNeverQuotesASecret(
            @ForAll @AlphaChars @StringLength(min = 8, max = 60) String secret,
            @ForAll @AlphaChars @StringLength(min = 8, max = 200) String token,
            @ForAll("breakage") int breakage) {
        String body = breakage < 4 ? doc("S3cr" + secret, "T0k" + token, breakage, "Success")
                : doc("S3cr" + secret, "T0k" + token, -1, "Success").substring(0, 20 + breakage);
        try {
            ImdsCredentialsDocument.parse(body, "GET x");
            throw new AssertionError("parsed a broken document");
        } catch (CredentialsRetrievalException e) {
            assertThat(e.getMessage()).doesNotContain("S3cr" + secret).doesNotContain("T0k" + token);
            assertThat(e.getCause()).isNull();
        }
    }

    @Provide
    Arbitrary<Integer> breakage() {
        return Arbitraries.integers().between(0, 60);
    }

    @Property(tries = 200)
    void parse_codeOtherThanSuccess_quotesTheCode(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String code) {
        org.junit.jupiter.api.Assumptions.assumeFalse(code.equals("Success"));
        try {
            ImdsCredentialsDocument.parse(doc("secretvalue", "tokenvalue", -1, code), "GET x");
            throw new AssertionError("accepted Code " + code);
        } catch (CredentialsRetrievalException e) {
            assertThat(e.getMessage()).contains("Code '" + code + "'").doesNotContain("secretvalue", "tokenvalue");
        }
    }

    @Example
    void parse_expirationForms_acceptedAsClientsDo() {
        assertThat(ImdsCredentialsDocument.parseInstant("2030-01-01T00:00:00Z")).isPresent();
        assertThat(ImdsCredentialsDocument.parseInstant("2030-01-01T00:00:00.000Z")).isPresent();
        assertThat(ImdsCredentialsDocument.parseInstant("2030-01-01T00:00:00+00:00"))
                .contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(ImdsCredentialsDocument.parseInstant("tomorrow")).isEmpty();
    }

    @Example
    void classify_ioFailures_byWhatHappened() {
        assertThat(ImdsCallException.classify(new ConnectException("Connection refused")))
                .isEqualTo(ImdsCallException.Kind.UNREACHABLE);
        assertThat(ImdsCallException.classify(new NoRouteToHostException("No route")))
                .isEqualTo(ImdsCallException.Kind.UNREACHABLE);
        assertThat(ImdsCallException.classify(new SocketTimeoutException("Connect timed out")))
                .isEqualTo(ImdsCallException.Kind.CONNECT_TIMEOUT);
        assertThat(ImdsCallException.classify(new SocketTimeoutException("Read timed out")))
                .isEqualTo(ImdsCallException.Kind.NO_ANSWER);
        assertThat(ImdsCallException.classify(new IOException("wrapped", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(ImdsCallException.Kind.NO_ANSWER);
        assertThat(ImdsCallException.classify(new IOException("Connection reset")))
                .isEqualTo(ImdsCallException.Kind.BROKEN);
    }
}
