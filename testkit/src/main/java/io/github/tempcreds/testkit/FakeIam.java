package io.github.tempcreds.testkit;

import io.github.tempcreds.testkit.internal.sts.StsAuthenticator;
import io.github.tempcreds.testkit.internal.sts.StsCaller;
import io.github.tempcreds.testkit.internal.sts.StsError;
import io.github.tempcreds.testkit.internal.sts.StsParams;
import io.github.tempcreds.testkit.internal.sts.StsXml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A fake AWS IAM endpoint (awsQuery, {@code POST /}, SigV4-verified with service name {@code iam} like
 * {@link FakeSts}) holding one account's users, their access keys (status, creation date, last use), MFA
 * devices and console passwords, the root user's keys and MFA, and the credential report.
 *
 * <p>Operations: {@code ListUsers}, {@code ListAccessKeys}, {@code GetAccessKeyLastUsed},
 * {@code GenerateCredentialReport}, {@code GetCredentialReport}, {@code GetAccountSummary},
 * {@code ListMFADevices}, {@code GetLoginProfile}; lists page with {@code Marker}/{@code MaxItems}/
 * {@code IsTruncated}. An access key added here is also seeded into the {@link CredentialRegistry}, so the
 * fake STS (and this fake) accept requests it signs; a request it signs to this fake records its last use
 * (as does one to the fake STS: both verify signatures and record the use in the registry), and
 * {@link #recordKeyUse} records any other use. A user key seeded into the registry elsewhere (the
 * launcher's {@code userKeys}) is an access key of its IAM user here too.
 *
 * <p>The credential report: the first {@code GenerateCredentialReport} answers {@code STARTED}, later ones
 * {@code INPROGRESS} until {@link #reportGenerationCalls(int)} calls were made, then {@code COMPLETE};
 * {@code GetCredentialReport} answers {@code ReportNotPresent} (410) before any generation and
 * {@code ReportInProgress} (404) while it runs. The CSV has exactly IAM's columns.
 *
 * <p>Faults: {@code Fault.status(403)} answers {@code AccessDenied}, {@code Fault.throttle()} answers
 * {@code Throttling} (400), as IAM does. Thread-safe (state under the fake's lock).
 */
public final class FakeIam extends AbstractFake<FakeIam> {
    /** The IAM API version. */
    public static final String API_VERSION = "2010-05-08";
    /** The XML namespace of IAM responses. */
    public static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    /** The operations this fake answers. */
    public static final Set<String> OPERATIONS = Set.of("ListUsers", "ListAccessKeys", "GetAccessKeyLastUsed",
            "GenerateCredentialReport", "GetCredentialReport", "GetAccountSummary", "ListMFADevices",
            "GetLoginProfile");
    /** The credential report's columns, in IAM's order. */
    public static final List<String> REPORT_COLUMNS = List.of("user", "arn", "user_creation_time",
            "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
            "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
            "access_key_1_last_used_region", "access_key_1_last_used_service", "access_key_2_active",
            "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region",
            "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
            "cert_2_last_rotated");
    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);

    private final CredentialRegistry registry;
    private final boolean verifySignatures;
    private final StsAuthenticator authenticator;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Instant accountCreated;
    private boolean rootAccessKeys;
    private boolean rootMfa = true;
    private Instant rootPasswordLastUsed;
    private int reportGenerationCalls = 2;
    private int generateCalls;
    private String report;
    private Instant reportTime;

    private FakeIam(BuilderImpl b) {
        super(b.clock, "127.0.0.1", b.port);
        this.registry = b.registry;
        this.verifySignatures = b.verifySignatures;
        this.authenticator = new StsAuthenticator(registry, b.clock, "iam");
        this.accountCreated = b.clock.instant().minus(3650, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        b.seeds.forEach(s -> s.accept(this));
    }

    /** A new builder. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The registry the keys of this account's users are seeded into. */
    public CredentialRegistry registry() {
        return registry;
    }

    /** Adds an IAM user created at {@code created} (path {@code /}). Replaces one of that name. */
    public synchronized FakeIam user(String userName, Instant created) {
        Objects.requireNonNull(userName, "userName");
        if (!userName.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalArgumentException("userName must be 1..64 of [\\w+=,.@-]");
        }
        users.put(userName, new User(userName, "AIDA" + stable(userName), Objects.requireNonNull(created, "created")));
        return this;
    }

    /**
     * Adds an access key to a user (at most two, as IAM allows) and seeds it into the registry, so the fakes
     * accept requests it signs. {@code active=false} makes it {@code Inactive}.
     */
    public synchronized FakeIam accessKey(String userName, String accessKeyId, String secretAccessKey,
                                          Instant created, boolean active) {
        User u = user(userName);
        if (u.keys.size() >= 2) {
            throw new IllegalStateException("user " + userName + " already has two access keys (IAM's limit)");
        }
        registry.seedUserKey(accessKeyId, secretAccessKey, userName);
        u.keys.add(new Key(accessKeyId, Objects.requireNonNull(created, "created"), active));
        return this;
    }

    /** Records a use of an access key (service as in {@code GetAccessKeyLastUsed}, region or {@code N/A}). */
    public synchronized FakeIam recordKeyUse(String accessKeyId, Instant when, String service, String region) {
        Key k = key(accessKeyId);
        if (k == null) {
            throw new IllegalArgumentException("no IAM access key " + accessKeyId + " in this account");
        }
        k.lastUsed = Objects.requireNonNull(when, "when");
        k.service = Objects.requireNonNull(service, "service");
        k.region = Objects.requireNonNull(region, "region");
        return this;
    }

    /** Sets a key's status. */
    public synchronized FakeIam keyActive(String accessKeyId, boolean active) {
        Key k = key(accessKeyId);
        if (k == null) {
            throw new IllegalArgumentException("no IAM access key " + accessKeyId + " in this account");
        }
        k.active = active;
        return this;
    }

    /** Adds a virtual MFA device to a user. */
    public synchronized FakeIam mfaDevice(String userName, Instant enabled) {
        User u = user(userName);
        u.mfa.put("arn:aws:iam::" + registry.accountId() + ":mfa/" + userName + "-" + (u.mfa.size() + 1),
                Objects.requireNonNull(enabled, "enabled"));
        return this;
    }

    /** Gives a user a console password (a login profile), last used at {@code lastUsed} (null: never). */
    public synchronized FakeIam loginProfile(String userName, Instant created, Instant lastUsed) {
        User u = user(userName);
        u.passwordCreated = Objects.requireNonNull(created, "created");
        u.passwordLastUsed = lastUsed;
        return this;
    }

    /** Whether the root user has access keys ({@code AccountAccessKeysPresent}). Default false. */
    public synchronized FakeIam rootAccessKeys(boolean present) {
        this.rootAccessKeys = present;
        return this;
    }

    /** Whether the root user has MFA ({@code AccountMFAEnabled}). Default true. */
    public synchronized FakeIam rootMfa(boolean enabled) {
        this.rootMfa = enabled;
        return this;
    }

    /**
     * How many {@code GenerateCredentialReport} calls it takes until the report is {@code COMPLETE}
     * (default 2: {@code STARTED}, then {@code COMPLETE}; 1 completes at once).
     */
    public synchronized FakeIam reportGenerationCalls(int calls) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be >= 1");
        }
        this.reportGenerationCalls = calls;
        return this;
    }

    /** Forgets the credential report (the next generation starts again). */
    public synchronized FakeIam resetReport() {
        generateCalls = 0;
        report = null;
        reportTime = null;
        return this;
    }

    /** The names of the users, in creation order. */
    public synchronized List<String> userNames() {
        return List.copyOf(users.keySet());
    }

    /** The fault IAM answers with a given error code and status (e.g. 403 {@code AccessDenied}). */
    public static Fault errorFault(int status, String code, String message) {
        return Fault.body(status, "text/xml", StsXml.error(NAMESPACE, status >= 500 ? "Receiver" : "Sender",
                Objects.requireNonNull(code, "code"), Objects.requireNonNull(message, "message"),
                UUID.randomUUID().toString()));
    }

    @Override
    protected String operationOf(RecordedRequest request) {
        return StsParams.of(request).get("Action").orElse(request.method() + " " + request.path());
    }

    @Override
    protected FakeResponse handle(RecordedRequest request) {
        String requestId = UUID.randomUUID().toString();
        try {
            StsParams params = StsParams.of(request);
            String action = params.get("Action").orElse("");
            if (!OPERATIONS.contains(action)) {
                throw new StsError("InvalidAction", 400, "Could not find operation " + action + " for version "
                        + params.get("Version").orElse("NO_VERSION_SPECIFIED"));
            }
            String version = params.get("Version").orElseThrow(() -> new StsError("MissingParameter", 400,
                    "The request must contain the parameter Version"));
            if (!API_VERSION.equals(version)) {
                throw new StsError("InvalidAction", 400, "Could not find operation " + action + " for version "
                        + version);
            }
            StsCaller caller = verifySignatures ? authenticator.authenticate(request) : authenticator.identify(request);
            String result;
            synchronized (this) {
                syncRegistry();
                result = dispatch(action, params, caller);
            }
            return FakeResponse.xml(StsXml.success(NAMESPACE, action, result, requestId))
                    .withHeader("x-amzn-RequestId", requestId);
        } catch (StsError e) {
            return error(e, requestId);
        }
    }

    /**
     * The same account as the other fakes: a long-term key seeded into the registry elsewhere (the launcher's
     * {@code userKeys}, {@code CredentialRegistry.seedUserKey}) becomes an active access key of its IAM user,
     * created when first seen here; a key's last use is the later of {@link #recordKeyUse} and the last
     * request it signed to any fake that verifies signatures.
     */
    private void syncRegistry() {
        for (IssuedCredentials c : registry.userKeys()) {
            if (key(c.accessKeyId()) != null) {
                continue;
            }
            String arn = c.principalArn();
            int slash = arn.lastIndexOf(":user/");
            String name = slash < 0 ? "" : arn.substring(arn.lastIndexOf('/') + 1);
            if (!name.matches("[\\w+=,.@-]{1,64}")) {
                continue;
            }
            Instant now = clock().instant().truncatedTo(ChronoUnit.SECONDS);
            User u = users.computeIfAbsent(name, n -> new User(n, "AIDA" + stable(n), now));
            if (u.keys.size() < 2) {
                u.keys.add(new Key(c.accessKeyId(), now, true));
            }
        }
        for (User u : users.values()) {
            for (Key k : u.keys) {
                registry.lastUse(k.id).ifPresent(use -> {
                    if (k.lastUsed == null || use.instant().isAfter(k.lastUsed)) {
                        k.lastUsed = use.instant().truncatedTo(ChronoUnit.SECONDS);
                        k.service = use.service();
                        k.region = use.region();
                    }
                });
            }
        }
    }

    private String dispatch(String action, StsParams params, StsCaller caller) {
        switch (action) {
            case "ListUsers":
                return listUsers(params);
            case "ListAccessKeys":
                return listAccessKeys(params, caller);
            case "GetAccessKeyLastUsed":
                return getAccessKeyLastUsed(params);
            case "GenerateCredentialReport":
                return generateCredentialReport();
            case "GetCredentialReport":
                return getCredentialReport();
            case "GetAccountSummary":
                return getAccountSummary();
            case "ListMFADevices":
                return listMfaDevices(params, caller);
            default:
                return getLoginProfile(params);
        }
    }

    private String listUsers(StsParams params) {
        String prefix = params.get("PathPrefix").orElse("/");
        List<User> all = new ArrayList<>();
        for (User u : users.values()) {
            if ("/".startsWith(prefix)) {
                all.add(u);
            }
        }
        Page page = page(params, all.size());
        StsXml x = new StsXml().open("Users");
        for (User u : all.subList(page.from, page.to)) {
            x.open("member").element("Path", "/").element("UserName", u.name).element("UserId", u.id)
                    .element("Arn", arn(u)).element("CreateDate", StsXml.timestamp(u.created));
            if (u.passwordLastUsed != null) {
                x.element("PasswordLastUsed", StsXml.timestamp(u.passwordLastUsed));
            }
            x.close("member");
        }
        x.close("Users");
        return page.finish(x);
    }

    private String listAccessKeys(StsParams params, StsCaller caller) {
        User u = user(params, caller);
        Page page = page(params, u.keys.size());
        StsXml x = new StsXml().open("AccessKeyMetadata");
        for (Key k : u.keys.subList(page.from, page.to)) {
            x.open("member").element("UserName", u.name).element("AccessKeyId", k.id)
                    .element("Status", k.active ? "Active" : "Inactive")
                    .element("CreateDate", StsXml.timestamp(k.created)).close("member");
        }
        x.close("AccessKeyMetadata");
        return page.finish(x);
    }

    private String getAccessKeyLastUsed(StsParams params) {
        String id = params.get("AccessKeyId").orElseThrow(() -> StsError.validation(
                "1 validation error detected: Value null at 'accessKeyId' failed to satisfy constraint: "
                        + "Member must not be null"));
        Key k = key(id);
        if (k == null) {
            throw StsError.accessDenied("User is not authorized to perform: iam:GetAccessKeyLastUsed on resource: "
                    + "access key " + id);
        }
        StsXml x = new StsXml().element("UserName", owner(id).name).open("AccessKeyLastUsed");
        if (k.lastUsed != null) {
            x.element("LastUsedDate", StsXml.timestamp(k.lastUsed));
        }
        x.element("ServiceName", k.lastUsed == null ? "N/A" : k.service)
                .element("Region", k.lastUsed == null ? "N/A" : k.region).close("AccessKeyLastUsed");
        return x.body();
    }

    private String generateCredentialReport() {
        generateCalls++;
        if (report != null) {
            return new StsXml().element("State", "COMPLETE").body();
        }
        if (generateCalls >= reportGenerationCalls) {
            reportTime = clock().instant().truncatedTo(ChronoUnit.SECONDS);
            report = csv();
            return new StsXml().element("State", "COMPLETE").body();
        }
        if (generateCalls == 1) {
            return new StsXml().element("Description", "No report exists. Starting a new report generation task")
                    .element("State", "STARTED").body();
        }
        return new StsXml().element("State", "INPROGRESS").body();
    }

    private String getCredentialReport() {
        if (report == null && generateCalls == 0) {
            throw new StsError("ReportNotPresent", 410, "Credential report not present. Call "
                    + "GenerateCredentialReport first.");
        }
        if (report == null) {
            throw new StsError("ReportInProgress", 404, "Credential report is being generated.");
        }
        return new StsXml()
                .element("Content", Base64.getEncoder().encodeToString(report.getBytes(StandardCharsets.UTF_8)))
                .element("ReportFormat", "text/csv").element("GeneratedTime", StsXml.timestamp(reportTime)).body();
    }

    private String getAccountSummary() {
        int keys = 0;
        int mfa = 0;
        for (User u : users.values()) {
            keys += u.keys.size();
            mfa += u.mfa.size();
        }
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("Users", users.size());
        summary.put("UsersQuota", 5000);
        summary.put("AccessKeysPerUserQuota", 2);
        summary.put("AccountAccessKeysPresent", rootAccessKeys ? 1 : 0);
        summary.put("AccountMFAEnabled", rootMfa ? 1 : 0);
        summary.put("AccountSigningCertificatesPresent", 0);
        summary.put("MFADevices", mfa);
        summary.put("MFADevicesInUse", mfa);
        StsXml x = new StsXml().open("SummaryMap");
        summary.forEach((k, v) -> x.open("entry").element("key", k).element("value", Integer.toString(v))
                .close("entry"));
        return x.close("SummaryMap").body();
    }

    private String listMfaDevices(StsParams params, StsCaller caller) {
        User u = user(params, caller);
        List<Map.Entry<String, Instant>> devices = new ArrayList<>(u.mfa.entrySet());
        Page page = page(params, devices.size());
        StsXml x = new StsXml().open("MFADevices");
        for (Map.Entry<String, Instant> d : devices.subList(page.from, page.to)) {
            x.open("member").element("UserName", u.name).element("SerialNumber", d.getKey())
                    .element("EnableDate", StsXml.timestamp(d.getValue())).close("member");
        }
        x.close("MFADevices");
        return page.finish(x);
    }

    private String getLoginProfile(StsParams params) {
        User u = users.get(params.get("UserName").orElse(""));
        if (u == null || u.passwordCreated == null) {
            throw new StsError("NoSuchEntity", 404, "Login Profile for User " + params.get("UserName").orElse("")
                    + " cannot be found.");
        }
        return new StsXml().open("LoginProfile").element("UserName", u.name)
                .element("CreateDate", StsXml.timestamp(u.passwordCreated))
                .element("PasswordResetRequired", "false").close("LoginProfile").body();
    }

    private String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", REPORT_COLUMNS)).append('\n');
        String root = "arn:aws:iam::" + registry.accountId() + ":root";
        row(sb, List.of("<root_account>", root, reportTime(accountCreated), "not_supported",
                rootPasswordLastUsed == null ? "no_information" : reportTime(rootPasswordLastUsed), "not_supported",
                "not_supported", Boolean.toString(rootMfa), Boolean.toString(rootAccessKeys),
                rootAccessKeys ? reportTime(accountCreated) : "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A",
                "N/A", "N/A", "false", "N/A", "false", "N/A"));
        for (User u : users.values()) {
            List<String> r = new ArrayList<>(List.of(u.name, arn(u), reportTime(u.created),
                    Boolean.toString(u.passwordCreated != null),
                    u.passwordCreated == null ? "N/A"
                            : u.passwordLastUsed == null ? "no_information" : reportTime(u.passwordLastUsed),
                    u.passwordCreated == null ? "N/A" : reportTime(u.passwordCreated), "N/A",
                    Boolean.toString(!u.mfa.isEmpty())));
            for (int i = 0; i < 2; i++) {
                Key k = i < u.keys.size() ? u.keys.get(i) : null;
                r.add(Boolean.toString(k != null && k.active));
                r.add(k == null ? "N/A" : reportTime(k.created));
                boolean used = k != null && k.lastUsed != null;
                r.add(used ? reportTime(k.lastUsed) : "N/A");
                r.add(used ? k.region : "N/A");
                r.add(used ? k.service : "N/A");
            }
            r.addAll(List.of("false", "N/A", "false", "N/A"));
            row(sb, r);
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, List<String> values) {
        sb.append(String.join(",", values)).append('\n');
    }

    private static String reportTime(Instant instant) {
        return REPORT_TIME.format(instant);
    }

    private User user(String userName) {
        User u = users.get(userName);
        if (u == null) {
            throw new IllegalArgumentException("no IAM user " + userName + " in this account; add it with user()");
        }
        return u;
    }

    private User user(StsParams params, StsCaller caller) {
        String name = params.get("UserName").orElseGet(() -> {
            String arn = caller.principalArn();
            return arn.contains(":user/") ? arn.substring(arn.lastIndexOf('/') + 1) : "";
        });
        User u = users.get(name);
        if (u == null) {
            throw new StsError("NoSuchEntity", 404, "The user with name " + name + " cannot be found.");
        }
        return u;
    }

    private Key key(String accessKeyId) {
        for (User u : users.values()) {
            for (Key k : u.keys) {
                if (k.id.equals(accessKeyId)) {
                    return k;
                }
            }
        }
        return null;
    }

    private User owner(String accessKeyId) {
        for (User u : users.values()) {
            for (Key k : u.keys) {
                if (k.id.equals(accessKeyId)) {
                    return u;
                }
            }
        }
        throw new IllegalStateException(accessKeyId);
    }

    private String arn(User u) {
        return "arn:aws:iam::" + registry.accountId() + ":user/" + u.name;
    }

    private static String stable(String name) {
        String hex = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().replace("-", "")
                .toUpperCase(java.util.Locale.ROOT);
        return hex.substring(0, 17);
    }

    private static Page page(StsParams params, int size) {
        int max;
        int from;
        try {
            max = Integer.parseInt(params.get("MaxItems").orElse("100"));
            from = Integer.parseInt(params.get("Marker").orElse("0"));
        } catch (NumberFormatException e) {
            throw StsError.invalidParameter("Invalid Marker or MaxItems");
        }
        if (max < 1 || max > 1000 || from < 0 || from > size) {
            throw StsError.invalidParameter("Invalid Marker or MaxItems");
        }
        return new Page(from, Math.min(size, from + max), size);
    }

    private static FakeResponse error(StsError e, String requestId) {
        return FakeResponse.of(e.status(), "text/xml",
                StsXml.error(NAMESPACE, e.type(), e.code(), e.getMessage(), requestId))
                .withHeader("x-amzn-RequestId", requestId);
    }

    @Override
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        if (status == 403) {
            return error(StsError.accessDenied("User: arn:aws:iam::" + registry.accountId()
                    + ":user/auditor is not authorized to perform: iam:" + operationOf(request)
                    + " on resource: *"), UUID.randomUUID().toString());
        }
        if (status == 429) {
            return throttleResponse(request);
        }
        return error(new StsError(status >= 500 ? "ServiceFailure" : "InvalidInput", status,
                "Injected fault: HTTP " + status), UUID.randomUUID().toString());
    }

    @Override
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return error(new StsError("Throttling", 400, "Rate exceeded"), UUID.randomUUID().toString());
    }

    @Override
    protected FakeResponse malformedResponse(RecordedRequest request) {
        String action = operationOf(request).replaceAll("[^A-Za-z]", "");
        return FakeResponse.xml("<" + action + "Response xmlns=\"" + NAMESPACE + "\"><" + action + "Result><Users>");
    }

    @Override
    public String toString() {
        return super.toString() + (verifySignatures ? "" : "[signatures not verified]");
    }

    private static final class Page {
        final int from;
        final int to;
        final int size;

        Page(int from, int to, int size) {
            this.from = from;
            this.to = to;
            this.size = size;
        }

        String finish(StsXml x) {
            boolean truncated = to < size;
            x.element("IsTruncated", Boolean.toString(truncated));
            if (truncated) {
                x.element("Marker", Integer.toString(to));
            }
            return x.body();
        }
    }

    private static final class User {
        final String name;
        final String id;
        final Instant created;
        final List<Key> keys = new ArrayList<>();
        final Map<String, Instant> mfa = new LinkedHashMap<>();
        Instant passwordCreated;
        Instant passwordLastUsed;

        User(String name, String id, Instant created) {
            this.name = name;
            this.id = id;
            this.created = created;
        }
    }

    /** An access key's metadata (the secret lives in the registry only). */
    private static final class Key {
        final String id;
        final Instant created;
        boolean active;
        Instant lastUsed;
        String service;
        String region;

        Key(String id, Instant created, boolean active) {
            this.id = id;
            this.created = created;
            this.active = active;
        }
    }

    /** Builds a {@link FakeIam}. */
    public interface Builder {
        /** The clock. Default: system UTC. */
        Builder clock(MutableClock clock);

        /** The registry keys are seeded into. Default: a new one. */
        Builder registry(CredentialRegistry registry);

        /** The port; 0 (default) picks a free one. */
        Builder port(int port);

        /** Whether SigV4 signatures are verified. Default true. */
        Builder verifySignatures(boolean verify);

        /** Seeds the account (users, keys, MFA, root settings) once the fake is built. */
        Builder seed(Consumer<FakeIam> seeder);

        /** Builds the fake (not started). */
        FakeIam build();
    }

    private static final class BuilderImpl implements Builder {
        private MutableClock clock;
        private CredentialRegistry registry;
        private int port;
        private boolean verifySignatures = true;
        private final List<Consumer<FakeIam>> seeds = new ArrayList<>();

        @Override
        public Builder clock(MutableClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public Builder registry(CredentialRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        @Override
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        @Override
        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        @Override
        public Builder seed(Consumer<FakeIam> seeder) {
            seeds.add(Objects.requireNonNull(seeder, "seeder"));
            return this;
        }

        @Override
        public FakeIam build() {
            if (clock == null) {
                clock = MutableClock.systemUtc();
            }
            if (registry == null) {
                registry = CredentialRegistry.create();
            }
            return new FakeIam(this);
        }
    }
}
