package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IMDS harness over 12 virtual hours with a call a minute, and two cold-start rounds. */
class ImdsRequestsTest {
    @Test
    void steadyState_ours_atMostTwoCredentialGetsPerNewSetPlusRareTokens() {
        ImdsRequests.SteadyState s = ImdsRequests.steadyState(true, Duration.ofHours(12), Duration.ofMinutes(1));

        assertThat(s.newSets()).isEqualTo(2); // 6 h sets, rotated 15 min before expiry
        assertThat(s.roleListings).isZero();
        assertThat(s.tokenPuts).isLessThanOrEqualTo(3);
        // one GET that finds the set unrotated (the advisory refresh), then one when IMDS has rotated
        assertThat(s.credentialGetsPerNewSet()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void steadyState_sdk_threeRequestsPerGet() {
        ImdsRequests.SteadyState s = ImdsRequests.steadyState(false, Duration.ofHours(12), Duration.ofMinutes(1));

        assertThat(s.newSets()).isEqualTo(2);
        assertThat(s.credentialFetches).isPositive();
        assertThat(s.tokenPuts + s.roleListings + s.credentialFetches).isEqualTo(3 * s.credentialFetches);
    }

    @Test
    void coldStart_both_threeRequests() {
        List<ImdsRequests.ColdStart> cold = ImdsRequests.coldStart(2);

        assertThat(cold).extracting(c -> c.requests).containsExactly(3, 3);
        assertThat(cold).allSatisfy(c -> assertThat(c.medianNanos).isPositive());
    }
}
