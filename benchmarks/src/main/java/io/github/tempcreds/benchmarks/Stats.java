package io.github.tempcreds.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Nearest-rank percentiles and number formatting shared by the scenario harnesses. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (0..100] of {@code values}; 0 for no values. */
    static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long max(long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    /** Nanoseconds as milliseconds with one decimal. */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** One line describing where the figures were taken: cores, JDK, load average. */
    static String machine() {
        Runtime rt = Runtime.getRuntime();
        String load = "n/a";
        try {
            load = new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (java.io.IOException | RuntimeException e) {
            double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            load = l < 0 ? "n/a" : fixed(l, 2);
        }
        return "machine: " + rt.availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + "), load average " + load;
    }

    /** Parses {@code --name=value} from the arguments, or returns the default. */
    static String arg(String[] args, String name, String dflt) {
        String prefix = "--" + name + "=";
        for (String a : args) {
            if (a.startsWith(prefix)) {
                return a.substring(prefix.length());
            }
        }
        return dflt;
    }

    /** Slf4j-simple logs at ERROR only, unless set: the SDK's WARNs with stack traces would bury the table. */
    static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
    }
}
