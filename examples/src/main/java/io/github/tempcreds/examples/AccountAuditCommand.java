package io.github.tempcreds.examples;

import io.github.tempcreds.audit.AuditReport;
import io.github.tempcreds.audit.CredentialsAudit;
import io.github.tempcreds.audit.Severity;
import io.github.tempcreds.core.CredentialsException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * {@code doctor --account}: runs a {@link CredentialsAudit} of the AWS account the credentials belong to and
 * prints its table (or JSON); exit code 1 when a finding at or above {@code --fail-on} exists.
 */
final class AccountAuditCommand {
    static final int EXIT_AUDIT_FAILED = 3;
    static final String HELP = """
            Usage: doctor --account [--json] [--fail-on SEVERITY] [--profile NAME] [--endpoint-url URL]
                                    [--region REGION] [--max-key-age-days N] [--unused-key-days N]

              Audits the account's long-term credentials from IAM (credential report, access keys and their
              last use, account summary): root access keys and MFA, console users without MFA, active keys
              older than --max-key-age-days (90) or unused for --unused-key-days (45), users with two active
              keys, inactive keys. Needs iam:GenerateCredentialReport, iam:GetCredentialReport,
              iam:ListUsers, iam:ListAccessKeys, iam:GetAccessKeyLastUsed, iam:GetAccountSummary.

              --fail-on SEVERITY   critical, high (default), medium, low or info
              --profile NAME       credentials of this profile (default: the SDK's default chain)
              --endpoint-url URL   IAM endpoint (a VPC endpoint, or the testkit's fake IAM)
              --region REGION      signing region (default us-east-1; IAM is global)

              Exit codes: 0 no finding at or above --fail-on, 1 such findings, 2 usage error,
              3 the audit could not run (credentials, permissions, IAM errors; the message says which).
            """;

    int run(List<String> arguments, CommandContext context) {
        Args args = Args.parse(arguments, Set.of("fail-on", "profile", "endpoint-url", "region", "max-key-age-days",
                "unused-key-days"), Set.of("account", "json"));
        // Every value below was checked by OptionChecks when it was read.
        Severity failOn = Severity.parse(args.value("fail-on").orElse("high"));
        CredentialsAudit.Builder b = CredentialsAudit.builder().environment(context.environment())
                .credentialsProvider(provider(args, context));
        args.value("endpoint-url").ifPresent(u -> b.endpointOverride(URI.create(u.strip())));
        args.value("region").ifPresent(r -> b.region(Region.of(r)));
        args.value("max-key-age-days").ifPresent(d -> b.maxKeyAge(Duration.ofDays(Long.parseLong(d))));
        args.value("unused-key-days").ifPresent(d -> b.unusedKeyThreshold(Duration.ofDays(Long.parseLong(d))));
        AuditReport report;
        try (CredentialsAudit audit = b.build()) {
            report = audit.run();
        } catch (CredentialsException e) {
            context.err().println("error: " + e.getMessage());
            return EXIT_AUDIT_FAILED;
        } catch (SdkException e) {
            context.err().println("error: the account audit failed: " + e.getMessage());
            return EXIT_AUDIT_FAILED;
        }
        context.out().print(args.flag("json") ? report.toJson() + "\n" : report.toTable());
        boolean fail = report.hasFindingsAtLeast(failOn);
        if (!args.flag("json")) {
            context.out().println(fail ? report.findingsAtLeast(failOn).size() + " finding(s) at or above "
                    + failOn.name().toLowerCase(java.util.Locale.ROOT) + "."
                    : "No finding at or above " + failOn.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return fail ? 1 : 0;
    }

    private static AwsCredentialsProvider provider(Args args, CommandContext context) {
        if (args.value("profile").isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        AwsFiles files = new AwsFiles(context.environment());
        ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
        files.read(files.configFile(), ProfileFile.Type.CONFIGURATION).ifPresent(aggregator::addFile);
        files.read(files.credentialsFile(), ProfileFile.Type.CREDENTIALS).ifPresent(aggregator::addFile);
        ProfileFile profiles = aggregator.build();
        String name = args.value("profile").get();
        if (profiles.profile(name).isEmpty()) {
            throw new UsageException("--profile: no profile " + Args.quote(name) + " in " + files.configFile() + " or "
                    + files.credentialsFile());
        }
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName(name).build();
    }
}
