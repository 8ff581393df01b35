package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RoleHopTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/app";

    @Test
    void build_allSettings_keepsThemAndHidesSecrets() {
        Supplier<String> codes = () -> "123456";
        RoleHop hop = RoleHop.builder().roleArn(ROLE).roleSessionName("svc@prod.example")
                .externalId("partner-external-42").duration(Duration.ofMinutes(30))
                .policy("{\"Version\":\"2012-10-17\"}").addPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess")
                .addTag("Project", "Pegasus").transitiveTagKeys(Set.of("Project")).sourceIdentity("alice")
                .region("eu-west-1").mfa("arn:aws:iam::123456789012:mfa/alice", codes).build();

        assertThat(hop.roleSessionName()).contains("svc@prod.example");
        assertThat(hop.tags()).containsExactly(Map.entry("Project", "Pegasus"));
        assertThat(hop.tokenCode()).containsSame(codes);
        assertThat(hop.toString()).contains(ROLE, "svc@prod.example", "externalId=set")
                .doesNotContain("partner-external-42", "123456\"");
        assertThat(hop.toBuilder().build()).isEqualTo(hop).hasSameHashCodeAs(hop);
    }

    @Test
    void build_missingRoleArn_namesProperty() {
        assertThatThrownBy(() -> RoleHop.builder().build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("roleArn");
    }

    @Test
    void build_sessionNameWithColon_refusedNamingProperty() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).roleSessionName("a:b").build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("roleSessionName").hasMessageContaining("'a:b'");
    }

    @Test
    void build_sessionNameOf65Chars_refused() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).roleSessionName("x".repeat(65)).build())
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("2 to 64");
    }

    @Test
    void build_durationOutOfRange_refused() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).duration(Duration.ofMinutes(10)).build())
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).duration(Duration.ofHours(13)).build())
                .hasMessageContaining("PT12H");
    }

    @Test
    void build_transitiveKeyNotATag_refused() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).addTag("A", "1")
                .transitiveTagKeys(Set.of("B")).build()).hasMessageContaining("'B'");
    }

    @Test
    void build_mfaSerialWithoutSupplier_refused() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).mfa("arn:aws:iam::123456789012:mfa/a", null)
                .build()).hasMessageContaining("token-code supplier");
    }

    @Test
    void build_sourceIdentityStartingWithAws_refused() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).sourceIdentity("aws:me").build())
                .hasMessageContaining("aws:");
    }

    @Test
    void build_elevenPolicyArns_refused() {
        RoleHop.Builder b = RoleHop.builder().roleArn(ROLE);
        for (int i = 0; i < 11; i++) {
            b.addPolicyArn("arn:aws:iam::123456789012:policy/p" + i);
        }
        assertThatThrownBy(b::build).hasMessageContaining("at most 10");
    }

    @Test
    void build_externalIdWithSpace_refusedWithoutEchoingIt() {
        assertThatThrownBy(() -> RoleHop.builder().roleArn(ROLE).externalId("has space").build())
                .hasMessageContaining("externalId").hasMessageNotContaining("has space");
    }
}
