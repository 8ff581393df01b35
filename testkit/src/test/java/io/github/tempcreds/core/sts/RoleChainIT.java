package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.testkit.RecordedRequest;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class RoleChainIT {
    @TempDir
    Path home;
    StsFixture f;

    @BeforeEach
    void start() {
        f = new StsFixture();
        f.sts.role(RoleSpec.builder(role("First")).trustPrincipal(StsFixture.USER_ARN)
                .maxSessionDuration(Duration.ofHours(12)).build());
        f.sts.role(RoleSpec.builder(role("Second")).trustPrincipal(role("First"))
                .maxSessionDuration(Duration.ofHours(12)).build());
        f.sts.role(RoleSpec.builder(role("Third")).trustPrincipal(role("Second")).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private RoleChainCredentialsProvider threeHops() {
        return f.chain(home).addHop(RoleHop.builder().roleArn(role("First")).roleSessionName("first")
                        .duration(Duration.ofHours(6)).build())
                .addHop(RoleHop.builder().roleArn(role("Second")).roleSessionName("second").build())
                .addHop(RoleHop.builder().roleArn(role("Third")).roleSessionName("third").build())
                .build();
    }

    @Test
    void resolve_threeHops_callerIdentityNamesLastRole() {
        try (RoleChainCredentialsProvider chain = threeHops()) {
            AwsCredentials c = chain.resolveCredentials();

            assertThat(f.callerArn(c)).isEqualTo("arn:aws:sts::123456789012:assumed-role/Third/third");
            assertThat(c).isInstanceOf(AwsSessionCredentials.class);
            assertThat(((AwsSessionCredentials) c).expirationTime()).contains(StsFixture.START.plus(Duration.ofHours(1)));
            assertThat(c.accountId()).contains("123456789012");
            assertThat(f.assumedRoleArns()).containsExactly(role("First"), role("Second"), role("Third"));
        }
    }

    @Test
    void resolve_threeHops_eachHopSignedWithPreviousHopsKey() {
        try (RoleChainCredentialsProvider chain = threeHops()) {
            chain.resolveCredentials();

            List<RecordedRequest> calls = f.assumeRoles();
            assertThat(StsFixture.signingKey(calls.get(0))).isEqualTo(StsFixture.USER_KEY);
            assertThat(f.principalOf(StsFixture.signingKey(calls.get(1))))
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/First/first");
            assertThat(f.principalOf(StsFixture.signingKey(calls.get(2))))
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/Second/second");
            assertThat(calls.get(1).header("X-Amz-Security-Token")).isPresent();
        }
    }

    @Test
    void resolve_afterLastHopsMandatoryWindow_redoesOnlyHopsThatNeedIt() {
        try (RoleChainCredentialsProvider chain = threeHops()) {
            AwsCredentials first = chain.resolveCredentials();
            f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));

            AwsCredentials second = chain.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            // First (6 h) is still fresh: only Second and Third are assumed again.
            assertThat(f.assumedRoleArns()).containsExactly(role("First"), role("Second"), role("Third"),
                    role("Second"), role("Third"));
            assertThat(f.principalOf(StsFixture.signingKey(f.assumeRoles().get(3))))
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/First/first");
            assertThat(chain.hopHealth()).hasSize(3);
        }
    }

    @Test
    void resolve_chainedHopAskingTwoHours_clampedToOneHourWithOneWarn() {
        RoleChainCredentialsProvider chain = f.chain(home).addHop(role("First"))
                .addHop(RoleHop.builder().roleArn(role("Second")).duration(Duration.ofHours(2)).build())
                .build();
        String log = StsFixture.captureStderr(() -> {
            AwsCredentials c = chain.resolveCredentials();
            f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            AwsCredentials again = chain.resolveCredentials();
            assertThat(again.accessKeyId()).isNotEqualTo(c.accessKeyId());
        });
        chain.close();

        List<RecordedRequest> seconds = f.assumeRoles().stream()
                .filter(r -> r.param("RoleArn").orElse("").equals(role("Second"))).toList();
        assertThat(seconds).hasSize(2).allSatisfy(r -> assertThat(r.param("DurationSeconds")).contains("3600"));
        assertThat(log.split("clamped to PT1H", -1)).hasSize(2);
        assertThat(log).contains("WARN").contains(role("Second"));
    }

    @Test
    void build_strictDurationsAndChainedTwoHours_refusedBeforeAnyCall() {
        assertThatThrownBy(() -> f.chain(home).strictDurations(true).addHop(role("First"))
                .addHop(RoleHop.builder().roleArn(role("Second")).duration(Duration.ofHours(2)).build()).build())
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining(role("Second")).hasMessageContaining("one hour");
        assertThat(f.sts.journal()).isEmpty();
    }

    @Test
    void resolve_firstHopFromUserKeysAskingSixHours_notClamped() {
        try (RoleChainCredentialsProvider chain = f.chain(home).addHop(RoleHop.builder().roleArn(role("First"))
                .duration(Duration.ofHours(6)).build()).build()) {
            AwsSessionCredentials c = (AwsSessionCredentials) chain.resolveCredentials();

            assertThat(f.assumeRoles().get(0).param("DurationSeconds")).contains("21600");
            assertThat(c.expirationTime()).contains(StsFixture.START.plus(Duration.ofHours(6)));
        }
    }

    @Test
    void resolve_sessionTagsPolicyAndSourceIdentity_sentAsStsExpects() {
        try (RoleChainCredentialsProvider chain = f.chain(home).addHop(RoleHop.builder().roleArn(role("First"))
                .roleSessionName("tagged").addTag("Project", "Pegasus").addTag("Team", "core")
                .transitiveTagKeys(java.util.Set.of("Project")).sourceIdentity("alice")
                .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                        + "\"Resource\":\"*\"}]}")
                .addPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess").build()).build()) {
            chain.resolveCredentials();

            RecordedRequest r = f.assumeRoles().get(0);
            assertThat(r.param("Tags.member.1.Key")).contains("Project");
            assertThat(r.param("Tags.member.2.Value")).contains("core");
            assertThat(r.param("TransitiveTagKeys.member.1")).contains("Project");
            assertThat(r.param("SourceIdentity")).contains("alice");
            assertThat(r.param("PolicyArns.member.1.arn")).contains("arn:aws:iam::aws:policy/ReadOnlyAccess");
        }
    }

    @Test
    void toString_listsRolesNotSecrets() {
        try (RoleChainCredentialsProvider chain = threeHops()) {
            AwsCredentials c = chain.resolveCredentials();
            assertThat(chain.toString()).contains(role("First"), role("Third"))
                    .doesNotContain(c.secretAccessKey(), StsFixture.USER_SECRET);
        }
    }

    @Test
    void close_thenResolve_everyHopLoadedAgain() {
        try (RoleChainCredentialsProvider chain = threeHops()) {
            AwsCredentials before = chain.resolveCredentials();
            chain.close(); // an SDK client sharing the provider closes it; the others keep using it
            AwsCredentials after = chain.resolveCredentials();

            assertThat(after.accessKeyId()).isNotEqualTo(before.accessKeyId());
            assertThat(f.callerArn(after)).isEqualTo("arn:aws:sts::123456789012:assumed-role/Third/third");
            assertThat(f.assumedRoleArns()).containsExactly(role("First"), role("Second"), role("Third"),
                    role("First"), role("Second"), role("Third"));
        }
    }
}
