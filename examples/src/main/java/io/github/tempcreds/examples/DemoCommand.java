package io.github.tempcreds.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** {@code demo}: runs {@link Demo}. */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "every provider end to end against in-process fakes (no AWS account needed)";
    }

    @Override
    public String help() {
        return """
                Usage: demo

                Starts the testkit's fake IMDS, STS, SSO and Cognito endpoints in this process (loopback only)
                and shows every tempcreds provider working end to end, driving a fake clock forward:
                refresh-ahead with no caller waiting, outages during the advisory window and past expiry,
                and the IMDS hop-limit diagnosis. Prints a table per step; never prints a secret.
                Takes a few seconds. Exit code 0 when every step behaved as shown, 1 otherwise.
                """;
    }

    @Override
    public int run(List<String> args, CommandContext context) {
        Args.parse(args, Set.of(), Set.of());
        try {
            Demo.run(context.out());
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
