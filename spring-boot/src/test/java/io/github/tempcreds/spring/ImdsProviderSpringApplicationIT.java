package io.github.tempcreds.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.micrometer.TempcredsMetrics;
import io.github.tempcreds.testkit.FakeImds;
import io.github.tempcreds.testkit.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A whole Spring Boot application (SpringApplication, auto-configuration from AutoConfiguration.imports)
 * against the fake IMDS. Spring's JUnit extension (spring-test 7) needs JUnit 6, the project is on JUnit 5,
 * so the application is started directly rather than through {@code @SpringBootTest}.
 */
class ImdsProviderSpringApplicationIT {
    static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        TempcredsEnvironment tempcredsEnvironment() {
            return TempcredsEnvironment.builder().clock(CLOCK).build();
        }
    }

    @Test
    void imdsProperties_resolveThroughFake_healthUpMetersCount() {
        try (FakeImds imds = FakeImds.builder().clock(CLOCK).credentialsLifetime(Duration.ofHours(1)).build().start();
             ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class)
                     .web(WebApplicationType.NONE)
                     .properties("tempcreds.provider=imds", "tempcreds.imds.endpoint=" + imds.url(),
                             "tempcreds.refresh.background=false")
                     .run()) {
            AwsCredentialsProvider provider = ctx.getBean(AwsCredentialsProvider.class);
            assertThat(provider).isInstanceOf(ImdsCredentialsProvider.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(TempcredsMetrics.class).bindTo(registry);
            AwsCredentials c = provider.resolveCredentials();
            assertThat(c.accessKeyId()).isNotBlank();
            Health h = ctx.getBean(TempcredsHealthIndicator.class).health();
            assertThat(h.getStatus()).isEqualTo(Status.UP);
            assertThat(h.getDetails()).containsEntry("state", "fresh").containsEntry("source", "imds");
            assertThat(h.getDetails().toString()).doesNotContain(c.accessKeyId()).doesNotContain(c.secretAccessKey());
            assertThat(registry.get(TempcredsMetrics.STATE).tag("state", "fresh").gauge().value()).isEqualTo(1.0);
        }
    }
}
