package io.github.tempcreds.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.RefreshableCredentialsProvider;
import io.github.tempcreds.core.TempcredsEnvironment;
import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.core.sts.WebIdentityCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import io.github.tempcreds.testkit.MutableClock;

/**
 * Endpoint overrides that would send credentials or tokens over plain HTTP to a non-loopback,
 * non-link-local host are refused before any connection, for every provider that has an override (builder
 * setting or environment variable). The "remote" host is this machine's own non-loopback address, where a
 * listener counts connections: nothing leaves the machine, and a refused override must produce zero
 * connections.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointHardeningTest {
    @TempDir
    Path home;
    ServerSocket listener;
    final AtomicInteger connections = new AtomicInteger();
    URI remote;
    Thread acceptor;

    @BeforeEach
    void listen() throws IOException {
        InetAddress address = nonLoopbackAddress();
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress(address, 0));
        listener.setSoTimeout(200);
        remote = URI.create("http://" + address.getHostAddress() + ":" + listener.getLocalPort() + "/");
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    listener.accept().close();
                    connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                    // poll again
                } catch (IOException e) {
                    return;
                }
            }
        }, "endpoint-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void close() throws Exception {
        listener.close();
        acceptor.join(2000);
    }

    /** A non-loopback address of this machine, or TEST-NET-1 (never routed) when there is none. */
    static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        throw new org.opentest4j.TestAbortedException("no non-loopback IPv4 address on this machine");
    }

    TempcredsEnvironment.Builder env() {
        return TempcredsEnvironment.builder().clock(MutableClock.at(Instant.parse("2026-01-01T00:00:00Z")))
                .homeDirectory(home);
    }

    /** Builds and calls; the refusal may come from build() or from the first call, but before any connection. */
    void assertRefused(String what, Function<URI, RefreshableCredentialsProvider> build) {
        RuntimeException refusal = null;
        RefreshableCredentialsProvider p = null;
        try {
            p = build.apply(remote);
            p.resolveCredentials();
        } catch (RuntimeException e) {
            refusal = e;
        } finally {
            if (p != null) {
                p.close();
            }
        }
        assertThat(refusal).as(what + " is refused").isNotNull();
        assertThat(refusal).as(what).isInstanceOfAny(CredentialsConfigurationException.class,
                IllegalArgumentException.class);
        assertThat(refusal.getMessage()).as(what + " says how to opt in").containsIgnoringCase("allowInsecureEndpoint");
        assertThat(connections.get()).as(what + ": no connection reached the host").isZero();
        REFUSALS.add(what + " → " + refusal.getClass().getSimpleName());
    }

    static final List<String> REFUSALS = Collections.synchronizedList(new ArrayList<>());

    @Test
    void imds_builderEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("IMDS endpoint(..)", u -> ImdsCredentialsProvider.builder().endpoint(u).environment(env().build())
                .build());
    }

    @Test
    void imds_environmentEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("IMDS AWS_EC2_METADATA_SERVICE_ENDPOINT", u -> ImdsCredentialsProvider.builder()
                .environment(env().env("AWS_EC2_METADATA_SERVICE_ENDPOINT", u.toString()).build()).build());
    }

    @Test
    void roleChain_builderEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("role chain endpoint(..)", u -> RoleChainCredentialsProvider.builder().environment(env().build())
                .endpoint(u).region("us-east-1").addHop("arn:aws:iam::123456789012:role/App")
                .source(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATESTENDPOINT001", "testsecret")))
                .build());
    }

    @Test
    void roleChain_environmentEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("role chain AWS_ENDPOINT_URL_STS", u -> RoleChainCredentialsProvider.builder()
                .environment(env().env("AWS_ENDPOINT_URL_STS", u.toString()).build()).region("us-east-1")
                .addHop("arn:aws:iam::123456789012:role/App")
                .source(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATESTENDPOINT001", "testsecret")))
                .build());
    }

    @Test
    void webIdentity_environmentEndpointPlainHttpRemote_refusedBeforeConnecting() throws IOException {
        Path token = Files.writeString(home.resolve("token"), "header.payload.signature");
        assertRefused("web identity AWS_ENDPOINT_URL (all services)", u -> WebIdentityCredentialsProvider.builder()
                .environment(env().env("AWS_ENDPOINT_URL", u.toString()).build())
                .roleArn("arn:aws:iam::123456789012:role/Pod").webIdentityTokenFile(token).region("us-east-1").build());
    }

    SsoSessionCredentialsProvider.Builder sso(TempcredsEnvironment env) {
        return SsoSessionCredentialsProvider.builder().ssoSession("s").startUrl("https://example.awsapps.com/start")
                .ssoRegion("us-east-1").accountId("123456789012").roleName("ReadOnly").environment(env);
    }

    @Test
    void sso_portalEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("SSO portalEndpoint(..)", u -> sso(env().build()).portalEndpoint(u).build());
    }

    @Test
    void sso_oidcEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("SSO oidcEndpoint(..)", u -> sso(env().build()).oidcEndpoint(u).build());
    }

    @Test
    void sso_environmentEndpointPlainHttpRemote_refusedBeforeConnecting() {
        assertRefused("SSO AWS_ENDPOINT_URL_SSO", u -> sso(env().env("AWS_ENDPOINT_URL_SSO", u.toString()).build())
                .build());
    }
}
