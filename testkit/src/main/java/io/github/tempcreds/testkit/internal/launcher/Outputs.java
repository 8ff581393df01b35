package io.github.tempcreds.testkit.internal.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tempcreds.testkit.FakeAws;
import io.github.tempcreds.testkit.FakeSso;
import io.github.tempcreds.testkit.internal.PrivateFileWriter;
import java.nio.file.Path;

/**
 * Everything the launcher minted or seeded, written as one JSON document ({@code --outputs FILE} or the
 * configuration's {@code outputs}) so that a harness in any language finds endpoints, file paths, client
 * registrations and tokens without parsing the console. The values are test values, some of them secrets
 * of the fake account (tokens, client secrets, user keys): the file is owner-only and written atomically.
 * Internal: no compatibility promise. Not thread-safe (filled by the launcher's one thread).
 */
public final class Outputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = JSON.createObjectNode();

    Outputs() {
        root.putObject("endpoints");
        root.putObject("environment");
        root.putArray("userKeys");
        root.putArray("roles");
        root.putArray("webIdentityIssuers");
        root.putArray("webIdentityTokenFiles");
        root.putArray("externalIssuers");
        root.putArray("ssoSessions");
        root.putArray("cognitoPools");
    }

    void userKey(String userName, String accessKeyId, String secretAccessKey) {
        root.withArray("userKeys").addObject().put("userName", userName).put("accessKeyId", accessKeyId)
                .put("secretAccessKey", secretAccessKey);
    }

    void role(String arn) {
        root.withArray("roles").add(arn);
    }

    void issuer(String issuer, String algorithm, String keyId, Path jwksFile) {
        ObjectNode o = root.withArray("webIdentityIssuers").addObject().put("issuer", issuer)
                .put("algorithm", algorithm).put("keyId", keyId);
        if (jwksFile != null) {
            o.put("jwksFile", jwksFile.toAbsolutePath().toString());
        }
    }

    void tokenFile(String issuer, Path path, String subject, String audience, long expiresAtEpochSecond) {
        root.withArray("webIdentityTokenFiles").addObject().put("issuer", issuer)
                .put("path", path.toAbsolutePath().toString()).put("subject", subject).put("audience", audience)
                .put("expiresAt", java.time.Instant.ofEpochSecond(expiresAtEpochSecond).toString());
    }

    void externalIssuer(String issuer, String jwksJson) {
        ObjectNode o = root.withArray("externalIssuers").addObject().put("issuer", issuer);
        try {
            o.set("jwks", JSON.readTree(jwksJson));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the JWKS did not round-trip", e);
        }
    }

    void ssoSession(String name, Path home, Path cacheFile, String startUrl, String region, FakeSso.Session s) {
        root.withArray("ssoSessions").addObject().put("name", name)
                .put("home", home.toAbsolutePath().toString())
                .put("cacheFile", cacheFile.toAbsolutePath().toString())
                .put("startUrl", startUrl).put("region", region)
                .put("accessToken", s.accessToken()).put("accessTokenExpiresAt", s.accessTokenExpiresAt().toString())
                .put("refreshToken", s.refreshToken())
                .put("clientId", s.clientId()).put("clientSecret", s.clientSecret())
                .put("registrationExpiresAt", s.registrationExpiresAt().toString());
    }

    void cognitoPool(String id) {
        root.withArray("cognitoPools").add(id);
    }

    /** Adds what only the running fakes know: endpoints, environment, account, the container token file. */
    public void running(FakeAws aws) {
        root.put("accountId", aws.accountId()).put("region", aws.region());
        ObjectNode endpoints = root.withObject("/endpoints");
        aws.endpoints().forEach(endpoints::put);
        ObjectNode env = root.withObject("/environment");
        aws.environmentVariables().forEach(env::put);
        aws.container().tokenFile().ifPresent(f -> root.put("containerTokenFile", f.toAbsolutePath().toString()));
    }

    /** The document. */
    public String json() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the outputs as JSON", e);
        }
    }

    /** Writes the document to {@code file}, owner-only and atomically. */
    public Path writeTo(Path file) {
        return PrivateFileWriter.write(file, json());
    }

    @Override
    public String toString() {
        return "Outputs(" + root.size() + " sections)";
    }
}
