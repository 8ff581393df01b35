package io.github.tempcreds.testkit.internal.sts;

import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies and authenticates the caller of a signed STS request: SigV4 in the {@code Authorization}
 * header or in a presigned query, against the keys of a {@link CredentialRegistry}, at the fake's clock.
 * Internal: no compatibility promise.
 *
 * <p>Checks, in this order: the signature can be parsed and its scope is well formed
 * ({@code IncompleteSignature}, {@code SignatureDoesNotMatch}); the access key is known
 * ({@code InvalidClientTokenId}); the session token matches ({@code InvalidClientTokenId}); the session has
 * not expired ({@code ExpiredToken}); {@code X-Amz-Date} is within 15 minutes of the clock, or a presigned
 * request has not expired ({@code SignatureDoesNotMatch} "Signature expired…"); the signature matches
 * ({@code SignatureDoesNotMatch}), where a signed {@code x-amz-content-sha256} must be the body's hash. The expiry check comes before the clock-skew check so that a client whose
 * clock was not moved with the fake's still sees {@code ExpiredToken}.
 *
 * <p>Stateless apart from the registry; thread-safe.
 */
public final class StsAuthenticator {
    /** The largest accepted difference between {@code X-Amz-Date} and the clock. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The largest {@code X-Amz-Expires} of a presigned request (7 days). */
    public static final long MAX_PRESIGN_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String SERVICE = "sts";
    private static final Pattern CHARSET = Pattern.compile("(?i)(charset=)([\\w-]+)");

    private final CredentialRegistry registry;
    private final Clock clock;
    private final String service;

    /**
     * Creates an authenticator.
     *
     * @param registry the keys it accepts
     * @param clock the fake's clock
     */
    public StsAuthenticator(CredentialRegistry registry, Clock clock) {
        this(registry, clock, SERVICE);
    }

    /**
     * Creates an authenticator for another awsQuery service signed the same way (e.g. {@code iam}).
     *
     * @param registry the keys it accepts
     * @param clock the fake's clock
     * @param service the SigV4 service name the credential scope must name
     */
    public StsAuthenticator(CredentialRegistry registry, Clock clock, String service) {
        this.registry = registry;
        this.clock = clock;
        this.service = service;
    }

    /**
     * Verifies the request's signature and returns its caller.
     *
     * @throws StsError with the code STS would answer
     */
    public StsCaller authenticate(RecordedRequest request) {
        Signed signed = parse(request).orElseThrow(() ->
                new StsError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"));
        if (!service.equals(signed.service)) {
            throw StsError.signature("Credential should be scoped to correct service: '" + service + "'. ");
        }
        IssuedCredentials credentials = registry.find(signed.accessKeyId).orElseThrow(StsError::invalidToken);
        String expectedToken = credentials.sessionToken().orElse(null);
        if (expectedToken == null ? signed.sessionToken != null
                : signed.sessionToken == null || !SigV4.sameSignature(expectedToken, signed.sessionToken)) {
            throw StsError.invalidToken();
        }
        Instant now = clock.instant();
        if (credentials.expiredAt(now)) {
            throw StsError.expiredToken();
        }
        checkTime(signed, now);
        String bodyHash = SigV4.sha256Hex(request.body());
        String payloadHash = request.header("x-amz-content-sha256").orElse(bodyHash);
        if (!payloadHash.equals(bodyHash) && !payloadHash.equals("UNSIGNED-PAYLOAD")) {
            throw StsError.signature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        byte[] key = SigV4.signingKey(credentials.secretAccessKey(), signed.date, signed.region, signed.service);
        boolean matched = false;
        for (Map<String, List<String>> headers : headerVariants(request.headers(), signed.signedHeaders)) {
            String canonical = SigV4.canonicalRequest(request.method(), request.path(), request.rawQuery(),
                    signed.presigned ? "X-Amz-Signature" : null, headers, signed.signedHeaders, payloadHash);
            String expected = SigV4.signature(key, SigV4.stringToSign(signed.amzDate, signed.scope(), canonical));
            matched |= SigV4.sameSignature(expected, signed.signature);
        }
        if (!matched) {
            throw StsError.signature(StsError.SIGNATURE_MESSAGE);
        }
        if (credentials.kind() == IssuedCredentials.Kind.USER) {
            registry.recordUse(credentials.accessKeyId(), now, signed.service, signed.region);
        }
        return StsCaller.of(credentials, signed.region);
    }

    /**
     * Identifies the caller without verifying anything (for a fake with signature verification off): the
     * credentials of the access key in the signature when the registry knows it, else the account root.
     */
    public StsCaller identify(RecordedRequest request) {
        Optional<Signed> signed;
        try {
            signed = parse(request);
        } catch (StsError e) {
            signed = Optional.empty();
        }
        String region = signed.map(s -> s.region).orElse("");
        return signed.flatMap(s -> registry.find(s.accessKeyId)).map(c -> StsCaller.of(c, region))
                .orElseGet(() -> StsCaller.root(registry.accountId(), region));
    }

    /**
     * The headers as received, plus, when {@code content-type} is signed and has a {@code charset}, the same
     * with the charset in lower and in upper case. The HTTP server (Jetty, under WireMock) replaces common
     * {@code Content-Type} values by cached ones without regard to case, so {@code charset=utf-8} as signed by
     * the Java SDK arrives as {@code charset=UTF-8}; the raw bytes are not available.
     */
    static List<Map<String, List<String>>> headerVariants(Map<String, List<String>> headers, List<String> signed) {
        List<Map<String, List<String>>> variants = new ArrayList<>();
        variants.add(headers);
        Optional<String> contentType = headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("content-type") && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst();
        if (!signed.contains("content-type") || contentType.isEmpty()) {
            return variants;
        }
        Matcher m = CHARSET.matcher(contentType.get());
        if (!m.find()) {
            return variants;
        }
        for (String charset : List.of(m.group(2).toLowerCase(Locale.ROOT), m.group(2).toUpperCase(Locale.ROOT))) {
            String value = contentType.get().substring(0, m.start(2)) + charset + contentType.get().substring(m.end(2));
            if (!value.equals(contentType.get())) {
                Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                copy.putAll(headers);
                copy.put("content-type", List.of(value));
                variants.add(copy);
            }
        }
        return variants;
    }

    private void checkTime(Signed signed, Instant now) {
        Instant date = signed.instant;
        if (signed.presigned) {
            Instant end = date.plusSeconds(signed.expiresSeconds);
            if (now.isAfter(end)) {
                throw StsError.signature("Signature expired: " + signed.amzDate + " is now earlier than "
                        + AMZ_DATE.format(now.minusSeconds(signed.expiresSeconds)) + " (" + AMZ_DATE.format(now)
                        + " - " + signed.expiresSeconds + " sec.)");
            }
        }
        if (date.isBefore(now.minus(MAX_SKEW)) && !signed.presigned) {
            throw StsError.signature("Signature expired: " + signed.amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (date.isAfter(now.plus(MAX_SKEW))) {
            throw StsError.signature("Signature not yet current: " + signed.amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private Optional<Signed> parse(RecordedRequest request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            return Optional.of(parseHeader(request, authorization.get()));
        }
        if (request.queryParam("X-Amz-Algorithm").isPresent() || request.queryParam("X-Amz-Signature").isPresent()) {
            return Optional.of(parsePresigned(request));
        }
        return Optional.empty();
    }

    private static Signed parseHeader(RecordedRequest request, String header) {
        String value = header.trim();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            throw StsError.incompleteSignature("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.substring(space + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (!parts.containsKey(required)) {
                throw StsError.incompleteSignature("Authorization header requires '" + required + "' parameter. "
                        + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
            }
        }
        String amzDate = request.header("X-Amz-Date").orElseThrow(() -> StsError.incompleteSignature(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."));
        return new Signed(parts.get("Credential"), amzDate, parts.get("SignedHeaders"), parts.get("Signature"),
                request.header("X-Amz-Security-Token").orElse(null), false, 0);
    }

    private static Signed parsePresigned(RecordedRequest request) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
                "X-Amz-Signature", "X-Amz-Expires")) {
            if (request.queryParam(name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw StsError.incompleteSignature("AWS query-string parameters missing: " + String.join(", ", missing));
        }
        String algorithm = request.queryParam("X-Amz-Algorithm").orElseThrow();
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            throw StsError.incompleteSignature("Unsupported AWS 'algorithm': '" + algorithm + "'");
        }
        long expires;
        try {
            expires = Long.parseLong(request.queryParam("X-Amz-Expires").orElseThrow());
        } catch (NumberFormatException e) {
            throw StsError.incompleteSignature("X-Amz-Expires must be a number of seconds");
        }
        if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
            throw StsError.incompleteSignature("X-Amz-Expires must be between 1 and " + MAX_PRESIGN_SECONDS);
        }
        return new Signed(request.queryParam("X-Amz-Credential").orElseThrow(),
                request.queryParam("X-Amz-Date").orElseThrow(), request.queryParam("X-Amz-SignedHeaders").orElseThrow(),
                request.queryParam("X-Amz-Signature").orElseThrow(),
                request.queryParam("X-Amz-Security-Token").orElse(null), true, expires);
    }

    /** A parsed signature. Holds the signature and session token: never printed. */
    private static final class Signed {
        final String accessKeyId;
        final String date;
        final String region;
        final String service;
        final String amzDate;
        final Instant instant;
        final List<String> signedHeaders;
        final String signature;
        final String sessionToken;
        final boolean presigned;
        final long expiresSeconds;

        Signed(String credential, String amzDate, String signedHeaders, String signature, String sessionToken,
               boolean presigned, long expiresSeconds) {
            String[] scope = credential.split("/", -1);
            if (scope.length != 5 || scope[0].isEmpty()) {
                throw StsError.incompleteSignature("Credential must have exactly 5 slash-delimited elements, "
                        + "e.g. keyid/date/region/service/term, got '" + redact(credential) + "'");
            }
            this.accessKeyId = scope[0];
            this.date = scope[1];
            this.region = scope[2];
            this.service = scope[3];
            this.amzDate = amzDate;
            try {
                this.instant = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw StsError.incompleteSignature("Invalid X-Amz-Date '" + amzDate + "': must be yyyyMMdd'T'HHmmss'Z'");
            }
            if (!amzDate.startsWith(date)) {
                throw StsError.signature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                        + "date from HTTP: '" + date + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length()))
                        + "', from '" + amzDate + "'.");
            }
            if (!"aws4_request".equals(scope[4])) {
                throw StsError.signature("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                        + scope[4] + "'.");
            }
            if (region.isEmpty()) {
                throw StsError.signature("Credential should be scoped to a valid region. ");
            }
            this.signedHeaders = Arrays.asList(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
            if (!this.signedHeaders.contains("host")) {
                throw StsError.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS "
                        + "Authorization.");
            }
            this.signature = signature;
            this.sessionToken = sessionToken;
            this.presigned = presigned;
            this.expiresSeconds = expiresSeconds;
        }

        String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }

        private static String redact(String credential) {
            int slash = credential.indexOf('/');
            return slash < 0 ? "…" : credential.substring(slash);
        }

        @Override
        public String toString() {
            return "Signed(" + accessKeyId + ", " + scope() + ")";
        }
    }
}
