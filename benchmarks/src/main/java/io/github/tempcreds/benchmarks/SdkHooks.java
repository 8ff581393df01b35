package io.github.tempcreds.benchmarks;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.services.sts.auth.scheme.StsAuthSchemeProvider;
import software.amazon.awssdk.utils.cache.CachedSupplier;

/**
 * Puts the AWS SDK's own providers on the harness's manual clock, so that ours and theirs are measured on
 * one timeline against the same fake.
 *
 * <ul>
 *   <li>{@link InstanceProfileCredentialsProvider}: its builder has a package-private {@code clock(Clock)}
 *       (the SDK's own test hook), used for its prefetch computation and its {@code CachedSupplier}; called
 *       here by reflection.</li>
 *   <li>{@code StsCredentialsProvider} (and so {@code StsAssumeRoleCredentialsProvider}) builds its
 *       {@code CachedSupplier} with the system clock and exposes no setting; the harness replaces that
 *       supplier's {@code clock} field by reflection. Nothing else in the SDK is touched: prefetch and stale
 *       times, jitter, the 5-second lock wait and the prefetch strategy are the SDK's own.</li>
 *   <li>SigV4 signing time: an {@link StsAuthSchemeProvider} that sets the signer's
 *       {@link HttpSigner#SIGNING_CLOCK} (public client configuration), so the fake STS, which checks
 *       {@code X-Amz-Date} against the same manual clock, accepts the signatures.</li>
 * </ul>
 */
final class SdkHooks {
    private SdkHooks() {
    }

    /** Signs STS requests with {@code clock} instead of the system clock. */
    static StsAuthSchemeProvider signingWith(Clock clock) {
        StsAuthSchemeProvider defaults = StsAuthSchemeProvider.defaultProvider();
        return params -> {
            List<AuthSchemeOption> options = new ArrayList<>();
            for (AuthSchemeOption o : defaults.resolveAuthScheme(params)) {
                options.add(o.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build());
            }
            return options;
        };
    }

    /** Makes the {@link CachedSupplier} inside an SDK provider read {@code clock}; returns the provider. */
    static <T> T cacheClock(T provider, Clock clock) {
        try {
            for (Class<?> c = provider.getClass(); c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (CachedSupplier.class.isAssignableFrom(f.getType())) {
                        f.setAccessible(true);
                        Object cache = f.get(provider);
                        Field clockField = CachedSupplier.class.getDeclaredField("clock");
                        clockField.setAccessible(true);
                        clockField.set(cache, clock);
                        return provider;
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot put " + provider.getClass().getName()
                    + " on a manual clock (SDK internals changed?)", e);
        }
        throw new IllegalStateException("no CachedSupplier in " + provider.getClass().getName());
    }

    /** A builder of the SDK's IMDS provider that reads {@code clock} (the builder's package-private hook). */
    static InstanceProfileCredentialsProvider.Builder instanceProfileBuilder(Clock clock) {
        InstanceProfileCredentialsProvider.Builder b = InstanceProfileCredentialsProvider.builder();
        try {
            Method m = b.getClass().getDeclaredMethod("clock", Clock.class);
            m.setAccessible(true);
            m.invoke(b, clock);
            return b;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot set the clock of InstanceProfileCredentialsProvider", e);
        }
    }

    /**
     * Lets the SDK's IMDS provider run here with IMDSv1 disabled: sets {@code aws.disableEc2Metadata=false}
     * (the build sets {@code AWS_EC2_METADATA_DISABLED=true} for tests) and
     * {@code aws.disableEc2MetadataV1=true}; {@code close()} restores both properties.
     */
    static AutoCloseable sdkImdsSettings() {
        String oldDisabled = System.setProperty("aws.disableEc2Metadata", "false");
        String oldV1 = System.setProperty("aws.disableEc2MetadataV1", "true");
        return () -> {
            restore("aws.disableEc2Metadata", oldDisabled);
            restore("aws.disableEc2MetadataV1", oldV1);
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
