package io.github.tempcreds.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * SEC02-BP02: finds long-term access keys in the environment, in system properties and in the shared
 * files. A key is long-term when its id starts with {@code AKIA} or when no session token goes with it.
 */
final class LongTermKeyCheck implements DoctorCheck {
    static final String ENV = "env-keys";
    static final String FILES = "file-keys";

    private static final String FIX_ENV = "Unset AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and use temporary credentials:"
            + " an IAM Identity Center profile (`aws configure sso`), a role (`role_arn` + `credential_source`"
            + " or `credential_process`), or the instance/task role. Then deactivate the key in IAM"
            + " (`aws iam update-access-key --status Inactive`).";

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        List<DoctorFinding> findings = new ArrayList<>();
        checkEnvironment(context, findings);
        AwsFiles files = context.files();
        checkFile(files, files.credentialsFile(), ProfileFile.Type.CREDENTIALS, findings);
        checkFile(files, files.configFile(), ProfileFile.Type.CONFIGURATION, findings);
        return findings;
    }

    private static void checkEnvironment(DoctorContext context, List<DoctorFinding> findings) {
        var env = context.environment();
        check(env.env("AWS_ACCESS_KEY_ID"), env.env("AWS_SESSION_TOKEN").isPresent(),
                "environment variable AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", findings);
        check(env.property("aws.accessKeyId"), env.property("aws.sessionToken").isPresent(),
                "system property aws.accessKeyId", "aws.sessionToken", findings);
    }

    private static void check(Optional<String> keyId, boolean hasToken, String where, String tokenName,
                              List<DoctorFinding> findings) {
        if (keyId.isEmpty()) {
            return;
        }
        String id = keyId.get();
        if (id.startsWith("AKIA")) {
            findings.add(DoctorFinding.problem(ENV, "long-term access key " + AwsFiles.shortKeyId(id)
                    + " (AKIA: an IAM user key) in " + where, FIX_ENV));
        } else if (!hasToken) {
            findings.add(DoctorFinding.problem(ENV, "access key " + AwsFiles.shortKeyId(id) + " in " + where
                    + " has no " + tokenName + ": it is a long-term key", FIX_ENV));
        }
    }

    private static void checkFile(AwsFiles files, Path file, ProfileFile.Type type, List<DoctorFinding> findings) {
        Optional<ProfileFile> parsed;
        try {
            parsed = files.read(file, type);
        } catch (RuntimeException e) {
            findings.add(DoctorFinding.problem(FILES, "cannot parse " + file + ": " + e.getMessage(),
                    "Fix the syntax of " + file + " (sections `[profile NAME]` in config, `[NAME]` in credentials)."));
            return;
        }
        if (parsed.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Profile> e : parsed.get().profiles().entrySet()) {
            Map<String, String> p = e.getValue().properties();
            String id = p.get("aws_access_key_id");
            if (id == null) {
                continue;
            }
            String where = file + " profile [" + e.getKey() + "]";
            String fix = "Remove aws_access_key_id/aws_secret_access_key from " + where
                    + "; give the profile `sso_session` (IAM Identity Center) or `role_arn` with `credential_source`,"
                    + " or `credential_process`, and deactivate the key in IAM"
                    + " (`aws iam update-access-key --status Inactive`).";
            if (id.startsWith("AKIA")) {
                findings.add(DoctorFinding.problem(FILES, "long-term access key " + AwsFiles.shortKeyId(id)
                        + " (AKIA: an IAM user key) in " + where, fix));
            } else if (!p.containsKey("aws_session_token")) {
                findings.add(DoctorFinding.problem(FILES, "access key " + AwsFiles.shortKeyId(id) + " in " + where
                        + " has no aws_session_token: it is a long-term key", fix));
            }
        }
    }
}
