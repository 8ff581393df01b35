package io.github.tempcreds.spring;

import io.github.tempcreds.chain.TemporaryCredentialsChain;
import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsListener;
import io.github.tempcreds.core.RefreshPolicy;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.RoleHop;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Creates an {@link AwsCredentialsProvider} bean (the temporary-only default chain, or the provider the
 * {@code tempcreds.*} properties describe) when the application defines none; a health indicator when the
 * actuator's health support is present; the Micrometer meters when Micrometer is present.
 *
 * <p>Lifecycle: the provider bean is closed once by the context, after every bean that injected it
 * (SDK clients declared as beans), since Spring destroys dependents first.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.github.tempcreds.chain.TemporaryCredentialsChain")
@EnableConfigurationProperties(TempcredsProperties.class)
public class TempcredsAutoConfiguration {

    /** Sources the provider bean owns (a role chain's source chain); closed after the provider. */
    @Bean
    @ConditionalOnMissingBean(AwsCredentialsProvider.class)
    TempcredsOwnedResources tempcredsOwnedResources() {
        return new TempcredsOwnedResources();
    }

    /**
     * The application's credentials provider, built from {@code tempcreds.*} properties, unless the
     * application defines its own {@link AwsCredentialsProvider} bean.
     *
     * @param properties the {@code tempcreds.*} properties
     * @param environment the environment the provider reads (the process' own unless a bean is given)
     * @param listeners listeners of refresh events, each registered on the provider
     * @param owned resources this configuration created and closes with the context
     * @return the provider, closed with the application context
     */
    @Bean
    @ConditionalOnMissingBean(AwsCredentialsProvider.class)
    public RefreshableCredentialsProvider awsCredentialsProvider(TempcredsProperties properties,
            ObjectProvider<TempcredsEnvironment> environment, ObjectProvider<CredentialsListener> listeners,
            TempcredsOwnedResources owned) {
        TempcredsEnvironment env = environment.getIfAvailable(TempcredsEnvironment::system);
        List<CredentialsListener> ls = listeners.orderedStream().toList();
        String kind = properties.getProvider() == null ? "chain" : properties.getProvider().trim();
        return switch (kind) {
            case "chain" -> chain(properties, env, ls);
            case "role-chain" -> roleChain(properties, env, ls, owned);
            case "sso" -> sso(properties, env, ls);
            case "imds" -> imds(properties, env, ls);
            default -> throw CredentialsConfigurationException.of(
                    "tempcreds.provider must be one of chain, role-chain, sso, imds; was '" + kind + "'");
        };
    }

    private static TemporaryCredentialsChain chain(TempcredsProperties p, TempcredsEnvironment env,
                                                   List<CredentialsListener> ls) {
        TemporaryCredentialsChain.Builder b = TemporaryCredentialsChain.builder().environment(env)
                .refreshPolicy(policy(p)).backgroundRefresh(p.getRefresh().isBackground());
        ls.forEach(b::addListener);
        return b.build();
    }

    private static RoleChainCredentialsProvider roleChain(TempcredsProperties p, TempcredsEnvironment env,
            List<CredentialsListener> ls, TempcredsOwnedResources owned) {
        TempcredsProperties.RoleChain rc = p.getRoleChain();
        if (rc.getHops().isEmpty()) {
            throw CredentialsConfigurationException.of("tempcreds.role-chain.hops[0].role-arn is required"
                    + " when tempcreds.provider=role-chain");
        }
        List<RoleHop> hops = new ArrayList<>();
        for (int i = 0; i < rc.getHops().size(); i++) {
            TempcredsProperties.Hop h = rc.getHops().get(i);
            if (h.getRoleArn() == null || h.getRoleArn().isBlank()) {
                throw CredentialsConfigurationException.of("tempcreds.role-chain.hops[" + i + "].role-arn is required");
            }
            RoleHop.Builder hb = RoleHop.builder().roleArn(h.getRoleArn());
            if (h.getSessionName() != null) {
                hb.roleSessionName(h.getSessionName());
            }
            if (h.getExternalId() != null) {
                hb.externalId(h.getExternalId());
            }
            if (h.getDuration() != null) {
                hb.duration(h.getDuration());
            }
            hops.add(hb.build());
        }
        TemporaryCredentialsChain source = owned.own(TemporaryCredentialsChain.builder().environment(env).build());
        RoleChainCredentialsProvider.Builder b = RoleChainCredentialsProvider.builder().environment(env)
                .source(source).sourceIsRoleSession(true).hops(hops).region(rc.getRegion())
                .refreshPolicy(policy(p)).backgroundRefresh(p.getRefresh().isBackground());
        if (rc.getStsEndpoint() != null) {
            b.endpoint(rc.getStsEndpoint());
        }
        ls.forEach(b::addListener);
        return b.build();
    }

    private static SsoSessionCredentialsProvider sso(TempcredsProperties p, TempcredsEnvironment env,
                                                     List<CredentialsListener> ls) {
        TempcredsProperties.Sso s = p.getSso();
        SsoSessionCredentialsProvider.Builder b = SsoSessionCredentialsProvider.builder().environment(env)
                .refreshPolicy(policy(p)).backgroundRefresh(p.getRefresh().isBackground());
        if (s.getProfile() != null) {
            b.profileName(s.getProfile());
        }
        if (s.getSession() != null) {
            b.ssoSession(s.getSession());
        }
        if (s.getStartUrl() != null) {
            b.startUrl(s.getStartUrl());
        }
        if (s.getRegion() != null) {
            b.ssoRegion(s.getRegion());
        }
        if (s.getAccountId() != null) {
            b.accountId(s.getAccountId());
        }
        if (s.getRoleName() != null) {
            b.roleName(s.getRoleName());
        }
        if (s.getEndpoint() != null) {
            b.portalEndpoint(s.getEndpoint()).oidcEndpoint(s.getEndpoint());
        }
        ls.forEach(b::addListener);
        return b.build();
    }

    private static ImdsCredentialsProvider imds(TempcredsProperties p, TempcredsEnvironment env,
                                                List<CredentialsListener> ls) {
        ImdsCredentialsProvider.Builder b = ImdsCredentialsProvider.builder().environment(env)
                .refreshPolicy(policy(p)).backgroundRefresh(p.getRefresh().isBackground());
        if (p.getImds().getEndpoint() != null) {
            b.endpoint(p.getImds().getEndpoint());
        }
        if (p.getImds().getReadTimeout() != null) {
            b.readTimeout(p.getImds().getReadTimeout());
        }
        ls.forEach(b::addListener);
        return b.build();
    }

    private static RefreshPolicy policy(TempcredsProperties p) {
        RefreshPolicy.Builder b = RefreshPolicy.builder();
        TempcredsProperties.Refresh r = p.getRefresh();
        try {
            if (r.getMandatoryWindow() != null) {
                b.mandatoryWindow(r.getMandatoryWindow());
            }
            if (r.getMinValidity() != null) {
                b.minValidity(r.getMinValidity());
            }
            if (r.getLoadTimeout() != null) {
                b.loadTimeout(r.getLoadTimeout());
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw CredentialsConfigurationException.of("tempcreds.refresh.*: " + e.getMessage(), e);
        }
    }
}
