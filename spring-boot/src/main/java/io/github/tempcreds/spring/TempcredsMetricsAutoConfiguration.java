package io.github.tempcreds.spring;

import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.micrometer.TempcredsMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The Micrometer meters when Micrometer and tempcreds-micrometer are present: a {@link TempcredsMetrics}
 * bean, which is both the listener the auto-configured provider is built with and the {@code MeterBinder}
 * Spring Boot binds to its registry. Runs before {@link TempcredsAutoConfiguration} so the provider gets it.
 */
@AutoConfiguration(before = TempcredsAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder",
        "io.github.tempcreds.micrometer.TempcredsMetrics"})
public class TempcredsMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    TempcredsMetrics tempcredsMetrics(ObjectProvider<TempcredsEnvironment> environment) {
        return TempcredsMetrics.create(environment.getIfAvailable(TempcredsEnvironment::system).clock());
    }

    @Bean
    SmartInitializingSingleton tempcredsMetricsMonitor(TempcredsMetrics metrics,
                                                       ObjectProvider<AwsCredentialsProvider> provider) {
        return () -> provider.ifAvailable(p -> {
            if (p instanceof RefreshableCredentialsProvider r) {
                metrics.monitor(r);
            }
        });
    }
}
