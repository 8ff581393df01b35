package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The JMH benchmarks' set-up and methods, called directly a few times (no JMH run), so that a change
 * that breaks them fails the build instead of the next measurement.
 */
class JmhBenchmarksTest {
    @Test
    void keyedLookup_everyMethod_resolvesTheTenantsCredentials() {
        KeyedLookupBenchmark b = new KeyedLookupBenchmark();
        b.tenants = 1_000;
        b.setUp();
        try {
            KeyedLookupBenchmark.Cursor keyed = new KeyedLookupBenchmark.Cursor();
            KeyedLookupBenchmark.Cursor map = new KeyedLookupBenchmark.Cursor();
            for (int i = 0; i < 2_500; i++) { // more than one lap of the shuffled order
                // the cache and the map hold the same providers: the same tenant gives the same credentials
                assertThat(b.keyed(keyed)).isSameAs(b.concurrentHashMap(map));
            }
            String hotToken = ((AwsSessionCredentials) b.keyedHotTenant(keyed)).sessionToken();
            assertThat(hotToken).startsWith("testtoken-tenant-");
            assertThat(b.concurrentHashMapHotTenant(map)).isSameAs(b.keyedHotTenant(keyed));
            assertThat(((AwsSessionCredentials) b.singleProvider(keyed)).sessionToken()).isEqualTo("testtoken-single");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void hotPath_everyMethod_resolvesFreshCredentials() {
        HotPathBenchmark b = new HotPathBenchmark();
        b.setUp();
        try {
            assertThat(b.tempcreds().accessKeyId()).isNotBlank();
            assertThat(b.limit().accessKeyId()).isNotBlank();
            assertThat(b.sdkCachedSupplier().accessKeyId()).isNotBlank();
        } finally {
            b.tearDown();
        }
    }
}
