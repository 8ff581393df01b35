package io.github.tempcreds.testkit.junit;

import io.github.tempcreds.testkit.AbstractFake;
import io.github.tempcreds.testkit.CredentialRegistry;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.MutableClock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts a {@link FakeAws} (fake IMDS, STS, SSO and Cognito Identity as one
 * account), injects it and its parts into tests, and stops it.
 *
 * <p>Declarative form, with the defaults:
 * <pre>{@code
 * @ExtendWith(FakeAwsExtension.class)
 * class MyTest {
 *     @Test
 *     void works(FakeSts sts, FakeImds imds, MutableClock clock) { ... }
 * }
 * }</pre>
 * Programmatic form, with options:
 * <pre>{@code
 * @RegisterExtension
 * static final FakeAwsExtension AWS = FakeAwsExtension.builder()
 *         .lifecycle(FakeAwsExtension.Lifecycle.PER_TEST)
 *         .configure(b -> b.region("eu-west-1"))
 *         .build();
 * }</pre>
 *
 * <p>Parameters it resolves (in constructors, lifecycle methods and tests): {@link FakeAws},
 * {@link MutableClock}, {@link CredentialRegistry} and every fake of the account by its type
 * ({@code FakeImds}, {@code FakeSts}, {@code FakeSso}, {@code FakeCognitoIdentity},
 * {@code FakeContainerCredentials}, and fakes added with
 * {@link FakeAws.Builder#addFake}).
 *
 * <p>Life cycle: by default ({@link Lifecycle#PER_CLASS}) one {@code FakeAws} serves every test of a
 * class (and its {@code @Nested} classes) and is closed after the last one; starting the fakes costs
 * a few hundred milliseconds, and state a test seeds in {@code @BeforeAll} survives. Before each test
 * the extension clears every fault, every journal and, unless {@link Builder#resetClock(boolean)} is off,
 * sets the clock back to where it started, so tests do not see each other's faults, requests or time
 * travel. Issued credentials, tokens and identities are kept (as in a real account). With
 * {@link Lifecycle#PER_TEST} each test gets a fresh account.
 *
 * <p>Thread safety: with {@code PER_CLASS}, tests of one class that run concurrently share the account,
 * its faults and its clock; run such classes in the same thread ({@code @Execution(SAME_THREAD)}) if they
 * inject faults or move the clock. The accessor {@link #aws()} reflects the test that started last.
 */
public final class FakeAwsExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {

    /**
     * How long one {@link FakeAws} lives. {@code PER_CLASS} needs class-level registration
     * ({@code @ExtendWith}, or {@code @RegisterExtension} on a {@code static} field); registered on an
     * instance field, the extension only sees single tests and behaves as {@code PER_TEST}.
     */
    public enum Lifecycle {
        /** One account per test class, reset (faults, journals, clock) before each test. */
        PER_CLASS,
        /** A fresh account for every test. */
        PER_TEST
    }

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeAwsExtension.class);

    private final Lifecycle lifecycle;
    private final boolean resetClock;
    private final Supplier<MutableClock> clockFactory;
    private final Consumer<FakeAws.Builder> configurer;
    private volatile Holder current;
    /** Set when JUnit called {@link #beforeAll}: the extension is registered per class, not per instance. */
    private volatile boolean classRegistered;

    /** The extension with the defaults, for {@code @ExtendWith(FakeAwsExtension.class)}. */
    public FakeAwsExtension() {
        this(new BuilderImpl());
    }

    private FakeAwsExtension(BuilderImpl b) {
        this.lifecycle = b.lifecycle;
        this.resetClock = b.resetClock;
        this.clockFactory = b.clockFactory;
        this.configurer = b.configurer;
    }

    /** A builder for the programmatic form ({@code @RegisterExtension}). */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The running account of the current test (for {@code @RegisterExtension} users).
     *
     * @throws IllegalStateException outside a test, or before the account was started
     */
    public FakeAws aws() {
        Holder h = current;
        if (h == null || !h.aws.running()) {
            throw new IllegalStateException("no FakeAws is running: use aws() inside a test or a lifecycle method");
        }
        return h.aws;
    }

    /** {@code aws().clock()}. */
    public MutableClock clock() {
        return aws().clock();
    }

    /** {@code aws().registry()}. */
    public CredentialRegistry registry() {
        return aws().registry();
    }

    /** The fake of a type in the current account, e.g. {@code fake(FakeSts.class)}. */
    public <T extends AbstractFake<?>> T fake(Class<T> type) {
        return aws().fake(type).orElseThrow(() -> new IllegalStateException("FakeAws has no " + type.getSimpleName()));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classRegistered = true;
        if (lifecycle == Lifecycle.PER_CLASS) {
            holder(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // The class-level store closes the account; forget it here so aws() does not hand out a closed one.
        Holder h = context.getStore(NAMESPACE).get(key(), Holder.class);
        if (h != null && h == current) {
            current = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Holder h = holder(context);
        if (classScoped()) {
            h.aws.clearFaults();
            h.aws.clearJournals();
            if (resetClock) {
                h.resetClock();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == FakeAws.class || type == MutableClock.class || type == CredentialRegistry.class) {
            return true;
        }
        if (!AbstractFake.class.isAssignableFrom(type)) {
            return false;
        }
        return findFake(holder(extensionContext).aws, type).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        FakeAws aws = holder(extensionContext).aws;
        if (type == FakeAws.class) {
            return aws;
        }
        if (type == MutableClock.class) {
            return aws.clock();
        }
        if (type == CredentialRegistry.class) {
            return aws.registry();
        }
        return findFake(aws, type).orElseThrow(() -> new ParameterResolutionException(
                "FakeAws has no fake of type " + type.getName()));
    }

    private static Optional<?> findFake(FakeAws aws, Class<?> type) {
        for (AbstractFake<?> f : aws.fakes()) {
            if (type.isInstance(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The holder for this context: class-level for PER_CLASS, method-level for PER_TEST. */
    private Holder holder(ExtensionContext context) {
        ExtensionContext owner = context;
        if (classScoped()) {
            while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
                owner = owner.getParent().get();
            }
        } else if (owner.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("FakeAwsExtension with Lifecycle.PER_TEST starts one FakeAws per "
                    + "test: inject it into test methods or @BeforeEach methods, not constructors or @BeforeAll");
        }
        Holder h = owner.getStore(NAMESPACE).getOrComputeIfAbsent(key(), k -> start(), Holder.class);
        current = h;
        return h;
    }

    private boolean classScoped() {
        return lifecycle == Lifecycle.PER_CLASS && classRegistered;
    }

    private String key() {
        return "fakeAws@" + System.identityHashCode(this);
    }

    private Holder start() {
        MutableClock clock = Objects.requireNonNull(clockFactory.get(), "the clock factory returned null");
        FakeAws.Builder b = FakeAws.builder().clock(clock);
        configurer.accept(b);
        FakeAws aws = b.build();
        aws.start();
        return new Holder(aws, clock);
    }

    @Override
    public String toString() {
        return "FakeAwsExtension(" + lifecycle + (resetClock ? "" : ", clock not reset") + ")";
    }

    /** The stored account; the store closes it when its context ends. */
    @SuppressWarnings("deprecation")
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final FakeAws aws;
        final MutableClock clock;
        final Instant startedAt;

        Holder(FakeAws aws, MutableClock clock) {
            this.aws = aws;
            this.clock = clock;
            this.startedAt = clock.instant();
        }

        void resetClock() {
            if (clock.ticking()) {
                clock.set(Instant.now());
            } else {
                clock.set(startedAt);
            }
        }

        @Override
        public void close() {
            aws.close();
        }
    }

    /** Options of the programmatic form. Not thread-safe. */
    public interface Builder {
        /** One account per class (default) or per test. */
        Builder lifecycle(Lifecycle lifecycle);

        /**
         * Whether the clock goes back to its start before each test of a {@link Lifecycle#PER_CLASS}
         * account. Default {@code true}: a frozen clock returns to its first instant, a ticking one drops
         * its offset.
         */
        Builder resetClock(boolean resetClock);

        /**
         * Makes each account's clock. Default: {@link MutableClock#at(Instant)} the current second (frozen;
         * tests move it), a fresh instant for each account.
         */
        Builder clock(Supplier<MutableClock> clockFactory);

        /**
         * Configures each account before it is built (seed roles, keys, pools through the fakes'
         * builders); the extension sets the clock first. Default: nothing.
         */
        Builder configure(Consumer<FakeAws.Builder> configurer);

        /** The extension. */
        FakeAwsExtension build();
    }

    private static final class BuilderImpl implements Builder {
        private Lifecycle lifecycle = Lifecycle.PER_CLASS;
        private boolean resetClock = true;
        private Supplier<MutableClock> clockFactory = () -> MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        private Consumer<FakeAws.Builder> configurer = b -> { };

        @Override
        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        @Override
        public Builder resetClock(boolean resetClock) {
            this.resetClock = resetClock;
            return this;
        }

        @Override
        public Builder clock(Supplier<MutableClock> clockFactory) {
            this.clockFactory = Objects.requireNonNull(clockFactory, "clockFactory");
            return this;
        }

        @Override
        public Builder configure(Consumer<FakeAws.Builder> configurer) {
            this.configurer = Objects.requireNonNull(configurer, "configurer");
            return this;
        }

        @Override
        public FakeAwsExtension build() {
            return new FakeAwsExtension(this);
        }
    }
}
