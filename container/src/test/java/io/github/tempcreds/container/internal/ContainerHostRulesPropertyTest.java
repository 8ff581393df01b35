package io.github.tempcreds.container.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.tempcreds.core.CredentialsConfigurationException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Plain http is allowed exactly to loopback, 169.254.170.2, 169.254.170.23 and fd00:ec2::23; https always. */
class ContainerHostRulesPropertyTest {
    private static final ContainerSettings.Resolver LITERAL = host -> new InetAddress[] {InetAddress.getByName(host)};

    @Property(tries = 500)
    void ipv4_httpAllowedIffLoopbackOrAgent(@ForAll @IntRange(min = 0, max = 255) int a,
                                             @ForAll @IntRange(min = 0, max = 255) int b,
                                             @ForAll @IntRange(min = 0, max = 255) int c,
                                             @ForAll @IntRange(min = 0, max = 255) int d) {
        String ip = a + "." + b + "." + c + "." + d;
        boolean expected = a == 127 || ip.equals("169.254.170.2") || ip.equals("169.254.170.23");
        assertThat(allowed("http://" + ip + "/creds")).as(ip).isEqualTo(expected);
        assertThat(allowed("https://" + ip + "/creds")).as("https " + ip).isTrue();
    }

    @Property(tries = 300)
    void ipv6_httpAllowedIffLoopbackOrPodIdentity(@ForAll @IntRange(min = 0, max = 0xffff) int last,
                                                   @ForAll boolean ec2Prefix) throws UnknownHostException {
        String ip = (ec2Prefix ? "fd00:ec2::" : "::") + Integer.toHexString(last);
        InetAddress addr = InetAddress.getByName(ip);
        boolean expected = addr.isLoopbackAddress() || (ec2Prefix && last == 0x23);
        assertThat(allowed("http://[" + ip + "]/creds")).as(ip).isEqualTo(expected);
    }

    private static boolean allowed(String uri) {
        try {
            ContainerSettings.checkUri(URI.create(uri), "test", LITERAL);
            return true;
        } catch (CredentialsConfigurationException e) {
            return false;
        }
    }
}
