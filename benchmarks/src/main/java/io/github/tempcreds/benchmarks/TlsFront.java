package io.github.tempcreds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS front for the testkit's plain-HTTP fakes, for cold-start measurements over HTTPS as a real STS
 * endpoint is: accepts TLS on a loopback port and relays the bytes to a loopback plain-HTTP port.
 * Measurement tooling only (one thread per connection, no limits).
 *
 * <pre>
 * keytool -genkeypair -alias front -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1 \
 *   -validity 30 -keystore /tmp/tls/server.p12 -storepass changeit
 * java -cp benchmarks.jar io.github.tempcreds.benchmarks.TlsFront /tmp/tls/server.p12 changeit 47311 47301 &amp;
 * </pre>
 *
 * The measured JVMs trust it through a copy of the JDK's {@code cacerts} with the front's certificate
 * added ({@code -Djavax.net.ssl.trustStore=...}), so both sides load a full-size trust store.
 */
public final class TlsFront {
    private TlsFront() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TlsFront KEYSTORE.p12 PASSWORD LISTEN_PORT TARGET_PORT");
            System.exit(2);
        }
        char[] password = args[1].toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        int target = Integer.parseInt(args[3]);
        try (ServerSocket server = tls.getServerSocketFactory().createServerSocket(Integer.parseInt(args[2]), 100,
                InetAddress.getLoopbackAddress())) {
            System.out.println("ready");
            while (true) {
                Socket client = server.accept();
                Thread t = new Thread(() -> relay(client, target), "tls-front");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void relay(Socket client, int target) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            Thread back = new Thread(() -> copy(upstream, client), "tls-front-back");
            back.setDaemon(true);
            back.start();
            copy(client, upstream);
            back.join();
        } catch (IOException | InterruptedException e) {
            // the connection ends; nothing to report for a measurement relay
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // closed by the other side
        }
    }
}
