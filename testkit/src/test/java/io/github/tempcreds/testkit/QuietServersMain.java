package io.github.tempcreds.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Child JVM of {@link ServerLoggingIT}: starts a {@link FakeAws}, makes one signed STS request and one IMDS
 * token request (headers Jetty would log), stops it and prints {@code DONE <arn>}. Logging is whatever the
 * parent passed as slf4j-simple system properties.
 */
public final class QuietServersMain {
    private QuietServersMain() {
    }

    public static void main(String[] args) throws Exception {
        String arn;
        try (FakeAws aws = FakeAws.create().start()) {
            aws.registry().seedUserKey("AKIATESTQUIET00001", "quiet-secret-0123456789", "alice");
            try (StsClient sts = StsClient.builder().endpointOverride(aws.sts().uri()).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("AKIATESTQUIET00001", "quiet-secret-0123456789")))
                    .build()) {
                arn = sts.getCallerIdentity().arn();
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> token = http.send(java.net.http.HttpRequest.newBuilder(
                            aws.imds().uri().resolve("latest/api/token"))
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "21600")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("IMDS token PUT answered " + token.statusCode());
            }
        }
        System.out.flush();
        System.out.println("DONE " + arn);
    }
}
