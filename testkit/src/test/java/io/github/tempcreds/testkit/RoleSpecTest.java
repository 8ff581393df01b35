package io.github.tempcreds.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleSpecTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/path/app";

    @Test
    void of_noTrustConfigured_trustsItsOwnAccountOnly() {
        RoleSpec role = RoleSpec.of(ROLE);

        assertThat(role.roleName()).isEqualTo("app");
        assertThat(role.accountId()).isEqualTo("123456789012");
        assertThat(role.maxSessionDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(role.trusts("arn:aws:iam::123456789012:user/alice", "123456789012")).isTrue();
        assertThat(role.trusts("arn:aws:iam::210987654321:user/mallory", "210987654321")).isFalse();
        assertThat(role.webIdentityTrust()).isEmpty();
    }

    @Test
    void trustPrincipal_roleArn_trustsItsSessionsOnly() {
        RoleSpec role = RoleSpec.builder(ROLE).trustPrincipal("arn:aws:iam::210987654321:role/ci").build();

        assertThat(role.trusts("arn:aws:sts::210987654321:assumed-role/ci/run-1", "210987654321")).isTrue();
        assertThat(role.trusts("arn:aws:sts::210987654321:assumed-role/cd/run-1", "210987654321")).isFalse();
        assertThat(role.trusts("arn:aws:sts::111111111111:assumed-role/ci/run-1", "111111111111")).isFalse();
        assertThat(role.trusts("arn:aws:iam::123456789012:user/alice", "123456789012"))
                .as("an explicit principal replaces the own-account default").isFalse();
    }

    @Test
    void trustPrincipal_accountRoot_andTrustAccount_trustEveryPrincipalOfTheAccount() {
        RoleSpec root = RoleSpec.builder(ROLE).trustPrincipal("arn:aws:iam::210987654321:root").build();
        RoleSpec account = RoleSpec.builder(ROLE).trustAccount("210987654321").build();

        for (RoleSpec role : List.of(root, account)) {
            assertThat(role.trusts("arn:aws:iam::210987654321:user/bob", "210987654321")).isTrue();
            assertThat(role.trusts("arn:aws:iam::123456789012:user/alice", "123456789012")).isFalse();
        }
    }

    @Test
    void trustWebIdentity_matchesIssuerAndOneAudience_andDisablesAccountDefault() {
        RoleSpec role = RoleSpec.builder(ROLE).trustWebIdentity("https://oidc.test", "sts.amazonaws.com").build();

        assertThat(role.trustsWebIdentity("https://oidc.test", List.of("x", "sts.amazonaws.com"))).isTrue();
        assertThat(role.trustsWebIdentity("https://oidc.test", List.of("x"))).isFalse();
        assertThat(role.trustsWebIdentity("https://other.test", List.of("sts.amazonaws.com"))).isFalse();
        assertThat(role.trusts("arn:aws:iam::123456789012:user/alice", "123456789012")).isFalse();
    }

    @Test
    void mfa_codeSet_validatesCodes() {
        RoleSpec role = RoleSpec.builder(ROLE).mfa("arn:aws:iam::123456789012:mfa/alice", Set.of("123456")).build();

        assertThat(role.mfaSerialNumber()).contains("arn:aws:iam::123456789012:mfa/alice");
        assertThat(role.mfaCodeValid("123456")).isTrue();
        assertThat(role.mfaCodeValid("654321")).isFalse();
        assertThat(RoleSpec.of(ROLE).mfaCodeValid("123456")).isFalse();
    }

    @Test
    void builder_invalidSettings_throwNamingTheSetting() {
        assertThatThrownBy(() -> RoleSpec.builder("arn:aws:iam::123:role/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roleArn");
        assertThatThrownBy(() -> RoleSpec.builder(ROLE).maxSessionDuration(Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessionDuration");
        assertThatThrownBy(() -> RoleSpec.builder(ROLE).maxSessionDuration(Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSessionDuration");
        assertThatThrownBy(() -> RoleSpec.builder(ROLE).externalId("x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("externalId");
        assertThatThrownBy(() -> RoleSpec.builder(ROLE).mfa("short", Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("serialNumber");
        assertThatThrownBy(() -> RoleSpec.builder(ROLE).trustAccount("12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
    }

    @Test
    void toString_showsRequirementsButNotTheExternalId() {
        RoleSpec role = RoleSpec.builder(ROLE).externalId("secret-ish-ext").maxSessionDuration(Duration.ofHours(2))
                .sessionTags(false).build();

        assertThat(role.toString()).contains(ROLE, "PT2H", "external id required", "no session tags")
                .doesNotContain("secret-ish-ext");
    }
}
