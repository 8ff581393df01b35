package io.github.tempcreds.reliability;

import java.util.List;

/** The library's own threads (named {@code tempcreds-*}), for "no thread left behind" checks. */
final class Threads {
    private Threads() {
    }

    static List<String> tempcreds() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("tempcreds-") && !n.startsWith("tempcreds-launcher")).sorted().toList();
    }

    /** Waits (bounded) until at most {@code allowed} library threads are alive; returns the ones left. */
    static List<String> awaitAtMost(int allowed, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        List<String> now = tempcreds();
        while (now.size() > allowed && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling for thread exit only; correctness never depends on it
            now = tempcreds();
        }
        return now;
    }
}
