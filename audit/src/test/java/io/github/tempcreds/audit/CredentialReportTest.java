package io.github.tempcreds.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.audit.internal.CredentialReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Parsing IAM's credential report CSV by column names. */
class CredentialReportTest {
    @Test
    void parse_columnsInAnotherOrderAndQuotedFields_readByName() {
        String csv = "mfa_active,access_key_2_last_rotated,user,password_enabled,arn,access_key_1_active,"
                + "access_key_2_active,access_key_1_last_rotated,password_last_used,extra_future_column\r\n"
                + "false,N/A,\"a,b\",true,arn:aws:iam::1:user/a,false,false,2026-01-02T03:04:05+00:00,"
                + "no_information,\"x \"\"y\"\"\"\r\n";

        CredentialReport.Row row = CredentialReport.parse(csv).row("a,b").orElseThrow();

        assertThat(row.passwordEnabled()).isTrue();
        assertThat(row.mfaActive()).isFalse();
        assertThat(row.hasAccessKey()).isTrue();
        assertThat(row.time("access_key_1_last_rotated")).contains(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(row.value("password_last_used")).isEmpty();
        assertThat(row.value("extra_future_column")).contains("x \"y\"");
    }

    @Test
    void parse_missingRequiredColumn_namesIt() {
        assertThatThrownBy(() -> CredentialReport.parse("user,arn\nx,y\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password_enabled");
    }

    @Test
    void parse_rowWithWrongFieldCount_isSkippedAndCounted() {
        String header = String.join(",", CredentialReport.REQUIRED_COLUMNS);
        CredentialReport r = CredentialReport.parse(header + "\nu,arn,false,false,false,N/A,false,N/A\nbad,row\n");
        assertThat(r.rows()).hasSize(1);
        assertThat(r.malformedRows()).isEqualTo(1);
    }

    @Test
    void severity_parseAndOrder() {
        assertThat(Severity.parse(" High ")).isEqualTo(Severity.HIGH);
        assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
        assertThat(Severity.LOW.atLeast(Severity.MEDIUM)).isFalse();
        assertThat(AccessKeyInfo.mask("AKIAABCDEFGHWXYZ")).isEqualTo("AKIA...WXYZ");
    }
}
