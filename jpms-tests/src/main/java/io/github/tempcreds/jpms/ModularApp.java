package io.github.tempcreds.jpms;

import io.github.tempcreds.audit.CredentialsAudit;
import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider;
import io.github.tempcreds.core.profile.ProfileChainCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A modular application: on the module path, with only its own {@code module-info} (no
 * {@code --add-modules}), it gets credentials through the default chain (container endpoint), IMDS and a
 * profile whose {@code credential_source} is found through the service loader across modules, and it
 * builds the SSO, Cognito and audit entry points. Prints one line per step; exits 1 on the first failure.
 */
public final class ModularApp {
    private ModularApp() {
    }

    /**
     * Runs every step.
     *
     * @param args the IMDS endpoint, then the name of a profile with {@code credential_source = EcsContainer}
     */
    public static void main(String[] args) {
        try (TemporaryCredentialsChain chain = TemporaryCredentialsChain.create()) {
            report("chain", chain.resolveCredentials());
            AwsCredentialsIdentity async = chain.resolveIdentity().join();
            report("chain-async", (AwsCredentials) async);
        }
        try (ImdsCredentialsProvider imds = ImdsCredentialsProvider.builder().endpoint(URI.create(args[0])).build()) {
            report("imds", imds.resolveCredentials());
        }
        try (ProfileChainCredentialsProvider profile = ProfileChainCredentialsProvider.builder()
                .profileName(args[1]).build()) {
            report("profile-ecs", profile.resolveCredentials());
        }
        System.out.println("builders " + (SsoSessionCredentialsProvider.builder() != null)
                + " " + (CognitoIdentityCredentialsProvider.builder() != null)
                + " " + (CredentialsAudit.builder() != null));
        System.out.println("module " + ModularApp.class.getModule().getName()
                + " core-module " + TemporaryCredentialsChain.class.getModule().getName());
    }

    private static void report(String step, AwsCredentials credentials) {
        if (!(credentials instanceof AwsSessionCredentials)) {
            System.out.println(step + " FAILED: not temporary credentials");
            System.exit(1);
        }
        System.out.println(step + " OK");
    }
}
