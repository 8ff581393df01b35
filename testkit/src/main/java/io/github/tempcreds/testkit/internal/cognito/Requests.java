package io.github.tempcreds.testkit.internal.cognito;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and validates request members with Cognito's validation texts. Internal. */
final class Requests {
    private static final Pattern ID = Pattern.compile("[\\w-]+:[0-9a-f-]+");

    private Requests() {
    }

    static String poolId(Map<String, Object> req) {
        return id(req, "IdentityPoolId", "identityPoolId");
    }

    static String identityId(Map<String, Object> req) {
        return id(req, "IdentityId", "identityId");
    }

    private static String id(Map<String, Object> req, String member, String field) {
        Object v = req.get(member);
        if (!(v instanceof String)) {
            throw validation("Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        String s = (String) v;
        if (s.length() > 55 || !ID.matcher(s).matches()) {
            throw validation("Value '" + s + "' at '" + field + "' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+");
        }
        return s;
    }

    static String optionalString(Map<String, Object> req, String member) {
        Object v = req.get(member);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw CognitoError.of("SerializationException", member + " must be a string");
        }
        return (String) v;
    }

    static long optionalLong(Map<String, Object> req, String member, long dflt) {
        Object v = req.get(member);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number)) {
            throw CognitoError.of("SerializationException", member + " must be a number");
        }
        return ((Number) v).longValue();
    }

    static Map<String, String> logins(Map<String, Object> req) {
        Object v = req.get("Logins");
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map)) {
            throw CognitoError.of("SerializationException", "Logins must be a map");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw CognitoError.of("SerializationException", "Logins values must be strings");
            }
            String key = String.valueOf(e.getKey());
            String value = (String) e.getValue();
            if (key.isEmpty() || key.length() > 128 || value.isEmpty() || value.length() > 50000) {
                throw validation("Value at 'logins' failed to satisfy constraint: Map keys must have length 1 to "
                        + "128 and values 1 to 50000");
            }
            out.put(key, value);
        }
        return out;
    }

    private static CognitoError validation(String detail) {
        return CognitoError.of("ValidationException", "1 validation error detected: " + detail);
    }
}
