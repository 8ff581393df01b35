package io.github.tempcreds.examples;

import io.github.tempcreds.testkit.CredentialRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The demo: every provider end to end against the testkit's fakes, in-process on loopback, with one
 * fake clock shared by the fakes and the providers. Prints a table per section and never a secret.
 */
final class Demo {
    private Demo() {
    }

    /**
     * What a demo run produced, for the tests.
     *
     * @param steps every step, in order
     * @param registry the fake account's registry (every credential the fakes issued)
     * @param total the wall time of the run
     */
    record Result(List<DemoStep> steps, CredentialRegistry registry, Duration total) {
    }

    static Result run(PrintStream out) throws IOException {
        long t0 = System.nanoTime();
        out.println("tempcreds demo: every provider against in-process fakes (loopback only, fake clock, no AWS account)");
        List<DemoStep> steps;
        CredentialRegistry registry;
        try (DemoRun run = new DemoRun(out)) {
            registry = run.registry();
            DemoImds imds = new DemoImds(run);
            imds.run();
            new DemoSts(run, imds.fake(), imds.provider()).run();
            new DemoSso(run).run();
            new DemoCognito(run).run();
            run.endSection();
            steps = List.copyOf(run.steps());
        }
        Duration total = Duration.ofNanos(System.nanoTime() - t0);
        out.println();
        out.println("Demo finished in " + total.toMillis() + " ms (wall time). No secret was printed: only access key"
                + " id prefixes.");
        return new Result(steps, registry, total);
    }
}
