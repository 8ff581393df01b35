package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The role-chain harness over 3 virtual hours with a call a minute. */
class RoleChainTest {
    @Test
    void steadyState_ours_atMostTwoCallsPerRefresh() {
        RoleChain.Result r = RoleChain.steadyState(true, Duration.ofHours(3), Duration.ofMinutes(1));

        assertThat(r.refreshes).isGreaterThanOrEqualTo(3);
        assertThat(r.callsPerRefresh()).isBetween(1.0, 2.0);
    }

    @Test
    void steadyState_sdk_countedAgainstTheSameFake() {
        RoleChain.Result r = RoleChain.steadyState(false, Duration.ofHours(3), Duration.ofMinutes(1));

        assertThat(r.refreshes).isPositive();
        assertThat(r.stsCalls).isGreaterThanOrEqualTo(r.refreshes);
        assertThat(RoleChain.table(List.of(r)).toString()).contains("SDK StsAssumeRoleCredentialsProvider");
    }

    @Test
    void coldChain_twoCallsPerChain() {
        long[] cold = RoleChain.coldChain(2);

        assertThat(cold[2]).isEqualTo(2);
    }
}
