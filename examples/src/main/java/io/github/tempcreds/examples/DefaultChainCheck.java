package io.github.tempcreds.examples;

import io.github.tempcreds.core.TempcredsEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Says which source the AWS SDK's default chain would pick here, by inspection only (no credentials are
 * loaded): system properties, environment variables, web identity, the active profile, the container
 * endpoint, then the instance (as probed by the IMDS check). The pick is a note; the long-term-key
 * checks already flag a pick that is a long-term key.
 */
final class DefaultChainCheck implements DoctorCheck {
    static final String ID = "default-chain";

    private static final List<String> PROFILE_SOURCE_KEYS = List.of("aws_access_key_id", "role_arn",
            "sso_session", "sso_start_url", "credential_process", "web_identity_token_file");

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        return List.of(DoctorFinding.note(ID, "a default credentials chain would use: " + pick(context)));
    }

    static String pick(DoctorContext context) {
        TempcredsEnvironment env = context.environment();
        if (env.property("aws.accessKeyId").isPresent()) {
            return "system properties aws.accessKeyId/aws.secretAccessKey";
        }
        if (env.env("AWS_ACCESS_KEY_ID").isPresent()) {
            return "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
                    + (env.env("AWS_SESSION_TOKEN").isPresent() ? " with AWS_SESSION_TOKEN" : " (no session token)");
        }
        if (env.setting("aws.webIdentityTokenFile", "AWS_WEB_IDENTITY_TOKEN_FILE").isPresent()
                && env.setting("aws.roleArn", "AWS_ROLE_ARN").isPresent()) {
            return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)";
        }
        Optional<String> profile = profileSource(context.files());
        if (profile.isPresent()) {
            return profile.get();
        }
        if (env.env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").isPresent()
                || env.env("AWS_CONTAINER_CREDENTIALS_FULL_URI").isPresent()) {
            return "the container credentials endpoint (ECS task role / EKS Pod Identity)";
        }
        return context.imdsRole()
                .map(role -> "the EC2 instance role '" + role + "' through IMDSv2")
                .orElse("nothing: no source is configured (and no instance role was found)");
    }

    private static Optional<String> profileSource(AwsFiles files) {
        String name = files.activeProfile();
        for (var entry : List.of(Map.entry(files.credentialsFile(), ProfileFile.Type.CREDENTIALS),
                Map.entry(files.configFile(), ProfileFile.Type.CONFIGURATION))) {
            try {
                Optional<Profile> p = files.read(entry.getKey(), entry.getValue()).flatMap(f -> f.profile(name));
                if (p.isPresent()) {
                    Map<String, String> props = p.get().properties();
                    Optional<String> key = PROFILE_SOURCE_KEYS.stream().filter(props::containsKey).findFirst();
                    if (key.isPresent()) {
                        return Optional.of("profile '" + name + "' (" + key.get() + ") from " + entry.getKey());
                    }
                }
            } catch (RuntimeException e) {
                return Optional.of("profile '" + name + "', but " + entry.getKey() + " cannot be parsed");
            }
        }
        return Optional.empty();
    }
}
