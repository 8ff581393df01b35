package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class RoleChainMfaIT {
    private static final String SERIAL = "arn:aws:iam::123456789012:mfa/alice";

    @TempDir
    Path home;
    StsFixture f;
    /** Codes are unique in the JVM: the MFA coordinator of a serial is JVM-wide and never reuses a code. */
    private static final AtomicInteger CODES = new AtomicInteger(100000);
    final AtomicInteger prompts = new AtomicInteger();

    @BeforeEach
    void start() {
        f = new StsFixture();
        f.sts.role(RoleSpec.builder(role("Guarded")).trustPrincipal(StsFixture.USER_ARN)
                .mfa(SERIAL, code -> code.matches("\\d{6}")).build());
        f.sts.role(RoleSpec.builder(role("Partner")).trustPrincipal(StsFixture.USER_ARN)
                .externalId("partner-ext-0042").build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** A device that gives a new code per prompt, as a person reading a TOTP app would. */
    private Supplier<String> device() {
        return () -> {
            prompts.incrementAndGet();
            return Integer.toString(CODES.incrementAndGet());
        };
    }

    private RoleChainCredentialsProvider guarded(String serial) {
        return f.chain(home).addHop(RoleHop.builder().roleArn(role("Guarded")).mfa(serial, device()).build()).build();
    }

    @Test
    void resolve_mfaSupplied_assumesWithSerialAndCode() {
        try (RoleChainCredentialsProvider chain = guarded(SERIAL)) {
            chain.resolveCredentials();

            assertThat(prompts).hasValue(1);
            assertThat(f.assumeRoles().get(0).param("SerialNumber")).contains(SERIAL);
            assertThat(f.assumeRoles().get(0).param("TokenCode")).hasValueSatisfying(c -> assertThat(c).matches("\\d{6}"));
        }
    }

    @Test
    void resolve_mfaRequiredButNotConfigured_accessDeniedNamesRole() {
        try (RoleChainCredentialsProvider chain = f.chain(home).addHop(role("Guarded")).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(role("Guarded")).hasMessageContaining("trust policy");
        }
    }

    @Test
    void resolve_sixteenConcurrentCallers_onePromptPerRefresh() throws Exception {
        try (RoleChainCredentialsProvider chain = guarded(SERIAL)) {
            List<AwsCredentials> first = concurrently(16, chain::resolveCredentials);
            assertThat(prompts).hasValue(1);
            assertThat(first).extracting(AwsCredentials::accessKeyId).containsOnly(first.get(0).accessKeyId());

            f.clock.advance(Duration.ofMinutes(59).plusSeconds(30));
            List<AwsCredentials> refreshed = concurrently(16, chain::resolveCredentials);

            assertThat(prompts).hasValue(2);
            assertThat(f.assumeRoles()).hasSize(2);
            assertThat(refreshed).extracting(AwsCredentials::accessKeyId).containsOnly(refreshed.get(0).accessKeyId())
                    .doesNotContain(first.get(0).accessKeyId());
            assertThat(f.assumeRoles().get(1).param("TokenCode")).isNotEqualTo(f.assumeRoles().get(0).param("TokenCode"));
        }
    }

    @Test
    void resolve_twoProvidersSameSerial_eachGetsItsOwnCode() throws Exception {
        try (RoleChainCredentialsProvider a = guarded(SERIAL); RoleChainCredentialsProvider b = guarded(SERIAL)) {
            concurrently(2, () -> {
                a.resolveCredentials();
                return b.resolveCredentials();
            });

            assertThat(f.assumeRoles()).extracting(r -> r.param("TokenCode").orElse("")).doesNotHaveDuplicates()
                    .hasSize(2);
        }
    }

    @Test
    void resolve_externalIdRequiredAndMissing_accessDenied() {
        try (RoleChainCredentialsProvider chain = f.chain(home).addHop(role("Partner")).build()) {
            assertThatThrownBy(chain::resolveCredentials).isInstanceOf(CredentialsConfigurationException.class)
                    .hasMessageContaining(role("Partner")).hasMessageContaining("external id")
                    .hasMessageNotContaining("partner-ext-0042");
        }
    }

    @Test
    void resolve_externalIdSupplied_succeeds() {
        try (RoleChainCredentialsProvider chain = f.chain(home).addHop(RoleHop.builder().roleArn(role("Partner"))
                .externalId("partner-ext-0042").build()).build()) {
            assertThat(f.callerArn(chain.resolveCredentials())).contains("assumed-role/Partner/");
        }
    }

    private static <T> List<T> concurrently(int n, java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return task.call();
                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> fu : futures) {
                out.add(fu.get(30, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
