package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.benchmarks.Fleet.Variant;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulation at a smaller size: 2,000 processes started over 10 s; 1-hour credentials over 2
 * virtual hours (about 45 calls per 60-second bin on average), 15-minute credentials over 1 hour (about
 * 200). A synchronized refresh wave would stand out by far. Each run is simulated once and shared.
 */
class FleetTest {
    private static final int PROCESSES = 2_000;
    private static final Duration START_SPREAD = Duration.ofSeconds(10);
    private static final Map<Variant, Fleet.Result> ONE_HOUR = new EnumMap<>(Variant.class);
    private static final Map<Variant, Fleet.Result> FIFTEEN_MINUTES = new EnumMap<>(Variant.class);

    private static synchronized Fleet.Result oneHour(Variant v) {
        return ONE_HOUR.computeIfAbsent(v,
                k -> Fleet.run(k, PROCESSES, Duration.ofHours(1), Duration.ofHours(2), START_SPREAD, 1));
    }

    private static synchronized Fleet.Result fifteenMinutes(Variant v) {
        return FIFTEEN_MINUTES.computeIfAbsent(v,
                k -> Fleet.run(k, PROCESSES, Duration.ofMinutes(15), Duration.ofHours(1), START_SPREAD, 1));
    }

    @Test
    void run_defaultPolicyOneHourCredentials_peakWithinTwiceTheUniformRate() {
        Fleet.Result r = oneHour(Variant.OURS_DEFAULT);

        assertThat(r.calls).isGreaterThanOrEqualTo(2L * PROCESSES);
        assertThat(r.peakOverUniform()).isLessThanOrEqualTo(Fleet.GOAL);
        // spread from a tenth of the usable life (6 min) on, not just over the advisory window's jitter
        assertThat(r.firstCallSecond).isBetween(6 * 60, 8 * 60);
    }

    @Test
    void run_defaultPolicyFifteenMinuteCredentials_peakWithinTwiceTheUniformRate() {
        Fleet.Result r = fifteenMinutes(Variant.OURS_DEFAULT);

        assertThat(r.calls).isGreaterThanOrEqualTo(5L * PROCESSES);
        assertThat(r.peakOverUniform()).isLessThanOrEqualTo(Fleet.GOAL);
    }

    @Test
    void run_spreadingOff_refreshesInWavesFarAboveTheUniformRate() {
        Fleet.Result r = oneHour(Variant.OURS_NO_SPREAD);

        // the measure can fail: without spreading the whole fleet refreshes within the 3-minute jitter of
        // the advisory window, 42..45 min after its load
        assertThat(r.peakOverUniform()).isGreaterThan(5 * Fleet.GOAL);
        assertThat(r.firstCallSecond).isBetween(42 * 60, 45 * 60 + 10);
    }

    @Test
    void run_defaultPolicy_atMostTwiceTheCallsPerProcessHourOfSpreadingOff() {
        assertThat(oneHour(Variant.OURS_DEFAULT).callsPerProcessHour())
                .isLessThanOrEqualTo(2 * oneHour(Variant.OURS_NO_SPREAD).callsPerProcessHour());
        assertThat(fifteenMinutes(Variant.OURS_DEFAULT).callsPerProcessHour())
                .isLessThanOrEqualTo(2 * fifteenMinutes(Variant.OURS_NO_SPREAD).callsPerProcessHour());
    }
}
