package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The outage harness with a call every 30 s of virtual time and fast retries inside one load. */
class OutageTest {
    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void run_ours_neverHandsOutExpiredCredentialsAndFailsTypedDuringTheOutage() {
        Outage.Result r = Outage.run(true, STEP, Duration.ofMillis(1));

        assertThat(r.totalExpiredServed).isZero();
        assertThat(Arrays.stream(r.failed).sum()).isPositive();
        assertThat(r.outageRequests).isPositive();
        assertThat(r.recoverySeconds).isBetween(0L, 60L);
        assertThat(r.failureTypes).containsExactly("CredentialsRetrievalException");
    }

    @Test
    void run_sdk_handsOutExpiredCredentialsDuringTheOutage() {
        Outage.Result r = Outage.run(false, STEP, null);

        assertThat(r.totalExpiredServed).isPositive();
        assertThat(Outage.table(r, r).toString()).contains("E-10").contains("E+9");
    }
}
