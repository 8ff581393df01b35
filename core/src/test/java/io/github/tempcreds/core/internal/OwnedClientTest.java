package io.github.tempcreds.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class OwnedClientTest {

    /** Stands for an SDK client: only its close matters here. */
    static final class Client implements SdkAutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void get_afterClose_buildsANewClientAndTheOldOneWasClosedOnce() {
        List<Client> built = new CopyOnWriteArrayList<>();
        OwnedClient<Client> owned = OwnedClient.owned(() -> {
            Client c = new Client();
            built.add(c);
            return c;
        });
        Client first = owned.get();
        assertThat(owned.get()).isSameAs(first);
        owned.close();
        owned.close();
        assertThat(first.closes).hasValue(1);
        assertThat(owned.isOpen()).isFalse();

        Client second = owned.get();
        assertThat(second).isNotSameAs(first);
        assertThat(owned.builtCount()).isEqualTo(2);
        owned.close();
        assertThat(built).allSatisfy(c -> assertThat(c.closes).hasValue(1));
    }

    @Test
    void close_injectedClient_neverClosed() {
        Client mine = new Client();
        OwnedClient<Client> injected = OwnedClient.injected(mine);
        injected.close();
        assertThat(injected.get()).isSameAs(mine);
        injected.close();
        assertThat(mine.closes).hasValue(0);
        assertThat(injected.isOpen()).isFalse();
    }

    @Test
    void getRacingClose_finalClose_everyBuiltClientClosedExactlyOnce() throws Exception {
        List<Client> built = new CopyOnWriteArrayList<>();
        OwnedClient<Client> owned = OwnedClient.owned(() -> {
            Client c = new Client();
            built.add(c);
            return c;
        });
        CountDownLatch start = new CountDownLatch(1);
        Runnable getter = () -> {
            await(start);
            for (int i = 0; i < 2_000; i++) {
                owned.get();
            }
        };
        Runnable closer = () -> {
            await(start);
            for (int i = 0; i < 2_000; i++) {
                owned.close();
            }
        };
        Thread a = new Thread(getter);
        Thread b = new Thread(closer);
        a.start();
        b.start();
        start.countDown();
        a.join(TimeUnit.SECONDS.toMillis(60));
        b.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(a.isAlive() || b.isAlive()).as("racers finished within the bound").isFalse();

        owned.close();
        assertThat(built).isNotEmpty().allSatisfy(c -> assertThat(c.closes).hasValue(1));
        assertThat(owned.builtCount()).isEqualTo(built.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
