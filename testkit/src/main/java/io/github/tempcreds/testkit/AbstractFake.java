package io.github.tempcreds.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.tempcreds.testkit.internal.ServerLogging;
import io.github.tempcreds.testkit.internal.WireResponses;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base of every fake endpoint: an HTTP server on loopback, a request journal, fault injection and a
 * controllable clock. A subclass speaks one protocol by implementing {@link #handle(RecordedRequest)}.
 *
 * <p>Life cycle, as with OkHttp's MockWebServer: build, {@link #start()}, point a client at
 * {@link #url()}, assert on {@link #journal()} or {@link #takeRequest(Duration)}, {@link #close()}.
 *
 * <p>Concurrency: requests are served on the server's threads, concurrently. The journal and the fault
 * list are concurrent collections; a fault's remaining count is decremented atomically, so a fault
 * injected {@code times(n)} hits exactly {@code n} requests. A request takes the current
 * {@link #hangRelease} latch before it is journaled and, if a hang fault hits it, waits on that latch;
 * {@link #clearFaults()} (which swaps in a new latch) and {@link #close()} release it. So a test that sees a
 * request in the journal and then clears faults always releases that request. Subclasses must make {@code handle}
 * thread-safe.
 *
 * @param <F> the concrete fake type, returned by {@link #start()}
 */
public abstract class AbstractFake<F extends AbstractFake<F>> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractFake.class);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final MutableClock clock;
    private final String bindAddress;
    private final int requestedPort;
    private final List<RecordedRequest> journal = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedRequest> unread = new LinkedBlockingQueue<>();
    private final CopyOnWriteArrayList<ActiveFault> faults = new CopyOnWriteArrayList<>();
    private final AtomicReference<CountDownLatch> hangRelease = new AtomicReference<>(new CountDownLatch(1));
    private volatile boolean closing;
    private WireMockServer server;

    /**
     * Creates a fake.
     *
     * @param clock the clock for everything the fake issues and validates
     * @param bindAddress the loopback address to bind, {@code 127.0.0.1} or {@code ::1}
     * @param port the port, or 0 for a free one
     */
    protected AbstractFake(MutableClock clock, String bindAddress, int port) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        this.requestedPort = port;
    }

    /** The fake's name in logs and in {@code toString()}, e.g. {@code FakeImds}. */
    protected String name() {
        return getClass().getSimpleName();
    }

    /**
     * Starts the server on loopback.
     *
     * @return this fake
     * @throws IllegalStateException if it was already started
     */
    @SuppressWarnings("unchecked")
    public synchronized F start() {
        if (server != null) {
            throw new IllegalStateException(name() + " was already started");
        }
        ServerLogging.quiet(); // before Jetty's classes create their loggers
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress(bindAddress)
                .containerThreads(64)
                .jettyAcceptors(1)
                .templatingEnabled(false)
                .gzipDisabled(true)
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .http2PlainDisabled(true)
                .notifier(ServerLogging.notifier())
                .extensions(new Dispatcher(), new WireResponses.StripWireMockHeaders());
        if (requestedPort == 0) {
            options.dynamicPort();
        } else {
            options.port(requestedPort);
        }
        WireMockServer s = new WireMockServer(options);
        s.start();
        s.stubFor(any(anyUrl()).willReturn(ok()));
        server = s;
        LOG.debug("{} listening on {}", name(), url());
        return (F) this;
    }

    /** The base URL, such as {@code http://127.0.0.1:41234/}, with a trailing slash. */
    public String url() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return "http://" + host + ":" + port() + "/";
    }

    /** The base URL as a URI. */
    public URI uri() {
        return URI.create(url());
    }

    /**
     * The port the fake listens on.
     *
     * @throws IllegalStateException if it was not started
     */
    public int port() {
        WireMockServer s = server;
        if (s == null) {
            throw new IllegalStateException(name() + " is not started");
        }
        return s.port();
    }

    /** The clock the fake issues and validates with. */
    public MutableClock clock() {
        return clock;
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> journal() {
        return List.copyOf(journal);
    }

    /** The requests received so far for one operation, oldest first. */
    public List<RecordedRequest> journal(String operation) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : journal) {
            if (r.operation().equals(operation)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Forgets the journal. */
    public void clearJournal() {
        journal.clear();
        unread.clear();
    }

    /**
     * The oldest request not yet taken, waiting up to {@code timeout} for one.
     *
     * @return the request, or {@code null} when none arrived in time
     * @throws InterruptedException if interrupted while waiting
     */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return unread.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Injects a fault; the newest matching fault wins. */
    public void inject(Fault fault) {
        faults.add(0, new ActiveFault(Objects.requireNonNull(fault, "fault")));
    }

    /** Removes every fault and lets hung requests go on normally. */
    public void clearFaults() {
        faults.clear();
        hangRelease.getAndSet(new CountDownLatch(1)).countDown();
    }

    /**
     * The raw WireMock server, for users who need it. Prefer the fake's own API: this escape hatch
     * couples a test to WireMock.
     */
    public WireMockServer wireMock() {
        return server;
    }

    /** Stops the server and releases hung requests. Idempotent. */
    @Override
    public synchronized void close() {
        closing = true;
        hangRelease.get().countDown();
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /**
     * Answers one request. Called concurrently from the server's threads.
     *
     * @param request the request, with {@link RecordedRequest#operation()} set
     * @return the response
     */
    protected abstract FakeResponse handle(RecordedRequest request);

    /** The protocol operation of a request, for the journal and for fault selectors. */
    protected String operationOf(RecordedRequest request) {
        return request.method() + " " + request.path();
    }

    /** The protocol's error answer for a status code (used by {@link Fault#status(int)}). */
    protected FakeResponse errorResponse(RecordedRequest request, int status) {
        return FakeResponse.of(status, "text/plain", "HTTP " + status);
    }

    /** The protocol's throttling answer (used by {@link Fault#throttle()}). */
    protected FakeResponse throttleResponse(RecordedRequest request) {
        return FakeResponse.of(429, "text/plain", "Too Many Requests");
    }

    /** A 200 answer the protocol's clients cannot parse (used by {@link Fault#malformedBody()}). */
    protected FakeResponse malformedResponse(RecordedRequest request) {
        return FakeResponse.of(200, "text/plain", "{\"this is\": <not valid json or xml");
    }

    private FakeResponse withDate(FakeResponse r) {
        if (r.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Date"))) {
            return r;
        }
        return r.withHeader("Date", HTTP_DATE.format(clock.instant()));
    }

    private ResponseDefinition serve(Request wire) {
        // Taken before the request is journaled: a clearFaults() that a test runs after seeing this request
        // in the journal releases this latch, so a hang decided later still ends (no lost wake-up).
        CountDownLatch release = hangRelease.get();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader h : wire.getHeaders().all()) {
            headers.put(h.key(), h.values());
        }
        RecordedRequest request = new RecordedRequest(wire.getMethod().getName(), wire.getUrl(), headers,
                wire.getBody(), clock.instant());
        request.operation(safeOperation(request));
        journal.add(request);
        unread.add(request);

        Fault fault = takeFault(request);
        if (fault == null) {
            return answer(request, null);
        }
        LOG.debug("{} injecting {} for {}", name(), fault, request);
        switch (fault.kind()) {
            case STATUS:
                return WireResponses.of(withDate(errorResponse(request, fault.statusCode())));
            case BODY:
                return WireResponses.of(withDate(FakeResponse.of(fault.statusCode(), fault.contentType(),
                        fault.bodyText())));
            case THROTTLE:
                return WireResponses.of(withDate(throttleResponse(request)));
            case LATENCY:
                sleep(fault.duration());
                return answer(request, null);
            case HANG:
                if (!awaitRelease(release)) {
                    return WireResponses.fault(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE);
                }
                return answer(request, null);
            case CONNECTION_RESET:
                return WireResponses.fault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE:
                return WireResponses.fault(com.github.tomakehurst.wiremock.http.Fault.EMPTY_RESPONSE);
            case RANDOM_DATA_THEN_CLOSE:
                return WireResponses.fault(com.github.tomakehurst.wiremock.http.Fault.RANDOM_DATA_THEN_CLOSE);
            case EMPTY_BODY:
                return WireResponses.of(withDate(FakeResponse.status(200)));
            case MALFORMED_BODY:
                return WireResponses.of(withDate(malformedResponse(request)));
            case SLOW_DRIP:
                return answer(request, fault.duration());
            case LARGE_BODY:
                return WireResponses.of(withDate(FakeResponse.status(200)
                        .withHeader("Content-Type", "text/plain").withBody(WireResponses.filler(fault.size()))));
            default:
                throw new IllegalStateException("unknown fault " + fault.kind());
        }
    }

    private String safeOperation(RecordedRequest request) {
        try {
            return operationOf(request);
        } catch (RuntimeException e) {
            return request.method() + " " + request.path();
        }
    }

    private ResponseDefinition answer(RecordedRequest request, Duration drip) {
        FakeResponse response;
        try {
            response = handle(request);
        } catch (RuntimeException e) {
            LOG.warn("{} failed to handle {}: {}", name(), request, e.toString());
            response = errorResponse(request, 500);
        }
        response = withDate(response);
        return drip == null ? WireResponses.of(response) : WireResponses.dripped(response, drip);
    }

    private Fault takeFault(RecordedRequest request) {
        for (ActiveFault active : faults) {
            if (active.fault.matches(request) && active.take()) {
                if (active.exhausted()) {
                    faults.remove(active);
                }
                return active.fault;
            }
        }
        return null;
    }

    private boolean awaitRelease(CountDownLatch latch) {
        try {
            while (!closing) {
                if (latch.await(100, TimeUnit.MILLISECONDS)) {
                    return !closing;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        WireMockServer s = server;
        return name() + "(" + (s == null ? "stopped" : url()) + ")";
    }

    private static final class ActiveFault {
        final Fault fault;
        final AtomicInteger remaining;

        ActiveFault(Fault fault) {
            this.fault = fault;
            this.remaining = new AtomicInteger(fault.limit());
        }

        boolean take() {
            if (fault.limit() < 0) {
                return true;
            }
            while (true) {
                int r = remaining.get();
                if (r <= 0) {
                    return false;
                }
                if (remaining.compareAndSet(r, r - 1)) {
                    return true;
                }
            }
        }

        boolean exhausted() {
            return fault.limit() >= 0 && remaining.get() <= 0;
        }
    }

    private final class Dispatcher implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            return serve(serveEvent.getRequest());
        }

        @Override
        public String getName() {
            return "tempcreds-dispatcher-" + System.identityHashCode(AbstractFake.this);
        }
    }
}
