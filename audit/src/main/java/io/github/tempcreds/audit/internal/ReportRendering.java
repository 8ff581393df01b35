package io.github.tempcreds.audit.internal;

import io.github.tempcreds.audit.AccessKeyInfo;
import io.github.tempcreds.audit.AuditReport;
import io.github.tempcreds.audit.AuditSummary;
import io.github.tempcreds.audit.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Renders an {@link AuditReport} as JSON (the SDK's writer) and as a text table. Internal. */
public final class ReportRendering {
    private ReportRendering() {
    }

    /** The JSON object of a report; access key ids in full. */
    public static String json(AuditReport r) {
        JsonWriter w = JsonWriter.create();
        w.writeStartObject();
        field(w, "accountId", r.accountId().orElse(null));
        field(w, "generatedAt", r.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        field(w, "credentialReportTime", r.credentialReportTime().toString());
        w.writeFieldName("maxKeyAgeDays").writeValue(r.maxKeyAge().toDays());
        w.writeFieldName("unusedKeyThresholdDays").writeValue(r.unusedKeyThreshold().toDays());
        AuditSummary s = r.summary();
        w.writeFieldName("summary").writeStartObject();
        w.writeFieldName("users").writeValue(s.users());
        w.writeFieldName("accessKeys").writeValue(s.accessKeys());
        w.writeFieldName("activeAccessKeys").writeValue(s.activeAccessKeys());
        w.writeFieldName("keysOlderThanMaxAge").writeValue(s.keysOlderThanMaxAge());
        w.writeFieldName("usersWithoutAccessKey").writeValue(s.usersWithoutAccessKey());
        w.writeFieldName("consoleUsers").writeValue(s.consoleUsers());
        w.writeFieldName("rootAccessKeysPresent").writeValue(s.rootAccessKeysPresent());
        w.writeFieldName("rootMfaEnabled").writeValue(s.rootMfaEnabled());
        w.writeFieldName("percentWithoutLongTermKey").writeNumber(String.format(Locale.ROOT, "%.1f",
                s.percentWithoutLongTermKey()));
        w.writeEndObject();
        w.writeFieldName("findings").writeStartArray();
        for (Finding f : r.findings()) {
            w.writeStartObject();
            field(w, "severity", f.severity().name());
            field(w, "kind", f.kind().name());
            field(w, "principal", f.principal());
            field(w, "accessKeyId", f.accessKeyId());
            field(w, "evidence", f.evidence());
            field(w, "fix", f.fix());
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeFieldName("accessKeys").writeStartArray();
        for (AccessKeyInfo k : r.accessKeys()) {
            w.writeStartObject();
            field(w, "userName", k.userName());
            field(w, "accessKeyId", k.accessKeyId());
            field(w, "status", k.active() ? "Active" : "Inactive");
            field(w, "created", k.created().toString());
            field(w, "lastUsed", k.lastUse().map(Instant::toString).orElse(null));
            field(w, "lastUsedService", k.lastUsedService());
            field(w, "lastUsedRegion", k.lastUsedRegion());
            w.writeEndObject();
        }
        w.writeEndArray();
        w.writeEndObject();
        return new String(w.getBytes(), StandardCharsets.UTF_8);
    }

    private static void field(JsonWriter w, String name, String value) {
        w.writeFieldName(name);
        if (value == null) {
            w.writeNull();
        } else {
            w.writeValue(value);
        }
    }

    /** The text table of a report; access key ids masked. */
    public static String table(AuditReport r) {
        StringBuilder sb = new StringBuilder();
        AuditSummary s = r.summary();
        sb.append("IAM credentials audit").append(r.accountId().map(a -> " of account " + a).orElse(""))
                .append(" at ").append(r.generatedAt().truncatedTo(ChronoUnit.SECONDS))
                .append(" (credential report of ").append(r.credentialReportTime()).append(")\n");
        sb.append(String.format(Locale.ROOT, "Users: %d, access keys: %d (%d active, %d older than %d days), "
                        + "console users: %d, principals without a long-term key: %.1f%%%n",
                s.users(), s.accessKeys(), s.activeAccessKeys(), s.keysOlderThanMaxAge(), r.maxKeyAge().toDays(),
                s.consoleUsers(), s.percentWithoutLongTermKey()));
        sb.append("Root user: access keys ").append(s.rootAccessKeysPresent() ? "PRESENT" : "none")
                .append(", MFA ").append(s.rootMfaEnabled() ? "enabled" : "NOT ENABLED").append("\n\n");
        if (r.findings().isEmpty()) {
            sb.append("No findings.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SEVERITY", "KIND", "PRINCIPAL", "KEY", "EVIDENCE", "FIX"});
            for (Finding f : r.findings()) {
                rows.add(new String[] {f.severity().name(), f.kind().name(), clean(f.principal()),
                    AccessKeyInfo.mask(f.accessKeyId()), clean(f.evidence()), clean(f.fix())});
            }
            render(sb, rows);
        }
        if (!r.accessKeys().isEmpty()) {
            sb.append('\n');
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"USER", "KEY", "STATUS", "CREATED", "AGE", "LAST USED", "SERVICE", "REGION"});
            for (AccessKeyInfo k : r.accessKeys()) {
                rows.add(new String[] {clean(k.userName()), k.maskedId(), k.active() ? "Active" : "Inactive",
                    day(k.created()), Duration.between(k.created(), r.generatedAt()).toDays() + "d",
                    k.lastUse().map(ReportRendering::day).orElse("never"),
                    k.lastUsedService() == null ? "-" : clean(k.lastUsedService()),
                    k.lastUsedRegion() == null ? "-" : clean(k.lastUsedRegion())});
            }
            render(sb, rows);
        }
        return sb.toString();
    }

    private static String day(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
    }

    /** Control characters (hostile user names, tags) never reach a terminal. */
    private static String clean(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    private static void render(StringBuilder sb, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
