package io.github.tempcreds.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * IAM's credential report, parsed from its CSV by IAM's column names (so a column IAM adds later does not
 * shift the others). Values {@code N/A}, {@code no_information} and {@code not_supported} read as absent.
 * Internal.
 */
public final class CredentialReport {
    /** The columns the audit reads; a report without one of them is rejected. */
    public static final List<String> REQUIRED_COLUMNS = List.of("user", "arn", "password_enabled", "mfa_active",
            "access_key_1_active", "access_key_1_last_rotated", "access_key_2_active", "access_key_2_last_rotated");

    private final Map<String, Row> rows;
    private final int malformedRows;

    private CredentialReport(Map<String, Row> rows, int malformedRows) {
        this.rows = rows;
        this.malformedRows = malformedRows;
    }

    /**
     * Parses the CSV.
     *
     * @throws IllegalArgumentException when the header lacks a required column
     */
    public static CredentialReport parse(String csv) {
        List<List<String>> lines = csvLines(csv);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the credential report is empty");
        }
        List<String> header = lines.get(0);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i).trim(), i);
        }
        for (String c : REQUIRED_COLUMNS) {
            if (!index.containsKey(c)) {
                throw new IllegalArgumentException("the credential report has no column '" + c + "'");
            }
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        int malformed = 0;
        for (List<String> line : lines.subList(1, lines.size())) {
            if (line.size() != header.size()) {
                malformed++;
                continue;
            }
            Map<String, String> values = new HashMap<>();
            index.forEach((name, i) -> values.put(name, line.get(i)));
            Row row = new Row(values);
            rows.put(row.user(), row);
        }
        return new CredentialReport(rows, malformed);
    }

    /** The row of a user, or of {@code <root_account>}. */
    public Optional<Row> row(String user) {
        return Optional.ofNullable(rows.get(user));
    }

    /** The rows, in report order. */
    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /** Rows skipped because their number of fields did not match the header. */
    public int malformedRows() {
        return malformedRows;
    }

    /** RFC 4180 CSV: quoted fields may hold commas, quotes ({@code ""}) and line breaks. */
    static List<List<String>> csvLines(String csv) {
        List<List<String>> out = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                line.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                line.add(field.toString());
                field.setLength(0);
                out.add(line);
                line = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (any) {
            line.add(field.toString());
            out.add(line);
        }
        return out;
    }

    /** One row. */
    public static final class Row {
        private final Map<String, String> values;

        Row(Map<String, String> values) {
            this.values = values;
        }

        /** The {@code user} column. */
        public String user() {
            return values.getOrDefault("user", "");
        }

        /** A column's value, absent for {@code N/A}, {@code no_information}, {@code not_supported}. */
        public Optional<String> value(String column) {
            String v = values.get(column);
            if (v == null) {
                return Optional.empty();
            }
            String t = v.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            if (t.isEmpty() || lower.equals("n/a") || lower.equals("no_information")
                    || lower.equals("not_supported")) {
                return Optional.empty();
            }
            return Optional.of(t);
        }

        /** A boolean column ({@code true}/{@code false} in any case). */
        public boolean flag(String column) {
            return value(column).map(v -> v.equalsIgnoreCase("true")).orElse(false);
        }

        /** A timestamp column, ISO 8601 with an offset. */
        public Optional<Instant> time(String column) {
            return value(column).flatMap(v -> {
                try {
                    return Optional.of(OffsetDateTime.parse(v).toInstant());
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            });
        }

        /** Whether the user has a console password. */
        public boolean passwordEnabled() {
            return flag("password_enabled");
        }

        /** Whether the user has an MFA device. */
        public boolean mfaActive() {
            return flag("mfa_active");
        }

        /** Whether the report shows any access key (active, or inactive with a rotation date). */
        public boolean hasAccessKey() {
            return flag("access_key_1_active") || flag("access_key_2_active")
                    || value("access_key_1_last_rotated").isPresent() || value("access_key_2_last_rotated").isPresent();
        }
    }
}
