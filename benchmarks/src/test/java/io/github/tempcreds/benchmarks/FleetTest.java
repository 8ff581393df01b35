package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.benchmarks.Fleet.Variant;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fleet simulation with 300 processes over 2 virtual hours. */
class FleetTest {
    private static final int PROCESSES = 300;
    private static final Duration HOURS = Duration.ofHours(2);

    @Test
    void run_withoutJitter_wholeFleetRefreshesInOneSecond() {
        Fleet.Result r = Fleet.run(Variant.OURS_NO_JITTER, PROCESSES, HOURS, 1);

        assertThat(r.peak).isEqualTo(PROCESSES);
    }

    @Test
    void run_defaultPolicy_spreadsTheFirstWaveOverTheLifetime() {
        Fleet.Result r = Fleet.run(Variant.OURS_DEFAULT, PROCESSES, HOURS, 1);

        assertThat(r.calls).isGreaterThanOrEqualTo(2L * PROCESSES);
        assertThat(r.peak).isLessThan(PROCESSES / 20);
        // 1-hour credentials: the first refresh falls anywhere from a tenth of the usable life (about 6 min)
        // to the jittered advisory point (42..45 min), so the wave is spread over more than half an hour.
        assertThat(r.firstSecondWithCalls + 1).isBetween(5 * 60, 15 * 60);
        assertThat(r.lastSecondOfFirstWave + 1).isBetween(40 * 60, 45 * 60);
    }

    @Test
    void run_noSpreadingDefaultJitter_firstWaveInTheLastThreeMinutesOfTheWindow() {
        Fleet.Result r = Fleet.run(Variant.OURS_MAX_JITTER, PROCESSES, HOURS, 1);

        assertThat(r.peak).isLessThan(PROCESSES / 10);
        // advisory window 15 min, jitter up to 15 min more: 30..45 min
        assertThat(r.firstSecondWithCalls + 1).isBetween(30 * 60, 45 * 60);
    }

    @Test
    void run_sdkPolicy_prefetchesBetweenFiveAndTwoMinutesBeforeExpiry() {
        Fleet.Result r = Fleet.run(Variant.SDK, PROCESSES, HOURS, 1);

        assertThat(r.peak).isLessThan(PROCESSES / 10);
        assertThat(r.firstSecondWithCalls + 1).isBetween(55 * 60, 58 * 60);
        assertThat(r.lastSecondOfFirstWave + 1).isBetween(55 * 60, 58 * 60);
    }
}
