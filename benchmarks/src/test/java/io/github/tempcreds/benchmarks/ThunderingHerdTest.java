package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.benchmarks.ThunderingHerd.Point;
import io.github.tempcreds.benchmarks.ThunderingHerd.Row;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The herd harness at small sizes, so it cannot rot; asserts our goals, counts the SDK's. */
class ThunderingHerdTest {
    private static final int CALLERS = 16;

    @Test
    void runOne_oursAtMandatoryPoint_oneUpstreamCallAndEveryCallerGetsTheNewValue() {
        Row r = ThunderingHerd.runOne(true, Point.MANDATORY, CALLERS, Duration.ofMillis(50));

        assertThat(r.upstreamCalls).isEqualTo(1);
        assertThat(r.failures).isZero();
        assertThat(r.gotCachedValue).isZero();
        assertThat(r.distinctKeys).isEqualTo(1);
    }

    @Test
    void runOne_oursInAdvisoryWindow_oneBackgroundCallAndNoCallerWaitsForIt() {
        Row r = ThunderingHerd.runOne(true, Point.ADVISORY, CALLERS, Duration.ofMillis(300));

        assertThat(r.upstreamCalls).isEqualTo(1);
        assertThat(r.failures).isZero();
        // Every caller got the value cached before the herd: none waited for the (300 ms) load.
        assertThat(r.gotCachedValue).isEqualTo(CALLERS);
    }

    @Test
    void runOne_sdkAtStalePoint_countedAgainstTheSameFake() {
        Row r = ThunderingHerd.runOne(false, Point.MANDATORY, CALLERS, Duration.ofMillis(50));

        assertThat(r.upstreamCalls).isGreaterThanOrEqualTo(1);
        assertThat(r.failures).isZero();
        assertThat(r.gotCachedValue).isZero();
        assertThat(ThunderingHerd.table(java.util.List.of(r)).toString()).contains("SDK StsAssumeRoleCredentialsProvider");
    }
}
