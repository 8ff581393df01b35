package io.github.tempcreds.testkit.internal.cognito;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON reading and writing for the fake Cognito. Internal: no compatibility promise. */
public final class CognitoJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CognitoJson() {
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Map<String, Object> parse(String text) {
        try {
            Map<String, Object> map = JSON.readValue(text.isBlank() ? "{}" : text,
                    new TypeReference<LinkedHashMap<String, Object>>() { });
            if (map == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return map;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }

    /** Writes a value as JSON text. */
    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
