package io.github.tempcreds.core.sts;

import static io.github.tempcreds.core.sts.StsFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsHealth;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.testkit.RoleSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleProviderCacheIT {
    @TempDir
    Path home;
    StsFixture f;

    @BeforeEach
    void start() {
        f = new StsFixture();
        for (String tenant : new String[] {"TenantA", "TenantB", "TenantC"}) {
            f.sts.role(RoleSpec.builder(role(tenant)).trustPrincipal(StsFixture.USER_ARN)
                    .externalId("ext-" + tenant).build());
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private RoleProviderCache.Builder cache() {
        return RoleProviderCache.builder().source(f.user()).environment(f.env(home)).endpoint(f.sts.uri())
                .region("us-east-1").defaultRoleSessionName("tenant-service");
    }

    private static RoleHop tenant(String name) {
        return RoleHop.builder().roleArn(role(name)).externalId("ext-" + name).build();
    }

    @Test
    void get_perTenant_eachProviderAssumesItsRoleOnceAndCaches() {
        try (RoleProviderCache cache = cache().build()) {
            RefreshableCredentialsProvider a = cache.get(tenant("TenantA"));
            RefreshableCredentialsProvider b = cache.get(tenant("TenantB"));

            assertThat(f.callerArn(a.resolveCredentials())).endsWith("assumed-role/TenantA/tenant-service");
            assertThat(f.callerArn(b.resolveCredentials())).endsWith("assumed-role/TenantB/tenant-service");
            cache.get(tenant("TenantA")).resolveCredentials();
            a.resolveCredentials();

            assertThat(f.assumedRoleArns()).containsExactly(role("TenantA"), role("TenantB"));
            assertThat(cache.estimatedSize()).isEqualTo(2);
        }
    }

    @Test
    void idleEntry_evictedAndClosed_handleStillWorks() {
        try (RoleProviderCache cache = cache().expireAfterAccess(Duration.ofMinutes(10)).build()) {
            RefreshableCredentialsProvider a = cache.get(tenant("TenantA"));
            a.resolveCredentials();
            f.clock.advance(Duration.ofMinutes(11));

            assertThat(cache.estimatedSize()).isZero();
            assertThat(f.callerArn(a.resolveCredentials())).contains("assumed-role/TenantA/");
            assertThat(f.assumedRoleArns()).containsExactly(role("TenantA"), role("TenantA"));
            assertThat(a.health().state()).isNotEqualTo(CredentialsHealth.State.CLOSED);
        }
    }

    @Test
    void maximumSize_boundsTheCache() {
        try (RoleProviderCache cache = cache().maximumSize(2).build()) {
            for (String t : new String[] {"TenantA", "TenantB", "TenantC"}) {
                cache.get(tenant(t)).resolveCredentials();
            }
            assertThat(cache.estimatedSize()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void get_sameRoleOtherOptions_separateEntries() {
        try (RoleProviderCache cache = cache().build()) {
            cache.get(tenant("TenantA")).resolveCredentials();
            cache.get(tenant("TenantA").toBuilder().roleSessionName("other").build()).resolveCredentials();

            assertThat(f.assumeRoles()).extracting(r -> r.param("RoleSessionName").orElse(""))
                    .containsExactly("tenant-service", "other");
        }
    }
}
