package io.github.tempcreds.examples;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsException;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.core.profile.ProfileChainPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Plans every profile of the config and credentials files with
 * {@link ProfileChainCredentialsProvider#plan()} (files only, no service called) and reports the broken
 * ones: cycles in {@code source_profile}, missing profiles, unknown {@code credential_source} values,
 * missing keys. Working chains are notes that spell out the chain.
 */
final class ProfileChainCheck implements DoctorCheck {
    static final String ID = "profile-chain";

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        AwsFiles files = context.files();
        Set<String> names = new TreeSet<>();
        List<DoctorFinding> out = new ArrayList<>();
        try {
            read(files, files.configFile(), ProfileFile.Type.CONFIGURATION).ifPresent(f -> names.addAll(f.profiles().keySet()));
            read(files, files.credentialsFile(), ProfileFile.Type.CREDENTIALS).ifPresent(f -> names.addAll(f.profiles().keySet()));
        } catch (RuntimeException e) {
            return out; // the file-keys check reports files that cannot be parsed
        }
        for (String name : names) {
            try (ProfileChainCredentialsProvider p = ProfileChainCredentialsProvider.builder().profileName(name)
                    .environment(context.environment()).build()) {
                ProfileChainPlan plan = p.plan();
                // Role chains, and profiles without hops whose root is a temporary source (SSO-only,
                // credential_process, web identity, container, instance): static keys are the file-keys check's.
                if (!plan.hops().isEmpty() || plan.source().kind() != ProfileChainPlan.SourceKind.STATIC_KEYS) {
                    out.add(DoctorFinding.note(ID, "profile '" + name + "': " + describe(plan)));
                }
            } catch (CredentialsConfigurationException e) {
                out.add(DoctorFinding.problem(ID, "profile '" + name + "' is broken: " + e.getMessage(),
                        "Fix the profile as the message says; until then every tool using it fails."));
            } catch (CredentialsException e) {
                // not found: an empty profile (e.g. only region) is not a credentials chain
            }
        }
        return out;
    }

    private static Optional<ProfileFile> read(AwsFiles files, java.nio.file.Path file, ProfileFile.Type type) {
        return files.read(file, type);
    }

    private static String describe(ProfileChainPlan plan) {
        StringBuilder sb = new StringBuilder(plan.source().kind().name().toLowerCase(java.util.Locale.ROOT));
        plan.source().roleArn().ifPresent(r -> sb.append(" ").append(r));
        for (ProfileChainPlan.Hop h : plan.hops()) {
            sb.append(" -> ").append(h.roleArn());
        }
        return sb.toString();
    }
}
