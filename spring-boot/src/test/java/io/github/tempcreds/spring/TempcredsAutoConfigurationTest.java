package io.github.tempcreds.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.micrometer.TempcredsMetrics;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

class TempcredsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TempcredsMetricsAutoConfiguration.class,
                    TempcredsAutoConfiguration.class, TempcredsHealthAutoConfiguration.class))
            .withBean(TempcredsEnvironment.class, () -> TempcredsEnvironment.builder().build());

    @Test
    void noUserBean_createsTemporaryOnlyChainWithHealthAndMeters() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(AwsCredentialsProvider.class);
            assertThat(ctx.getBean(AwsCredentialsProvider.class)).isInstanceOf(TemporaryCredentialsChain.class);
            assertThat(ctx).hasSingleBean(TempcredsHealthIndicator.class);
            assertThat(ctx).hasSingleBean(TempcredsMetrics.class);
            assertThat(ctx.getBean(TempcredsHealthIndicator.class).health().getStatus()).isEqualTo(Status.UNKNOWN);
        });
    }

    @Test
    void userBean_present_autoConfiguredProviderBacksOff() {
        AwsCredentialsProvider mine = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDUSER", "s"));
        runner.withBean(AwsCredentialsProvider.class, () -> mine).run(ctx -> {
            assertThat(ctx).hasSingleBean(AwsCredentialsProvider.class);
            assertThat(ctx.getBean(AwsCredentialsProvider.class)).isSameAs(mine);
            assertThat(ctx).doesNotHaveBean(TempcredsHealthIndicator.class);
        });
    }

    @Test
    void roleChainProperties_createRoleChainProvider() {
        runner.withPropertyValues("tempcreds.provider=role-chain",
                        "tempcreds.role-chain.hops[0].role-arn=arn:aws:iam::123456789012:role/reader",
                        "tempcreds.role-chain.hops[1].role-arn=arn:aws:iam::123456789012:role/admin",
                        "tempcreds.role-chain.hops[1].session-name=app",
                        "tempcreds.role-chain.sts-endpoint=http://127.0.0.1:1",
                        "tempcreds.refresh.min-validity=10s")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(AwsCredentialsProvider.class)).isInstanceOf(RoleChainCredentialsProvider.class);
                    assertThat(ctx.getBean(RefreshableCredentialsProvider.class).health().source()).contains("2");
                });
    }

    @Test
    void roleChainWithoutHops_failsWithTheMissingProperty() {
        runner.withPropertyValues("tempcreds.provider=role-chain").run(ctx ->
                assertThat(ctx).getFailure().rootCause().hasMessageContaining("tempcreds.role-chain.hops[0].role-arn"));
    }

    @Test
    void ssoSettings_createSsoProvider() {
        runner.withPropertyValues("tempcreds.provider=sso", "tempcreds.sso.session=corp",
                        "tempcreds.sso.start-url=https://example.awsapps.com/start", "tempcreds.sso.region=us-east-1",
                        "tempcreds.sso.account-id=123456789012", "tempcreds.sso.role-name=Reader")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(AwsCredentialsProvider.class)).isInstanceOf(SsoSessionCredentialsProvider.class);
                });
    }

    @Test
    void actuatorAbsent_noHealthIndicator() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(ctx -> {
            assertThat(ctx).hasSingleBean(AwsCredentialsProvider.class);
            assertThat(ctx).doesNotHaveBean(TempcredsHealthIndicator.class);
        });
    }

    @Test
    void micrometerAbsent_noMeters() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run(ctx -> {
            assertThat(ctx).hasSingleBean(AwsCredentialsProvider.class);
            assertThat(ctx).doesNotHaveBean(TempcredsMetrics.class);
        });
    }

    @Test
    void contextClose_clientClosedFirst_providerDestroyedOnceAfter() {
        List<String> destroyed = new ArrayList<>();
        runner.withBean("destroyOrder", DestructionAwareBeanPostProcessor.class, () -> (bean, name) -> destroyed.add(name))
                .withUserConfiguration(Clients.class).run(ctx -> {
                    assertThat(ctx).hasSingleBean(StsClient.class);
                    RefreshableCredentialsProvider p = ctx.getBean(RefreshableCredentialsProvider.class);
                    ctx.close();
                    assertThat(p.health().state().name()).isEqualTo("CLOSED");
                });
        assertThat(destroyed).containsOnlyOnce("awsCredentialsProvider");
        assertThat(destroyed.indexOf("stsClient")).isNotNegative()
                .isLessThan(destroyed.indexOf("awsCredentialsProvider"));
        assertThat(destroyed.indexOf("awsCredentialsProvider")).isLessThan(destroyed.indexOf("tempcredsOwnedResources"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Clients {
        @Bean
        StsClient stsClient(AwsCredentialsProvider provider) {
            return StsClient.builder().region(Region.US_EAST_1).credentialsProvider(provider).build();
        }
    }
}
