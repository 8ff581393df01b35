package io.github.tempcreds.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class TemporaryCredentialsGuardTest {
    private static final AwsBasicCredentials USER_KEY = AwsBasicCredentials.create("AKIATESTLONGTERM0001", TestCredentials.SECRET);
    private static final AwsBasicCredentials NO_TOKEN = AwsBasicCredentials.create("ASIATESTNOTOKEN00001", TestCredentials.SECRET);
    private static final AwsSessionCredentials AKIA_WITH_TOKEN =
            AwsSessionCredentials.create("AKIATESTWITHTOKEN001", TestCredentials.SECRET, TestCredentials.TOKEN);
    private static final AwsSessionCredentials TEMPORARY =
            TestCredentials.expiringAt("ASIATESTTEMPORARY001", Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void resolveCredentials_akiaKey_refusedWithExplanation() {
        TemporaryCredentialsGuard guard = TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(USER_KEY));
        assertThatThrownBy(guard::resolveCredentials)
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("SEC02-BP02")
                .hasMessageContaining("AKIA…0001")
                .hasMessageContaining("never expire")
                .hasMessageNotContaining(TestCredentials.SECRET)
                .hasMessageNotContaining(USER_KEY.accessKeyId());
    }

    @Test
    void resolveCredentials_noSessionTokenOrAkiaWithToken_refused() {
        assertThatThrownBy(TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(NO_TOKEN))::resolveCredentials)
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("no session token");
        assertThatThrownBy(TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(AKIA_WITH_TOKEN))::resolveCredentials)
                .isInstanceOf(CredentialsConfigurationException.class).hasMessageContaining("long-term IAM user key");
    }

    @Test
    void resolveCredentials_temporary_passesThrough() {
        TemporaryCredentialsGuard guard = TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(TEMPORARY));
        assertThat(guard.resolveCredentials().accessKeyId()).isEqualTo(TEMPORARY.accessKeyId());
        assertThat(TemporaryCredentialsGuard.isLongTerm(TEMPORARY)).isFalse();
        assertThat(TemporaryCredentialsGuard.isLongTerm(USER_KEY)).isTrue();
    }

    @Test
    void resolveCredentials_logOnceMode_returnsLongTermCredentials() {
        TemporaryCredentialsGuard guard = TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(USER_KEY),
                TemporaryCredentialsGuard.Mode.LOG_ONCE);
        AwsCredentials c = guard.resolveCredentials();
        assertThat(c.accessKeyId()).isEqualTo(USER_KEY.accessKeyId());
        assertThat(guard.resolveCredentials().accessKeyId()).isEqualTo(USER_KEY.accessKeyId());
    }

    @Test
    void resolveIdentity_akiaKey_futureFailsWithConfigurationError() {
        TemporaryCredentialsGuard guard = TemporaryCredentialsGuard.create(StaticCredentialsProvider.create(USER_KEY));
        assertThatThrownBy(() -> guard.resolveIdentity().get())
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CredentialsConfigurationException.class);
    }

    @Test
    void wrapsRefreshingProvider_delegatesInvalidateHealthAndClose() {
        ManualClock clock = ManualClock.start();
        ScriptedLoader loader = new ScriptedLoader(clock);
        RefreshingCredentialsProvider inner = ((RefreshingCredentialsProvider.BuilderImpl) RefreshingCredentialsProvider
                .builder().sourceName("guarded").loader(loader)
                .environment(TempcredsEnvironment.builder().clock(clock).build()))
                .scheduler(ManualScheduler.inline(clock)).build();
        TemporaryCredentialsGuard guard = TemporaryCredentialsGuard.create(inner);
        AwsCredentials c = guard.resolveCredentials();
        guard.invalidate(c.accessKeyId());
        assertThat(guard.health().state()).isEqualTo(CredentialsHealth.State.MANDATORY);
        guard.close();
        assertThat(inner.health().state()).isEqualTo(CredentialsHealth.State.CLOSED);
        assertThat(guard.toString()).contains("REFUSE", "RefreshingCredentialsProvider").doesNotContain(TestCredentials.SECRET);
    }
}
