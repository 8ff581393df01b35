package io.github.tempcreds.cognito;

import static io.github.tempcreds.cognito.CognitoFixture.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/** A server-side cache of Cognito credentials for many end users. */
class CognitoCredentialsCacheIT {
    private static final int USERS = 1_000;
    private static final int THREADS = 8;
    private final CognitoFixture fx = new CognitoFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void thousandUsers_loadedOnceEach_neverCrossed_idleEvicted_identityKeptAfterEviction() throws Exception {
        String pool = fx.pool(b -> b);
        Map<String, String> tokens = new ConcurrentHashMap<>();
        for (int i = 0; i < USERS; i++) {
            tokens.put("user-" + i, fx.idToken("sub-" + i, Map.of()));
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStarted = os.getProcessCpuTime();
        long started = System.nanoTime();
        try (CognitoCredentialsCache cache = CognitoCredentialsCache.builder()
                .provider(fx.provider(pool))
                .loginsForUser(user -> CognitoLogins.of(UP, tokens.get(user)))
                .maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(30)).build()) {
            // Every thread asks for every user, in its own order; each user's first load is shared.
            Map<String, String> identityOfUser = new ConcurrentHashMap<>();
            Map<String, String> keyOfUser = new ConcurrentHashMap<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool8 = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                done.add(pool8.submit(() -> {
                    List<Integer> order = new ArrayList<>();
                    for (int i = 0; i < USERS; i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new java.util.Random(seed));
                    go.await();
                    for (int i : order) {
                        String user = "user-" + i;
                        AwsCredentials c = cache.resolveCredentials(user);
                        String identity = fx.identityOf(c);
                        assertThat(identityOfUser.computeIfAbsent(user, u -> identity)).isEqualTo(identity);
                        assertThat(keyOfUser.computeIfAbsent(user, u -> c.accessKeyId())).isEqualTo(c.accessKeyId());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool8.shutdown();
            long millis = (System.nanoTime() - started) / 1_000_000;
            long cpuMillis = (os.getProcessCpuTime() - cpuStarted) / 1_000_000;
            System.out.println("CognitoCredentialsCacheIT: " + USERS + " users x " + THREADS + " threads in " + millis
                    + " ms wall, " + cpuMillis + " ms CPU (client, engine and fake together)");

            assertThat(fx.cognito.journal("GetId")).hasSize(USERS);
            assertThat(fx.cognito.journal("GetCredentialsForIdentity")).hasSize(USERS);
            assertThat(identityOfUser.values()).doesNotHaveDuplicates().hasSize(USERS);
            // The identity each user got is the one Cognito links to that user's own login.
            for (int i = 0; i < USERS; i += 97) {
                String user = "user-" + i;
                String viaSdk = fx.client.getId(r -> r.identityPoolId(pool).logins(Map.of(UP, tokens.get(user))))
                        .identityId();
                assertThat(identityOfUser.get(user)).isEqualTo(viaSdk);
            }
            assertThat(cache.estimatedSize()).isEqualTo(USERS);

            fx.clock.advance(Duration.ofMinutes(20));
            for (int i = 0; i < 10; i++) {
                assertThat(cache.resolveCredentials("user-" + i).accessKeyId()).isEqualTo(keyOfUser.get("user-" + i));
            }
            fx.clock.advance(Duration.ofMinutes(15));
            assertThat(cache.estimatedSize()).isEqualTo(10);

            int getIdBefore = fx.cognito.journal("GetId").size();
            AwsCredentials back = cache.resolveCredentials("user-500");
            assertThat(fx.identityOf(back)).isEqualTo(identityOfUser.get("user-500"));
            assertThat(back.accessKeyId()).isNotEqualTo(keyOfUser.get("user-500"));
            assertThat(fx.cognito.journal("GetId")).hasSize(getIdBefore);
            assertThat(cache.toString()).contains(pool).doesNotContain(tokens.get("user-500"));
        }
    }

    @Test
    void build_neitherLoginsNorDeveloper_namesTheSettings() {
        assertThatThrownBy(() -> CognitoCredentialsCache.builder().provider(fx.provider(fx.pool(b -> b))).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("loginsForUser")
                .hasMessageContaining("developerProviderName");
    }
}
