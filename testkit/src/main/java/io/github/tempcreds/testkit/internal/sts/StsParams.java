package io.github.tempcreds.testkit.internal.sts;

import io.github.tempcreds.testkit.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parameters of an awsQuery request: the query string's, then the form body's (which win), with the
 * {@code Name.member.N} list encoding decoded. Internal: no compatibility promise. Immutable.
 */
public final class StsParams {
    private final Map<String, String> values;

    private StsParams(Map<String, String> values) {
        this.values = values;
    }

    /** The parameters of a request. */
    public static StsParams of(RecordedRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        request.query().forEach((k, v) -> values.put(k, v.get(0)));
        String contentType = request.header("Content-Type").orElse("");
        if (request.method().equals("POST") && (contentType.isEmpty()
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            request.form().forEach((k, v) -> values.put(k, v.get(0)));
        }
        return new StsParams(values);
    }

    /** Parameters from a map, for tests. */
    public static StsParams of(Map<String, String> values) {
        return new StsParams(new LinkedHashMap<>(values));
    }

    /** A parameter's value; present (possibly empty) when sent. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /**
     * A list of strings, {@code Name.member.1 … Name.member.N} in index order. {@code Name=} with an empty
     * value (botocore's empty list) is an empty list.
     */
    public List<String> list(String name) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        String prefix = name + ".member.";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                Integer index = index(e.getKey().substring(prefix.length()));
                if (index != null) {
                    byIndex.put(index, e.getValue());
                }
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /**
     * A list of structures, {@code Name.member.N.Field}, each as a map from field to value, in index order.
     */
    public List<Map<String, String>> structures(String name) {
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String prefix = name + ".member.";
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String rest = e.getKey().substring(prefix.length());
            int dot = rest.indexOf('.');
            Integer index = dot < 0 ? null : index(rest.substring(0, dot));
            if (index != null) {
                byIndex.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), e.getValue());
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    private static Integer index(String text) {
        try {
            int i = Integer.parseInt(text);
            return i >= 1 ? i : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "StsParams(" + values.keySet() + ")";
    }
}
