package io.github.tempcreds.testkit.internal.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SigV4 computations against published vectors. The key pair is the documentation example of the AWS
 * General Reference / IAM User Guide ("AKIDEXAMPLE", not a real key); the values are those of the IAM
 * {@code ListUsers} example ("Create a canonical request … signature 5d672d79…", also asserted in
 * smithy-rs {@code aws-sigv4} {@code sign.rs} tests) and of the AWS SigV4 test suite's {@code get-vanilla}
 * case (vendored in botocore {@code tests/unit/auth/aws4_testsuite}).
 */
class SigV4Test {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void canonicalRequest_iamListUsersExample_matchesDocumentedHashAndSignature() {
        String canonical = SigV4.canonicalRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", null,
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                        "Host", List.of("iam.amazonaws.com"),
                        "X-Amz-Date", List.of("20150830T123600Z"),
                        "User-Agent", List.of("not signed")),
                List.of("content-type", "host", "x-amz-date"), SigV4.sha256Hex(new byte[0]));

        assertThat(canonical).isEqualTo("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n" + EMPTY_HASH);
        assertThat(SigV4.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        String stringToSign = SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);
        byte[] key = SigV4.signingKey(SECRET, "20150830", "us-east-1", "iam");

        assertThat(SigV4.signature(key, stringToSign))
                .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void signingKey_documentedExample_matches() {
        assertThat(hex(SigV4.signingKey(SECRET, "20150830", "us-east-1", "iam")))
                .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    }

    @Test
    void signature_testSuiteGetVanilla_matches() {
        String canonical = SigV4.canonicalRequest("GET", "/", "", null,
                Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z")),
                List.of("host", "x-amz-date"), EMPTY_HASH);
        String sts = SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical);

        assertThat(SigV4.signature(SigV4.signingKey(SECRET, "20150830", "us-east-1", "service"), sts))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void canonicalQuery_sortsByNameThenValue_reencodesAndExcludesSignature() {
        assertThat(SigV4.canonicalQuery("b=2&a=z&a=y&c&X-Amz-Signature=abc&d=%7e%20+", "X-Amz-Signature"))
                .isEqualTo("a=y&a=z&b=2&c=&d=~%20%2B");
    }

    @Test
    void canonicalRequest_headerValues_trimmedCollapsedAndJoined() {
        String canonical = SigV4.canonicalRequest("POST", "", "", null,
                Map.of("host", List.of("127.0.0.1:8080"), "x-multi", List.of("  a   b ", "c")),
                List.of("host", "x-multi"), EMPTY_HASH);

        assertThat(canonical).isEqualTo("POST\n/\n\nhost:127.0.0.1:8080\nx-multi:a b,c\n\nhost;x-multi\n" + EMPTY_HASH);
    }

    @Test
    void uriEncode_keepsUnreservedOnly() {
        assertThat(SigV4.uriEncode("a b/c~d*e+é", true)).isEqualTo("a%20b%2Fc~d%2Ae%2B%C3%A9");
        assertThat(SigV4.uriEncode("/a b/", false)).isEqualTo("/a%20b/");
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
