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

    /**
     * Waits (bounded) until no library thread is inside {@code HttpURLConnection} (a request on the wire);
     * returns the ones still there.
     */
    static List<String> awaitNoneReadingHttp(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        List<String> now = readingHttp();
        while (!now.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling for the request to end only; correctness never depends on it
            now = readingHttp();
        }
        return now;
    }

    private static List<String> readingHttp() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive() && e.getKey().getName().startsWith("tempcreds-"))
                .filter(e -> java.util.Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("sun.net.www.protocol.http.HttpURLConnection")))
                .map(e -> e.getKey().getName()).sorted().toList();
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
