package io.github.tempcreds.testkit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.tempcreds.testkit.FakeResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns fake responses into WireMock response definitions. Internal: no compatibility promise.
 */
public final class WireResponses {
    private WireResponses() {
    }

    /** A response definition for a fake response. */
    public static ResponseDefinition of(FakeResponse response) {
        return builder(response).build();
    }

    /** A response definition whose body is dripped over {@code total}. */
    public static ResponseDefinition dripped(FakeResponse response, Duration total) {
        int chunks = Math.max(2, Math.min(20, response.body().length));
        return builder(response).withChunkedDribbleDelay(chunks, (int) Math.max(1, total.toMillis())).build();
    }

    /** A response definition that injects a connection-level fault. */
    public static ResponseDefinition fault(Fault fault) {
        return ResponseDefinitionBuilder.responseDefinition().withFault(fault).build();
    }

    /** {@code size} bytes of printable filler. */
    public static byte[] filler(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static ResponseDefinitionBuilder builder(FakeResponse response) {
        List<HttpHeader> headers = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : response.headers().entrySet()) {
            headers.add(new HttpHeader(e.getKey(), e.getValue()));
        }
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(response.status())
                .withHeaders(new HttpHeaders(headers))
                .withBody(response.body());
    }

    /**
     * Removes the headers WireMock adds to every matched response ({@code Matched-Stub-Id},
     * {@code Matched-Stub-Name}): AWS never sends them, so a client could tell a fake from the service.
     * Applied globally, after the response is rendered (faults and delays are kept).
     */
    public static final class StripWireMockHeaders implements ResponseTransformerV2 {
        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            HttpHeaders in = response.getHeaders();
            if (in == null) {
                return response;
            }
            List<HttpHeader> kept = new ArrayList<>();
            boolean dropped = false;
            for (HttpHeader h : in.all()) {
                if (h.key().toLowerCase(Locale.ROOT).startsWith("matched-stub-")) {
                    dropped = true;
                } else {
                    kept.add(h);
                }
            }
            return dropped ? Response.Builder.like(response).but().headers(new HttpHeaders(kept)).build() : response;
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }

        @Override
        public String getName() {
            return "tempcreds-strip-wiremock-headers";
        }
    }
}
