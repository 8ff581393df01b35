package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The keyed fill with a few thousand tenants, so the main cannot rot. */
class KeyedFillTest {
    @Test
    void run_twoThousandTenants_poolThreadsOnly_oneLoadEach_allEvictedWhenIdle() {
        KeyedFill.Result r = KeyedFill.run(2_000);

        assertThat(r.mostNewThreads).isLessThanOrEqualTo(KeyedFill.POOL);
        assertThat(r.loads).isEqualTo(2_000);
        assertThat(r.sizeAfterFill).isEqualTo(2_000);
        assertThat(r.sizeAfterIdle).isZero();
        assertThat(r.idleEvictions).isEqualTo(2_000);
        assertThat(r.heapBytesPerKey).isPositive();
        assertThat(KeyedFill.table(List.of(r)).toString()).contains("| 2000 ");
    }
}
