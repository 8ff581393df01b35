package io.github.tempcreds.testkit.internal.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.OidcIssuer;
import io.github.tempcreds.testkit.RoleSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Deflater;

/**
 * The operations of the fake STS: validation as STS does it, role trust, issuing credentials through the
 * registry, and the XML result of each operation. Internal: no compatibility promise.
 *
 * <p>Concurrency: roles and trusted issuers are concurrent collections that tests may change while
 * requests are served; a request sees each role as it was when looked up. MFA codes are consumed with an
 * atomic set insert, so of two concurrent requests with the same code exactly one succeeds.
 */
public final class StsService {
    /** One hour: the cap for role chaining and the default duration. */
    public static final int ONE_HOUR = 3600;
    /** The size, in deflated bytes, that {@code PackedPolicySize} calls 100 %. */
    public static final int PACKED_LIMIT_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialRegistry registry;
    private final Clock clock;
    private final Map<String, RoleSpec> roles = new ConcurrentHashMap<>();
    private final List<OidcIssuer> issuers = new CopyOnWriteArrayList<>();
    private final Set<String> usedMfaCodes = ConcurrentHashMap.newKeySet();

    /**
     * Creates the service.
     *
     * @param registry where credentials are issued and looked up
     * @param clock the fake's clock
     */
    public StsService(CredentialRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Defines or replaces a role. */
    public void role(RoleSpec role) {
        roles.put(role.roleArn(), role);
    }

    /** Removes a role. */
    public void removeRole(String roleArn) {
        roles.remove(roleArn);
    }

    /** Trusts an issuer's tokens for {@code AssumeRoleWithWebIdentity}. */
    public void trustIssuer(OidcIssuer issuer) {
        issuers.add(issuer);
    }

    /** {@code AssumeRole}. */
    public String assumeRole(StsCaller caller, StsParams p) {
        String roleArn = p.get("RoleArn").orElse(null);
        String sessionName = p.get("RoleSessionName").orElse(null);
        String policy = p.get("Policy").orElse(null);
        List<String> policyArns = policyArns(p);
        List<Map<String, String>> tags = p.structures("Tags");
        List<String> transitive = p.list("TransitiveTagKeys");
        String externalId = p.get("ExternalId").orElse(null);
        String serial = p.get("SerialNumber").orElse(null);
        String tokenCode = p.get("TokenCode").orElse(null);
        String sourceIdentity = p.get("SourceIdentity").orElse(null);

        StsValidator v = new StsValidator();
        Integer duration = commonChecks(v, roleArn, sessionName, policy, policyArns, p.get("DurationSeconds"));
        assumeRoleMembers(v, tags, transitive, externalId, serial, tokenCode, sourceIdentity);
        v.throwIfInvalid();
        checkTags(tags, transitive);
        checkPolicy(policy);

        RoleSpec role = roles.get(roleArn);
        if (role == null || !role.trusts(caller.principalArn(), caller.accountId())) {
            throw StsError.accessDenied(caller.principalArn(), "sts:AssumeRole", roleArn);
        }
        if (role.externalId().isPresent() && !role.externalId().get().equals(externalId)) {
            throw StsError.accessDenied(caller.principalArn(), "sts:AssumeRole", roleArn);
        }
        if (!tags.isEmpty() && !role.sessionTagsAllowed()) {
            throw StsError.accessDenied(caller.principalArn(), "sts:TagSession", roleArn);
        }
        int seconds = duration == null ? ONE_HOUR : duration;
        if (caller.roleSession() && seconds > ONE_HOUR) {
            throw StsError.validation(StsError.CHAINING_MESSAGE);
        }
        if (seconds > role.maxSessionDuration().getSeconds()) {
            throw StsError.validation(StsError.MAX_SESSION_MESSAGE);
        }
        Integer packed = packedPolicySize(policy, policyArns, tags);
        checkMfa(role, caller, serial, tokenCode);

        IssuedCredentials issued = registry.issueRoleSession(roleArn, sessionName,
                clock.instant().plusSeconds(seconds), "sts");
        StsXml xml = new StsXml().credentials(issued);
        assumedRoleUser(xml, issued);
        if (packed != null) {
            xml.element("PackedPolicySize", Integer.toString(packed));
        }
        xml.optional("SourceIdentity", sourceIdentity);
        return xml.body();
    }

    /** {@code AssumeRoleWithWebIdentity} (unsigned). */
    public String assumeRoleWithWebIdentity(StsParams p) {
        String roleArn = p.get("RoleArn").orElse(null);
        String sessionName = p.get("RoleSessionName").orElse(null);
        String token = p.get("WebIdentityToken").orElse(null);
        String providerId = p.get("ProviderId").orElse(null);
        String policy = p.get("Policy").orElse(null);
        List<String> policyArns = policyArns(p);

        StsValidator v = new StsValidator();
        Integer duration = commonChecks(v, roleArn, sessionName, policy, policyArns, p.get("DurationSeconds"));
        if (v.required("webIdentityToken", token)) {
            v.length("webIdentityToken", token, "***", 4, 20000);
        }
        v.length("providerId", providerId, 4, 2048);
        v.throwIfInvalid();
        checkPolicy(policy);

        Instant now = clock.instant();
        OidcIssuer.VerifiedToken verified = verifyWebIdentity(token, now);
        RoleSpec role = roles.get(roleArn);
        if (role == null || !role.trustsWebIdentity(verified.issuer(), verified.audiences())) {
            throw StsError.accessDenied("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        int seconds = duration == null ? ONE_HOUR : duration;
        if (seconds > role.maxSessionDuration().getSeconds()) {
            throw StsError.validation(StsError.MAX_SESSION_MESSAGE);
        }
        Integer packed = packedPolicySize(policy, policyArns, List.of());
        IssuedCredentials issued = registry.issueRoleSession(roleArn, sessionName, now.plusSeconds(seconds), "sts");
        StsXml xml = new StsXml()
                .element("SubjectFromWebIdentityToken", verified.subject())
                .element("Audience", verified.audience());
        assumedRoleUser(xml, issued);
        xml.credentials(issued);
        if (packed != null) {
            xml.element("PackedPolicySize", Integer.toString(packed));
        }
        xml.element("Provider", withoutScheme(verified.issuer()));
        return xml.body();
    }

    /** {@code GetSessionToken}: a session of an IAM user's long-term keys. */
    public String getSessionToken(StsCaller caller, StsParams p) {
        String serial = p.get("SerialNumber").orElse(null);
        String tokenCode = p.get("TokenCode").orElse(null);
        StsValidator v = new StsValidator();
        Integer duration = v.integer("durationSeconds", p.get("DurationSeconds").orElse(null), 900, 129600);
        v.length("serialNumber", serial, 9, 256).pattern("serialNumber", serial, StsValidator.SERIAL_PATTERN);
        v.length("tokenCode", tokenCode, "******", 6, 6).pattern("tokenCode", tokenCode, "******",
                StsValidator.TOKEN_CODE_PATTERN);
        v.throwIfInvalid();
        if (caller.credentials().map(c -> c.kind() != IssuedCredentials.Kind.USER).orElse(false)) {
            throw StsError.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        int seconds = duration == null ? 43200 : duration;
        IssuedCredentials issued = registry.issueSession(IssuedCredentials.Kind.USER_SESSION, caller.principalArn(),
                caller.userId(), clock.instant().plusSeconds(seconds), "sts");
        return new StsXml().credentials(issued).body();
    }

    /** {@code GetCallerIdentity}. */
    public String getCallerIdentity(StsCaller caller) {
        return new StsXml().element("UserId", caller.userId()).element("Account", caller.accountId())
                .element("Arn", caller.principalArn()).body();
    }

    private static void assumeRoleMembers(StsValidator v, List<Map<String, String>> tags, List<String> transitive,
                                          String externalId, String serial, String tokenCode, String sourceIdentity) {
        v.count("tags", tags.size(), 50);
        for (int i = 0; i < tags.size(); i++) {
            String member = "tags." + (i + 1) + ".member.";
            String key = tags.get(i).get("Key");
            String value = tags.get(i).get("Value");
            if (v.required(member + "key", key)) {
                v.length(member + "key", key, 1, 128).pattern(member + "key", key, StsValidator.TAG_KEY_PATTERN);
            }
            if (v.required(member + "value", value)) {
                v.length(member + "value", value, 0, 256).pattern(member + "value", value,
                        StsValidator.TAG_VALUE_PATTERN);
            }
        }
        v.count("transitiveTagKeys", transitive.size(), 50);
        v.length("externalId", externalId, 2, 1224).pattern("externalId", externalId, StsValidator.EXTERNAL_ID_PATTERN);
        v.length("serialNumber", serial, 9, 256).pattern("serialNumber", serial, StsValidator.SERIAL_PATTERN);
        v.length("tokenCode", tokenCode, "******", 6, 6).pattern("tokenCode", tokenCode, "******",
                StsValidator.TOKEN_CODE_PATTERN);
        v.length("sourceIdentity", sourceIdentity, 2, 64).pattern("sourceIdentity", sourceIdentity,
                StsValidator.SESSION_NAME_PATTERN);
        if (sourceIdentity != null && sourceIdentity.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            v.violation("sourceIdentity", sourceIdentity, "Member must not start with 'aws:'");
        }
    }

    private static Integer commonChecks(StsValidator v, String roleArn, String sessionName, String policy,
                                        List<String> policyArns, Optional<String> durationText) {
        if (v.required("roleArn", roleArn)) {
            v.length("roleArn", roleArn, 20, 2048).pattern("roleArn", roleArn, StsValidator.ARN_PATTERN);
        }
        if (v.required("roleSessionName", sessionName)) {
            v.length("roleSessionName", sessionName, 2, 64)
                    .pattern("roleSessionName", sessionName, StsValidator.SESSION_NAME_PATTERN);
        }
        v.count("policyArns", policyArns.size(), 10);
        for (int i = 0; i < policyArns.size(); i++) {
            String member = "policyArns." + (i + 1) + ".member.arn";
            v.length(member, policyArns.get(i), 20, 2048).pattern(member, policyArns.get(i), StsValidator.ARN_PATTERN);
        }
        v.length("policy", policy, 1, 2048).pattern("policy", policy, StsValidator.POLICY_PATTERN);
        return v.integer("durationSeconds", durationText.orElse(null), 900, 43200);
    }

    private static List<String> policyArns(StsParams p) {
        List<String> arns = new ArrayList<>();
        for (Map<String, String> s : p.structures("PolicyArns")) {
            arns.add(s.getOrDefault("arn", ""));
        }
        return arns;
    }

    private static void checkTags(List<Map<String, String>> tags, List<String> transitive) {
        Set<String> keys = new HashSet<>();
        for (Map<String, String> tag : tags) {
            if (!keys.add(tag.get("Key").toLowerCase(Locale.ROOT))) {
                throw StsError.invalidParameter("Duplicate tag keys found. Please note that Tag keys are case "
                        + "insensitive.");
            }
        }
        Set<String> seen = new HashSet<>();
        for (String key : transitive) {
            if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                throw StsError.invalidParameter("Duplicate transitive tag keys found.");
            }
            if (!keys.contains(key.toLowerCase(Locale.ROOT))) {
                throw StsError.invalidParameter("The specified transitive tag key must be included in the requested "
                        + "tags.");
            }
        }
    }

    private static void checkPolicy(String policy) {
        if (policy == null) {
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(policy);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject() || !node.has("Statement")) {
            throw new StsError("MalformedPolicyDocument", 400, "Syntax errors in policy.");
        }
    }

    private void checkMfa(RoleSpec role, StsCaller caller, String serial, String tokenCode) {
        Optional<String> required = role.mfaSerialNumber();
        if (required.isEmpty()) {
            return;
        }
        if (serial == null || tokenCode == null) {
            throw StsError.accessDenied(caller.principalArn(), "sts:AssumeRole", role.roleArn());
        }
        if (!required.get().equals(serial) || !role.mfaCodeValid(tokenCode)
                || !usedMfaCodes.add(serial + "\n" + tokenCode)) {
            throw StsError.accessDenied(StsError.MFA_MESSAGE);
        }
    }

    private OidcIssuer.VerifiedToken verifyWebIdentity(String token, Instant now) {
        String issuerUrl = unverifiedIssuer(token);
        OidcIssuer issuer = null;
        for (OidcIssuer candidate : issuers) {
            if (withoutScheme(candidate.issuer()).equals(withoutScheme(issuerUrl))) {
                issuer = candidate;
                break;
            }
        }
        if (issuer == null) {
            throw new StsError("InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for "
                    + issuerUrl);
        }
        OidcIssuer.VerifiedToken verified = issuer.verify(token, now).orElseThrow(() -> new StsError(
                "InvalidIdentityToken", 400, "Couldn't verify the web identity token's signature with the keys of "
                + issuerUrl));
        if (verified.expired(now)) {
            throw new StsError("ExpiredTokenException", 400, "Token expired: current date/time "
                    + now.getEpochSecond() + " must be before the expiration date/time "
                    + verified.expiresAt().getEpochSecond());
        }
        return verified;
    }

    private static String unverifiedIssuer(String token) {
        String[] parts = token.split("\\.", -1);
        try {
            if (parts.length == 3) {
                JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (claims != null && claims.path("iss").isTextual()) {
                    return claims.get("iss").asText();
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // falls through: not a JWT
        }
        throw new StsError("InvalidIdentityToken", 400,
                "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
    }

    private static String withoutScheme(String url) {
        String s = url.startsWith("https://") ? url.substring(8) : url.startsWith("http://") ? url.substring(7) : url;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void assumedRoleUser(StsXml xml, IssuedCredentials issued) {
        xml.open("AssumedRoleUser").element("Arn", issued.principalArn())
                .element("AssumedRoleId", issued.userId()).close("AssumedRoleUser");
    }

    /**
     * {@code PackedPolicySize}: the deflated size of the minified policy, the policy ARNs and the tags as a
     * percentage of {@link #PACKED_LIMIT_BYTES}, rounded up; {@code null} when none was passed.
     *
     * @throws StsError {@code PackedPolicyTooLarge} above 100 %
     */
    static Integer packedPolicySize(String policy, List<String> policyArns, List<Map<String, String>> tags) {
        if (policy == null && policyArns.isEmpty() && tags.isEmpty()) {
            return null;
        }
        StringBuilder packed = new StringBuilder();
        if (policy != null) {
            try {
                packed.append(JSON.writeValueAsString(JSON.readTree(policy)));
            } catch (IOException e) {
                packed.append(policy);
            }
        }
        policyArns.forEach(a -> packed.append('\n').append(a));
        tags.forEach(t -> packed.append('\n').append(t.get("Key")).append('=').append(t.get("Value")));
        int percent = (int) Math.ceil(deflatedSize(packed.toString()) * 100.0 / PACKED_LIMIT_BYTES);
        if (percent > 100) {
            throw new StsError("PackedPolicyTooLarge", 400, "Packed policy consumes " + percent
                    + "% of allotted space, please use smaller policy.");
        }
        return percent;
    }

    private static int deflatedSize(String text) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.size();
    }

}
