package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.profile.ProfileCredentialsSource;
import io.github.tempcreds.core.profile.ProfileSourceContext;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The {@code sso} profile credentials source, found by core's profile resolution through
 * {@link java.util.ServiceLoader}: builds an {@link SsoSessionCredentialsProvider} from a profile with
 * {@code sso_session} or the legacy {@code sso_start_url}. Stateless and thread-safe.
 */
public final class SsoProfileSource implements ProfileCredentialsSource {
    /** The Maven coordinates of this module. */
    public static final String ARTIFACT = "io.github.tempcreds:tempcreds-sso";

    /** Called by {@link java.util.ServiceLoader}. */
    public SsoProfileSource() {
    }

    @Override
    public String name() {
        return SSO;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public AwsCredentialsProvider create(ProfileSourceContext context) {
        SsoSettings s = SsoProfileSettings.resolve(context.profileName(), context.profileProperties(),
                context.ssoSessionName().orElse(null),
                context.ssoSessionName().isPresent() ? sessionProperties(context) : java.util.Map.of(),
                "the AWS config file");
        SsoSessionCredentialsProvider.Builder b = SsoSessionCredentialsProvider.builder()
                .profileName(context.profileName()).startUrl(s.startUrl()).ssoRegion(s.region())
                .accountId(s.accountId()).roleName(s.roleName()).environment(context.environment());
        if (!s.legacy()) {
            b.ssoSession(s.sessionName());
        }
        return b.build();
    }

    private static java.util.Map<String, String> sessionProperties(ProfileSourceContext c) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        c.ssoSessionProperty("sso_start_url").ifPresent(v -> m.put("sso_start_url", v));
        c.ssoSessionProperty("sso_region").ifPresent(v -> m.put("sso_region", v));
        c.ssoSessionProperty("sso_registration_scopes").ifPresent(v -> m.put("sso_registration_scopes", v));
        return m;
    }

    @Override
    public String toString() {
        return "SsoProfileSource(" + SSO + ")";
    }
}
