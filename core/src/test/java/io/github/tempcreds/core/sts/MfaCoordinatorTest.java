package io.github.tempcreds.core.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class MfaCoordinatorTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void nextCode_sameCodeTwice_asksAgainAndNeverReusesIt() {
        MfaCoordinator c = new MfaCoordinator("arn:aws:iam::123456789012:mfa/reuse");
        Supplier<String> device = sequence("111111", "111111", "222222");

        assertThat(c.nextCode(device, clock)).isEqualTo("111111");
        assertThat(c.nextCode(device, clock)).isEqualTo("222222");
    }

    @Test
    void nextCode_onlyUsedCodes_configurationErrorWithoutTheCode() {
        MfaCoordinator c = new MfaCoordinator("arn:aws:iam::123456789012:mfa/stuck");
        c.nextCode(() -> "333333", clock);

        assertThatThrownBy(() -> c.nextCode(() -> "333333", clock))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("already sent").hasMessageNotContaining("333333");
    }

    @Test
    void nextCode_notSixDigits_configurationErrorWithoutTheValue() {
        MfaCoordinator c = new MfaCoordinator("arn:aws:iam::123456789012:mfa/typo");
        assertThatThrownBy(() -> c.nextCode(() -> "12345x", clock))
                .isInstanceOf(CredentialsConfigurationException.class)
                .hasMessageContaining("6-digit").hasMessageNotContaining("12345x");
    }

    @Test
    void nextCode_supplierThrows_configurationErrorWithCause() {
        MfaCoordinator c = new MfaCoordinator("arn:aws:iam::123456789012:mfa/fail");
        assertThatThrownBy(() -> c.nextCode(() -> {
            throw new IllegalStateException("no terminal");
        }, clock)).isInstanceOf(CredentialsConfigurationException.class).hasRootCauseMessage("no terminal");
    }

    @Test
    void nextCode_manyThreads_promptsNeverOverlapAndCodesAreDistinct() throws Exception {
        MfaCoordinator c = new MfaCoordinator("arn:aws:iam::123456789012:mfa/concurrent");
        AtomicInteger inPrompt = new AtomicInteger();
        AtomicInteger maxInPrompt = new AtomicInteger();
        AtomicInteger next = new AtomicInteger(100000);
        Supplier<String> device = () -> {
            int now = inPrompt.incrementAndGet();
            maxInPrompt.accumulateAndGet(now, Math::max);
            Thread.yield();
            inPrompt.decrementAndGet();
            return Integer.toString(next.incrementAndGet());
        };
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return c.nextCode(device, clock);
            }));
        }
        start.countDown();
        List<String> codes = Collections.synchronizedList(new ArrayList<>());
        for (Future<String> f : futures) {
            codes.add(f.get(10, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(maxInPrompt.get()).isEqualTo(1);
        assertThat(codes).doesNotHaveDuplicates().hasSize(threads);
    }

    @Test
    void forSerial_sameSerial_sameCoordinator() {
        assertThat(MfaCoordinator.forSerial("arn:aws:iam::123456789012:mfa/x"))
                .isSameAs(MfaCoordinator.forSerial("arn:aws:iam::123456789012:mfa/x"))
                .isNotSameAs(MfaCoordinator.forSerial("arn:aws:iam::123456789012:mfa/y"));
    }

    private static Supplier<String> sequence(String... codes) {
        AtomicInteger i = new AtomicInteger();
        return () -> codes[i.getAndIncrement()];
    }
}
