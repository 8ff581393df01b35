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

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public Refresh getRefresh() {
        return refresh;
    }

    public RoleChain getRoleChain() {
        return roleChain;
    }

    public Sso getSso() {
        return sso;
    }

    public Imds getImds() {
        return imds;
    }

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

        public boolean isBackground() {
            return background;
        }

        public void setBackground(boolean background) {
            this.background = background;
        }

        public Duration getMandatoryWindow() {
            return mandatoryWindow;
        }

        public void setMandatoryWindow(Duration mandatoryWindow) {
            this.mandatoryWindow = mandatoryWindow;
        }

        public Duration getMinValidity() {
            return minValidity;
        }

        public void setMinValidity(Duration minValidity) {
            this.minValidity = minValidity;
        }

        public Duration getLoadTimeout() {
            return loadTimeout;
        }

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

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public URI getStsEndpoint() {
            return stsEndpoint;
        }

        public void setStsEndpoint(URI stsEndpoint) {
            this.stsEndpoint = stsEndpoint;
        }

        public List<Hop> getHops() {
            return hops;
        }

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

        public String getRoleArn() {
            return roleArn;
        }

        public void setRoleArn(String roleArn) {
            this.roleArn = roleArn;
        }

        public String getSessionName() {
            return sessionName;
        }

        public void setSessionName(String sessionName) {
            this.sessionName = sessionName;
        }

        public String getExternalId() {
            return externalId;
        }

        public void setExternalId(String externalId) {
            this.externalId = externalId;
        }

        public Duration getDuration() {
            return duration;
        }

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

        public String getProfile() {
            return profile;
        }

        public void setProfile(String profile) {
            this.profile = profile;
        }

        public String getSession() {
            return session;
        }

        public void setSession(String session) {
            this.session = session;
        }

        public String getStartUrl() {
            return startUrl;
        }

        public void setStartUrl(String startUrl) {
            this.startUrl = startUrl;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getAccountId() {
            return accountId;
        }

        public void setAccountId(String accountId) {
            this.accountId = accountId;
        }

        public String getRoleName() {
            return roleName;
        }

        public void setRoleName(String roleName) {
            this.roleName = roleName;
        }

        public URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** EC2 instance metadata. */
    public static class Imds {
        private URI endpoint;
        private Duration readTimeout;

        public URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }
    }

    /** The health indicator. */
    public static class Health {
        /** Status reported while callers wait for a refresh that keeps failing (still usable). */
        private String mandatoryWithFailuresStatus = "UNKNOWN";

        public String getMandatoryWithFailuresStatus() {
            return mandatoryWithFailuresStatus;
        }

        public void setMandatoryWithFailuresStatus(String mandatoryWithFailuresStatus) {
            this.mandatoryWithFailuresStatus = mandatoryWithFailuresStatus;
        }
    }
}
