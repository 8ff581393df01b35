package io.github.tempcreds.testkit.internal.cognito;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.RecordedRequest;
import io.github.tempcreds.testkit.internal.sts.SigV4;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies the SigV4 signature of a signed Cognito Identity call (service {@code cognito-identity})
 * against the registry's keys, with the error codes of an awsJson service. Internal: no compatibility
 * promise. Stateless and thread-safe; never puts a signature or token in a message.
 */
final class CognitoAuth {
    static final String SERVICE = "cognito-identity";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private CognitoAuth() {
    }

    /**
     * Checks the request's signature.
     *
     * @throws CognitoError {@code MissingAuthenticationTokenException}, {@code IncompleteSignatureException},
     *     {@code UnrecognizedClientException}, {@code ExpiredTokenException} or {@code InvalidSignatureException}
     */
    static IssuedCredentials verify(RecordedRequest request, CredentialRegistry registry, Instant now) {
        String header = request.header("Authorization").orElseThrow(() ->
                CognitoError.of("MissingAuthenticationTokenException", "Missing Authentication Token"));
        if (!header.startsWith(SigV4.ALGORITHM + " ")) {
            throw CognitoError.of("IncompleteSignatureException", "Unsupported AWS 'algorithm'");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : header.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String amzDate = request.header("X-Amz-Date").orElse(null);
        String[] scope = parts.getOrDefault("Credential", "").split("/");
        if (amzDate == null || scope.length != 5 || !parts.containsKey("SignedHeaders")
                || !parts.containsKey("Signature")) {
            throw CognitoError.of("IncompleteSignatureException", "Authorization header requires 'Credential', "
                    + "'SignedHeaders' and 'Signature' parameters and an 'X-Amz-Date' header.");
        }
        if (!scope[3].equals(SERVICE) || !scope[4].equals("aws4_request") || !amzDate.startsWith(scope[1])) {
            throw CognitoError.of("InvalidSignatureException", "Credential should be scoped to correct service: '"
                    + SERVICE + "'.");
        }
        IssuedCredentials c = registry.find(scope[0]).orElseThrow(() -> CognitoError.of(
                "UnrecognizedClientException", "The security token included in the request is invalid."));
        String token = request.header("X-Amz-Security-Token").orElse(null);
        if (c.sessionToken().isPresent() ? !c.sessionToken().get().equals(token) : token != null) {
            throw CognitoError.of("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (c.expiredAt(now)) {
            throw CognitoError.of("ExpiredTokenException", "The security token included in the request is expired");
        }
        checkTime(amzDate, now);
        List<String> signed = Arrays.asList(parts.get("SignedHeaders").split(";"));
        String canonical = SigV4.canonicalRequest(request.method(), request.path(), request.rawQuery(), null,
                request.headers(), signed, SigV4.sha256Hex(request.body()));
        String scopeText = String.join("/", Arrays.copyOfRange(scope, 1, 5));
        byte[] key = SigV4.signingKey(c.secretAccessKey(), scope[1], scope[2], SERVICE);
        String expected = SigV4.signature(key, SigV4.stringToSign(amzDate, scopeText, canonical));
        if (!SigV4.sameSignature(expected, parts.get("Signature"))) {
            throw CognitoError.of("InvalidSignatureException", "The request signature we calculated does not match "
                    + "the signature you provided. Check your AWS Secret Access Key and signing method. Consult the "
                    + "service documentation for details.");
        }
        return c;
    }

    private static void checkTime(String amzDate, Instant now) {
        Instant date;
        try {
            date = AMZ_DATE.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw CognitoError.of("IncompleteSignatureException", "X-Amz-Date must be yyyyMMdd'T'HHmmss'Z'");
        }
        if (date.isBefore(now.minus(MAX_SKEW)) || date.isAfter(now.plus(MAX_SKEW))) {
            throw CognitoError.of("InvalidSignatureException", "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
    }
}
