package io.github.tempcreds.spring;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tempcreds.*} settings. None of them is a secret: keys, tokens and client secrets are never
 * taken from Spring properties.
 */
@ConfigurationProperties("tempcreds")
public class TempcredsProperties {
    /** Which provider to create: {@code chain} (the temporary-only default chain), {@code role-chain}, {@code sso}, {@code imds}. */
    private String provider = "chain";
    private final Refresh refresh = new Refresh();
    private final RoleChain roleChain = new RoleChain();
    private final Sso sso = new Sso();
    private final Imds imds = new Imds();
    private final Health health = new Health();

    /**
     * Returns the {@code provider} setting. Which provider to create: {@code chain} (the temporary-only default chain), {@code role-chain}, {@code sso}, {@code imds}.
     *
     * @return the current value
     */
    public String getProvider() {
        return provider;
    }

    /**
     * Sets the {@code provider} setting. Which provider to create: {@code chain} (the temporary-only default chain), {@code role-chain}, {@code sso}, {@code imds}.
     *
     * @param provider the new value
     */
    public void setProvider(String provider) {
        this.provider = provider;
    }

    /**
     * Returns the {@code refresh} settings, a group set through its own properties.
     *
     * @return the current value
     */
    public Refresh getRefresh() {
        return refresh;
    }

    /**
     * Returns the {@code roleChain} settings, a group set through its own properties.
     *
     * @return the current value
     */
    public RoleChain getRoleChain() {
        return roleChain;
    }

    /**
     * Returns the {@code sso} settings, a group set through its own properties.
     *
     * @return the current value
     */
    public Sso getSso() {
        return sso;
    }

    /**
     * Returns the {@code imds} settings, a group set through its own properties.
     *
     * @return the current value
     */
    public Imds getImds() {
        return imds;
    }

    /**
     * Returns the {@code health} settings, a group set through its own properties.
     *
     * @return the current value
     */
    public Health getHealth() {
        return health;
    }

    /** Refresh policy; unset values keep the library's defaults. */
    public static class Refresh {
        /** Refresh in the background ahead of expiry (true) or on the caller's thread (false). */
        private boolean background = true;
        /** Window before expiry in which callers wait for a refresh. */
        private Duration mandatoryWindow;
        /** Credentials with less validity left are never returned. */
        private Duration minValidity;
        /** Bound on one load. */
        private Duration loadTimeout;

        /**
         * Returns the {@code background} setting. Refresh in the background ahead of expiry (true) or on the caller's thread (false).
         *
         * @return the current value
         */
        public boolean isBackground() {
            return background;
        }

        /**
         * Sets the {@code background} setting. Refresh in the background ahead of expiry (true) or on the caller's thread (false).
         *
         * @param background the new value
         */
        public void setBackground(boolean background) {
            this.background = background;
        }

        /**
         * Returns the {@code mandatoryWindow} setting. Window before expiry in which callers wait for a refresh.
         *
         * @return the current value
         */
        public Duration getMandatoryWindow() {
            return mandatoryWindow;
        }

        /**
         * Sets the {@code mandatoryWindow} setting. Window before expiry in which callers wait for a refresh.
         *
         * @param mandatoryWindow the new value
         */
        public void setMandatoryWindow(Duration mandatoryWindow) {
            this.mandatoryWindow = mandatoryWindow;
        }

        /**
         * Returns the {@code minValidity} setting. Credentials with less validity left are never returned.
         *
         * @return the current value
         */
        public Duration getMinValidity() {
            return minValidity;
        }

        /**
         * Sets the {@code minValidity} setting. Credentials with less validity left are never returned.
         *
         * @param minValidity the new value
         */
        public void setMinValidity(Duration minValidity) {
            this.minValidity = minValidity;
        }

        /**
         * Returns the {@code loadTimeout} setting. Bound on one load.
         *
         * @return the current value
         */
        public Duration getLoadTimeout() {
            return loadTimeout;
        }

        /**
         * Sets the {@code loadTimeout} setting. Bound on one load.
         *
         * @param loadTimeout the new value
         */
        public void setLoadTimeout(Duration loadTimeout) {
            this.loadTimeout = loadTimeout;
        }
    }

    /** A chain of AssumeRole hops from a source (the temporary-only default chain). */
    public static class RoleChain {
        /** STS region. */
        private String region = "us-east-1";
        /** STS endpoint override (tests, VPC endpoints). */
        private URI stsEndpoint;
        /** The hops, in order. */
        private List<Hop> hops = new ArrayList<>();

        /**
         * Returns the {@code region} setting. STS region.
         *
         * @return the current value
         */
        public String getRegion() {
            return region;
        }

        /**
         * Sets the {@code region} setting. STS region.
         *
         * @param region the new value
         */
        public void setRegion(String region) {
            this.region = region;
        }

        /**
         * Returns the {@code stsEndpoint} setting. STS endpoint override (tests, VPC endpoints).
         *
         * @return the current value
         */
        public URI getStsEndpoint() {
            return stsEndpoint;
        }

        /**
         * Sets the {@code stsEndpoint} setting. STS endpoint override (tests, VPC endpoints).
         *
         * @param stsEndpoint the new value
         */
        public void setStsEndpoint(URI stsEndpoint) {
            this.stsEndpoint = stsEndpoint;
        }

        /**
         * Returns the {@code hops} setting. The hops, in order.
         *
         * @return the current value
         */
        public List<Hop> getHops() {
            return hops;
        }

        /**
         * Sets the {@code hops} setting. The hops, in order.
         *
         * @param hops the new value
         */
        public void setHops(List<Hop> hops) {
            this.hops = hops;
        }
    }

    /** One AssumeRole hop. */
    public static class Hop {
        private String roleArn;
        private String sessionName;
        private String externalId;
        private Duration duration;

        /**
         * Returns the {@code roleArn} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getRoleArn() {
            return roleArn;
        }

        /**
         * Sets the {@code roleArn} setting. The {@code roleArn} settings.
         *
         * @param roleArn the new value
         */
        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        /**
         * Returns the {@code sessionName} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getSessionName() {
            return sessionName;
        }

        /**
         * Sets the {@code sessionName} setting. The {@code sessionName} settings.
         *
         * @param sessionName the new value
         */
        public void setSessionName(String sessionName) {
            this.sessionName = sessionName;
        }

        /**
         * Returns the {@code externalId} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getExternalId() {
            return externalId;
        }

        /**
         * Sets the {@code externalId} setting. The {@code externalId} settings.
         *
         * @param externalId the new value
         */
        public void setExternalId(String externalId) {
            this.externalId = externalId;
        }

        /**
         * Returns the {@code duration} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public Duration getDuration() {
            return duration;
        }

        /**
         * Sets the {@code duration} setting. The {@code duration} settings.
         *
         * @param duration the new value
         */
        public void setDuration(Duration duration) {
            this.duration = duration;
        }
    }

    /** An IAM Identity Center (SSO) session, as in a profile's sso-session section. */
    public static class Sso {
        private String profile;
        private String session;
        private String startUrl;
        private String region;
        private String accountId;
        private String roleName;
        /** Portal and OIDC endpoint override. */
        private URI endpoint;

        /**
         * Returns the {@code profile} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getProfile() {
            return profile;
        }

        /**
         * Sets the {@code profile} setting. The {@code profile} settings.
         *
         * @param profile the new value
         */
        public void setProfile(String profile) {
            this.profile = profile;
        }

        /**
         * Returns the {@code session} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getSession() {
            return session;
        }

        /**
         * Sets the {@code session} setting. The {@code session} settings.
         *
         * @param session the new value
         */
        public void setSession(String session) {
            this.session = session;
        }

        /**
         * Returns the {@code startUrl} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getStartUrl() {
            return startUrl;
        }

        /**
         * Sets the {@code startUrl} setting. The {@code startUrl} settings.
         *
         * @param startUrl the new value
         */
        public void setStartUrl(String startUrl) {
            this.startUrl = startUrl;
        }

        /**
         * Returns the {@code region} setting. STS region.
         *
         * @return the current value
         */
        public String getRegion() {
            return region;
        }

        /**
         * Sets the {@code region} setting. STS region.
         *
         * @param region the new value
         */
        public void setRegion(String region) {
            this.region = region;
        }

        /**
         * Returns the {@code accountId} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getAccountId() {
            return accountId;
        }

        /**
         * Sets the {@code accountId} setting. The {@code accountId} settings.
         *
         * @param accountId the new value
         */
        public void setAccountId(String accountId) {
            this.accountId = accountId;
        }

        /**
         * Returns the {@code roleName} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public String getRoleName() {
            return roleName;
        }

        /**
         * Sets the {@code roleName} setting. The {@code roleName} settings.
         *
         * @param roleName the new value
         */
        public void setRoleName(String roleName) {
            this.roleName = roleName;
        }

        /**
         * Returns the {@code endpoint} setting. Portal and OIDC endpoint override.
         *
         * @return the current value
         */
        public URI getEndpoint() {
            return endpoint;
        }

        /**
         * Sets the {@code endpoint} setting. Portal and OIDC endpoint override.
         *
         * @param endpoint the new value
         */
        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** EC2 instance metadata. */
    public static class Imds {
        private URI endpoint;
        private Duration readTimeout;

        /**
         * Returns the {@code endpoint} setting. Portal and OIDC endpoint override.
         *
         * @return the current value
         */
        public URI getEndpoint() {
            return endpoint;
        }

        /**
         * Sets the {@code endpoint} setting. Portal and OIDC endpoint override.
         *
         * @param endpoint the new value
         */
        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        /**
         * Returns the {@code readTimeout} settings, a group set through its own properties.
         *
         * @return the current value
         */
        public Duration getReadTimeout() {
            return readTimeout;
        }

        /**
         * Sets the {@code readTimeout} setting. The {@code readTimeout} settings.
         *
         * @param readTimeout the new value
         */
        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }
    }

    /** The health indicator. */
    public static class Health {
        /** Status reported while callers wait for a refresh that keeps failing (still usable). */
        private String mandatoryWithFailuresStatus = "UNKNOWN";

        /**
         * Returns the {@code mandatoryWithFailuresStatus} setting. Status reported while callers wait for a refresh that keeps failing (still usable).
         *
         * @return the current value
         */
        public String getMandatoryWithFailuresStatus() {
            return mandatoryWithFailuresStatus;
        }

        /**
         * Sets the {@code mandatoryWithFailuresStatus} setting. Status reported while callers wait for a refresh that keeps failing (still usable).
         *
         * @param mandatoryWithFailuresStatus the new value
         */
        public void setMandatoryWithFailuresStatus(String mandatoryWithFailuresStatus) {
            this.mandatoryWithFailuresStatus = mandatoryWithFailuresStatus;
        }
    }
}
