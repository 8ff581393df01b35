package io.github.tempcreds.spring;

import io.github.tempcreds.core.RefreshableCredentialsProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The health indicator (id {@code tempcreds}) when the actuator's health support and a tempcreds provider are present. */
@AutoConfiguration(after = TempcredsAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(RefreshableCredentialsProvider.class)
public class TempcredsHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "tempcredsHealthIndicator")
    TempcredsHealthIndicator tempcredsHealthIndicator(RefreshableCredentialsProvider provider,
                                                      TempcredsProperties properties) {
        return new TempcredsHealthIndicator(provider, properties.getHealth().getMandatoryWithFailuresStatus());
    }
}
