package io.github.tempcreds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS front relays an HTTPS request to a plain-HTTP server, so the HTTPS cold-start runs cannot rot. */
class TlsFrontTest {
    @Test
    void httpsRequest_relayedToPlainHttpServer(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("front.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "front", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", exchange -> {
            byte[] body = ("relayed " + exchange.getRequestMethod()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        plain.start();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Thread front = new Thread(() -> {
            try {
                TlsFront.main(new String[] {keystore.toString(), "changeit", String.valueOf(port),
                        String.valueOf(plain.getAddress().getPort())});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "tls-front-test");
        front.setDaemon(true);
        front.start();
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/x"))
                    .timeout(Duration.ofSeconds(20)).build();
            HttpResponse<String> response = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (response == null) { // the front may not be listening yet
                try {
                    response = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.net.ConnectException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(20); // polling for the listener only; the result never depends on it
                }
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("relayed GET");
        } finally {
            plain.stop(0);
        }
    }
}
