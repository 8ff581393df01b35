package io.github.tempcreds.benchmarks;

import io.github.tempcreds.core.sts.RoleChainCredentialsProvider;
import io.github.tempcreds.imds.ImdsCredentialsProvider;
import io.github.tempcreds.sso.SsoSessionCredentialsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Cold start as a user meets it: a new JVM builds one provider, resolves credentials once and exits.
 * Run against the testkit launcher (a separate process) started with the configuration {@code setup}
 * writes:
 *
 * <pre>
 * java -cp benchmarks.jar io.github.tempcreds.benchmarks.ColdStart setup DIR 47100   # writes DIR/launcher.json, DIR/aws-config
 * java -jar tempcreds-testkit-*-standalone.jar --config DIR/launcher.json --port-base 47100 &amp;
 * java -cp benchmarks.jar io.github.tempcreds.benchmarks.ColdStart imds  ours|sdk http://127.0.0.1:47100/
 * java -cp benchmarks.jar io.github.tempcreds.benchmarks.ColdStart chain ours|sdk|direct http://127.0.0.1:47101/
 * HOME=DIR/home AWS_CONFIG_FILE=DIR/aws-config AWS_ENDPOINT_URL_SSO=http://127.0.0.1:47102 \
 *   java -cp benchmarks.jar io.github.tempcreds.benchmarks.ColdStart sso ours|sdk
 * </pre>
 *
 * <p>{@code imds}: {@code ImdsCredentialsProvider} vs the SDK's {@code InstanceProfileCredentialsProvider};
 * {@code chain}: {@code RoleChainCredentialsProvider} with two hops from a user key vs two of the SDK's
 * {@code StsAssumeRoleCredentialsProvider}s ({@code direct}: no provider, one {@code StsClient} called
 * directly for both hops, to attribute the difference); {@code sso}: {@code SsoSessionCredentialsProvider} for an
 * {@code sso_session} profile vs the SDK's {@code ProfileCredentialsProvider} for the same profile, with
 * the token cache the launcher seeds; {@code http sdkclient|raw ENDPOINT}: one IMDS token request
 * through the SDK's {@code UrlConnectionHttpClient} (what ours uses) or a plain
 * {@code HttpURLConnection} (what the SDK's IMDS provider uses), to attribute the IMDS difference. Each variant is in a class of its own, so a run loads only its own
 * provider's classes. With {@code -Dcoldstart.timing=true} it also prints the milliseconds spent building
 * the provider and in the first call.
 */
public final class ColdStart {
    static final String USER_KEY = "AKIATESTCOLDSTART01";
    static final String USER_SECRET = "testsecret";
    static final String ROLE_1 = "arn:aws:iam::123456789012:role/cold-hop1";
    static final String ROLE_2 = "arn:aws:iam::123456789012:role/cold-hop2";
    static final String PROFILE = "cold-sso";

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 1 && args[0].equals("setup")) {
            setup(Path.of(args[1]));
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: ColdStart imds|chain|sso ours|sdk [endpoint] | ColdStart setup DIR");
            System.exit(2);
        }
        if (args[0].equals("http")) { // one IMDS token PUT: through the SDK's HTTP client (as ours) or HttpURLConnection (as the SDK's provider)
            System.out.println("status=" + (args[1].equals("sdkclient") ? Http.sdkClient(args[2]) : Http.raw(args[2])));
            return;
        }
        long start = System.nanoTime();
        boolean ours = args[1].equals("ours");
        String endpoint = args.length > 2 ? args[2] : null;
        AwsCredentialsProvider provider;
        switch (args[0]) {
            case "imds":
                provider = ours ? Imds.ours(endpoint) : Imds.sdk(endpoint);
                break;
            case "chain":
                provider = ours ? Chain.ours(endpoint) : args[1].equals("direct") ? Chain.direct(endpoint) : Chain.sdk(endpoint);
                break;
            case "sso":
                provider = ours ? Sso.ours() : Sso.sdk();
                break;
            default:
                throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        long built = System.nanoTime();
        AwsCredentials credentials = provider.resolveCredentials();
        long first = System.nanoTime();
        System.out.println("accessKeyId=" + credentials.accessKeyId());
        if (Boolean.getBoolean("coldstart.timing")) {
            System.out.printf("build_ms=%.1f first_call_ms=%.1f%n", (built - start) / 1e6, (first - built) / 1e6);
        }
        if (provider instanceof AutoCloseable) {
            ((AutoCloseable) provider).close();
        }
    }

    /** Writes the launcher's configuration and the AWS config file of the SSO profile into {@code dir}. */
    static void setup(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("home"));
        Files.writeString(dir.resolve("launcher.json"), String.join("\n",
                "{",
                "  \"userKeys\": [{\"userName\": \"cold\", \"accessKeyId\": \"" + USER_KEY + "\", \"secretAccessKey\": \""
                        + USER_SECRET + "\"}],",
                "  \"roles\": [{\"arn\": \"" + ROLE_1 + "\", \"trustedAccounts\": [\"123456789012\"]},",
                "            {\"arn\": \"" + ROLE_2 + "\", \"trustedAccounts\": [\"123456789012\"]}],",
                "  \"imds\": {\"roleName\": \"cold-role\"},",
                "  \"sso\": {\"accounts\": [{\"accountId\": \"111122223333\", \"roles\": [\"ReadOnly\"]}],",
                "          \"sessions\": [{\"name\": \"" + PROFILE + "\", \"home\": \"home\"}]}",
                "}", ""), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("aws-config"), String.join("\n",
                "[profile " + PROFILE + "]",
                "sso_session = " + PROFILE,
                "sso_account_id = 111122223333",
                "sso_role_name = ReadOnly",
                "region = us-east-1",
                "",
                "[sso-session " + PROFILE + "]",
                "sso_start_url = https://tempcreds-fake.awsapps.com/start",
                "sso_region = us-east-1",
                "sso_registration_scopes = sso:account:access",
                ""), StandardCharsets.UTF_8);
    }

    private static final class Imds {
        static AwsCredentialsProvider ours(String endpoint) {
            return ImdsCredentialsProvider.builder().endpoint(URI.create(endpoint)).build();
        }

        static AwsCredentialsProvider sdk(String endpoint) {
            return InstanceProfileCredentialsProvider.builder().endpoint(endpoint).build();
        }
    }

    private static final class Chain {
        static AwsCredentialsProvider ours(String endpoint) {
            return RoleChainCredentialsProvider.builder()
                    .source(StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET)))
                    .endpoint(URI.create(endpoint)).region("us-east-1").defaultRoleSessionName("cold")
                    .addHop(ROLE_1).addHop(ROLE_2).build();
        }

        /**
         * Attribution: no provider at all, one {@code StsClient} called directly for both hops (each
         * request carrying the previous hop's credentials), as the role chain uses the SDK.
         */
        static AwsCredentialsProvider direct(String endpoint) {
            StsClient client = StsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                    .credentialsProvider(AnonymousCredentialsProvider.create()).build();
            return () -> {
                AwsCredentialsProvider source = StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET));
                AwsCredentials result = null;
                for (String role : new String[] {ROLE_1, ROLE_2}) {
                    AwsCredentialsProvider signer = source;
                    Credentials c = client.assumeRole(r -> r.roleArn(role).roleSessionName("cold")
                            .overrideConfiguration(o -> o.credentialsProvider(signer))).credentials();
                    result = AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
                    source = StaticCredentialsProvider.create(result);
                }
                client.close();
                return result;
            };
        }

        static AwsCredentialsProvider sdk(String endpoint) {
            AwsCredentialsProvider source = StaticCredentialsProvider.create(AwsBasicCredentials.create(USER_KEY, USER_SECRET));
            for (String role : new String[] {ROLE_1, ROLE_2}) {
                StsClient client = StsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                        .credentialsProvider(source).build();
                source = StsAssumeRoleCredentialsProvider.builder().stsClient(client)
                        .refreshRequest(r -> r.roleArn(role).roleSessionName("cold")).build();
            }
            return source;
        }
    }

    /** Attribution: the HTTP layer alone, one IMDSv2 token request, in a new JVM. */
    private static final class Http {
        static int sdkClient(String endpoint) throws IOException {
            SdkHttpClient client = UrlConnectionHttpClient.create(uri -> {
                try {
                    return (HttpURLConnection) uri.toURL().openConnection();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().uri(URI.create(endpoint + "latest/api/token"))
                    .method(SdkHttpMethod.PUT).putHeader("x-aws-ec2-metadata-token-ttl-seconds", "21600").build();
            try {
                return client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call()
                        .httpResponse().statusCode();
            } finally {
                client.close();
            }
        }

        static int raw(String endpoint) throws IOException {
            HttpURLConnection c = (HttpURLConnection) URI.create(endpoint + "latest/api/token").toURL().openConnection();
            c.setRequestMethod("PUT");
            c.setRequestProperty("x-aws-ec2-metadata-token-ttl-seconds", "21600");
            int status = c.getResponseCode();
            c.getInputStream().readAllBytes();
            return status;
        }
    }

    private static final class Sso {
        static AwsCredentialsProvider ours() {
            return SsoSessionCredentialsProvider.builder().profileName(PROFILE).build();
        }

        static AwsCredentialsProvider sdk() {
            return ProfileCredentialsProvider.builder().profileName(PROFILE).build();
        }
    }
}
