package io.github.tempcreds.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code doctor}: checks this machine against SEC02-BP02 ("use temporary credentials") and prints each
 * finding with its fix. Exit 0 when nothing is wrong, 1 with findings, 2 on usage errors.
 *
 * <p>Everything is read through the {@link io.github.tempcreds.core.TempcredsEnvironment} (variables,
 * home directory, clock), so tests run it over a temporary home. Off EC2 it finishes in about the IMDS
 * timeout (default 1 s; connection refused returns at once).
 */
final class DoctorCommand implements Command {
    static final Duration DEFAULT_IMDS_TIMEOUT = Duration.ofSeconds(1);

    @Override
    public String name() {
        return "doctor";
    }

    @Override
    public String summary() {
        return "check this machine's AWS credentials setup against SEC02-BP02";
    }

    @Override
    public String help() {
        return """
                Usage: doctor [--json] [--imds-endpoint URL] [--imds-timeout-millis N] [--no-imds]

                Checks this machine against AWS Well-Architected SEC02-BP02 (use temporary credentials):
                  - long-term access keys (AKIA..., or without a session token) in the environment,
                    system properties, ~/.aws/credentials and ~/.aws/config;
                  - IMDS: reachable, IMDSv2 token obtained, hop limit suspected, role attached;
                  - IAM Identity Center token caches (~/.aws/sso/cache): expired or expiring tokens,
                    expiring client registrations;
                  - profile chains that are broken (cycles, missing profiles, unknown credential sources);
                  - which source a default credentials chain would pick, and which source
                    TemporaryCredentialsChain picks (by running it once) and why.
                Each finding comes with its fix. Nothing secret is printed.

                Options:
                  --json                    machine-readable output
                  --imds-endpoint URL       probe this IMDS endpoint instead of the configured one
                  --imds-timeout-millis N   IMDS connect/read timeout (default 1000)
                  --no-imds                 skip the IMDS probe

                Exit codes: 0 nothing wrong, 1 findings, 2 usage error.

                doctor --account audits the AWS account instead (IAM users' keys, root, MFA):
                """ + AccountAuditCommand.HELP;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) {
        if (arguments.contains("--account")) {
            return new AccountAuditCommand().run(arguments, context);
        }
        Args args = Args.parse(arguments, Set.of("imds-endpoint", "imds-timeout-millis"), Set.of("json", "no-imds"));
        Duration timeout = args.value("imds-timeout-millis").map(DoctorCommand::millis).orElse(DEFAULT_IMDS_TIMEOUT);
        DoctorContext doctor = new DoctorContext(context.environment(), args.value("imds-endpoint").orElse(null), timeout);
        List<DoctorCheck> checks = new ArrayList<>(List.of(new LongTermKeyCheck(), new SsoCacheCheck(),
                new ProfileChainCheck()));
        // The IMDS check runs before the default-chain check, which reads the role it found.
        if (!args.flag("no-imds")) {
            checks.add(new ImdsCheck());
        }
        checks.add(new DefaultChainCheck());
        checks.add(new ChainCheck());
        List<DoctorFinding> results = new ArrayList<>();
        for (DoctorCheck check : checks) {
            results.addAll(check.run(doctor));
        }
        long findings = results.stream().filter(DoctorFinding::isFinding).count();
        if (args.flag("json")) {
            printJson(results, findings, context.out());
        } else {
            printText(results, findings, context.out());
        }
        return findings == 0 ? 0 : 1;
    }

    /** The value was checked by {@link OptionChecks} when it was read (1..60000). */
    private static Duration millis(String value) {
        return Duration.ofMillis(Long.parseLong(value));
    }

    private static void printText(List<DoctorFinding> results, long findings, PrintStream out) {
        out.println("tempcreds doctor: SEC02-BP02 (use temporary credentials)");
        out.println();
        for (DoctorFinding f : results) {
            out.printf("%-8s %-14s %s%n", f.severity(), f.check(), f.message());
            if (!f.fix().isEmpty()) {
                out.printf("%-8s %-14s fix: %s%n", "", "", f.fix());
            }
        }
        out.println();
        if (findings == 0) {
            out.println("Result: no findings.");
        } else {
            long problems = results.stream().filter(f -> f.severity() == DoctorFinding.Severity.PROBLEM).count();
            out.println("Result: " + findings + (findings == 1 ? " finding" : " findings") + " (" + problems
                    + " problem" + (problems == 1 ? "" : "s") + ", " + (findings - problems) + " warning"
                    + (findings - problems == 1 ? "" : "s") + ").");
        }
    }

    private static void printJson(List<DoctorFinding> results, long findings, PrintStream out) {
        Map<String, Object> root = Json.object();
        root.put("ok", findings == 0);
        root.put("findings", results.stream().filter(DoctorFinding::isFinding).map(DoctorFinding::toJson).toList());
        root.put("notes", results.stream().filter(f -> !f.isFinding()).map(DoctorFinding::toJson).toList());
        out.println(Json.write(root));
    }
}
