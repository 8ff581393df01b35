package io.github.tempcreds.core.sts;

import io.github.tempcreds.core.CredentialsConfigurationException;
import io.github.tempcreds.core.CredentialsLoader;
import io.github.tempcreds.core.CredentialsNotFoundException;
import io.github.tempcreds.core.CredentialsRetrievalException;
import io.github.tempcreds.core.internal.BoundedFiles;
import io.github.tempcreds.core.internal.SafeText;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Loads credentials with {@code AssumeRoleWithWebIdentity}: reads the token (from the file on every
 * load, since Kubernetes rotates projected tokens, or from the supplier) and sends it unsigned.
 *
 * <p>The token is a secret: it is held only in a local variable and the request, never logged, never
 * put in a message.
 *
 * <p>Concurrency: called by the engine from one thread at a time; holds no mutable state.
 */
final class WebIdentityLoader implements CredentialsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(WebIdentityLoader.class);
    static final String NOT_CONFIGURED = "Web identity is not configured: set AWS_WEB_IDENTITY_TOKEN_FILE and "
            + "AWS_ROLE_ARN, or the builder's roleArn and webIdentityTokenFile/webIdentityToken";
    static final String NO_ROLE = "Web identity token file %s is set but no role ARN: set AWS_ROLE_ARN "
            + "or the builder's roleArn";
    static final String NO_TOKEN_SOURCE = "Role %s is set for web identity but no token: set "
            + "AWS_WEB_IDENTITY_TOKEN_FILE or the builder's webIdentityTokenFile/webIdentityToken";
    static final String TOKEN_FILE_MISSING = "The web identity token file %s does not exist (yet); in "
            + "Kubernetes it appears once the projected service account token is mounted";
    static final String TOKEN_FILE_UNREADABLE = "Could not read the web identity token file %s: %s";
    static final String TOKEN_EMPTY = "The web identity token from %s is empty";
    static final String TOKEN_SIZE = "The web identity token from %s has %d characters; STS accepts 4 to 20000";
    static final String PROVIDER_NAME = "tempcreds-web-identity";

    private final String sourceName;
    private final String roleArn;
    private final String sessionName;
    private final Path tokenFile;
    /** The token file as messages show it: as it is, or quoted when it is absurdly long or unprintable. */
    private final String tokenFileText;
    private final Supplier<String> tokenSupplier;
    private final Integer durationSeconds;
    private final String policy;
    private final List<String> policyArns;
    private final String providerId;
    private final StsClients clients;

    WebIdentityLoader(String sourceName, String roleArn, String sessionName, Path tokenFile,
                      Supplier<String> tokenSupplier, Integer durationSeconds, String policy,
                      List<String> policyArns, String providerId, StsClients clients) {
        this.sourceName = sourceName;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.tokenFile = tokenFile;
        this.tokenFileText = tokenFile == null ? null : displayPath(tokenFile.toString());
        this.tokenSupplier = tokenSupplier;
        this.durationSeconds = durationSeconds;
        this.policy = policy;
        this.policyArns = policyArns;
        this.providerId = providerId;
        this.clients = clients;
    }

    @Override
    public AwsCredentials load() {
        if (roleArn == null && tokenFile == null && tokenSupplier == null) {
            throw CredentialsNotFoundException.newBuilder().source(sourceName).message(NOT_CONFIGURED).build();
        }
        if (roleArn == null) {
            throw CredentialsConfigurationException.newBuilder().source(sourceName)
                    .message(String.format(NO_ROLE, tokenFile != null ? tokenFileText : "(supplier)")).build();
        }
        if (tokenFile == null && tokenSupplier == null) {
            throw CredentialsConfigurationException.newBuilder().source(sourceName)
                    .message(String.format(NO_TOKEN_SOURCE, roleArn)).build();
        }
        String token = readToken();
        AssumeRoleWithWebIdentityRequest.Builder req = AssumeRoleWithWebIdentityRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(sessionName)
                .webIdentityToken(token)
                .durationSeconds(durationSeconds)
                .providerId(providerId)
                .policy(policy)
                .overrideConfiguration(o -> o.credentialsProvider(AnonymousCredentialsProvider.create()));
        if (!policyArns.isEmpty()) {
            List<PolicyDescriptorType> arns = new ArrayList<>();
            policyArns.forEach(a -> arns.add(PolicyDescriptorType.builder().arn(a).build()));
            req.policyArns(arns);
        }
        StsErrors.Call call = new StsErrors.Call(sourceName, "AssumeRoleWithWebIdentity", roleArn,
                clients.region(null), "the web identity token from " + (tokenFile != null ? tokenFileText
                : "the token supplier"), null);
        long started = System.nanoTime();
        AssumeRoleWithWebIdentityResponse resp;
        try {
            resp = clients.client(null, null).assumeRoleWithWebIdentity(req.build());
        } catch (StsException e) {
            throw StsErrors.map(e, call);
        } catch (SdkClientException e) {
            throw StsErrors.mapClientError(e, call);
        }
        Credentials c = resp.credentials();
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw CredentialsRetrievalException.newBuilder().source(sourceName)
                    .message("STS answered AssumeRoleWithWebIdentity of " + roleArn
                            + " without complete credentials").build();
        }
        String arn = resp.assumedRoleUser() == null ? null : resp.assumedRoleUser().arn();
        LOG.debug("assumed {} with web identity as session {} in {} ms; expires {}", roleArn, sessionName,
                (System.nanoTime() - started) / 1_000_000, c.expiration());
        AwsSessionCredentials.Builder b = AwsSessionCredentials.builder()
                .accessKeyId(c.accessKeyId())
                .secretAccessKey(c.secretAccessKey())
                .sessionToken(c.sessionToken())
                .expirationTime(c.expiration())
                .providerName(PROVIDER_NAME);
        String account = AssumeRoleLoader.accountOf(arn);
        if (account != null) {
            b.accountId(account);
        }
        return b.build();
    }

    /** A path as it is when printable and at most 1,024 characters long, else quoted by SafeText. */
    static String displayPath(String path) {
        boolean printable = path.length() <= 1024 && path.chars().noneMatch(Character::isISOControl);
        return printable ? path : SafeText.quote(path);
    }

    private String readToken() {
        String where = tokenFile != null ? tokenFileText : "the token supplier";
        String token;
        if (tokenFile != null) {
            try {
                token = BoundedFiles.readString(tokenFile, BoundedFiles.TOKEN_LIMIT).trim();
            } catch (NoSuchFileException e) {
                throw CredentialsRetrievalException.newBuilder().source(sourceName)
                        .message(String.format(TOKEN_FILE_MISSING, tokenFileText)).build();
            } catch (BoundedFiles.UnreadableFileException e) {
                throw CredentialsConfigurationException.newBuilder().source(sourceName)
                        .message(String.format(TOKEN_FILE_UNREADABLE, tokenFileText, e.getMessage())).build();
            } catch (IOException e) {
                // An I/O error's own message repeats the path: keep it as the cause only when the path is
                // printable as it is.
                throw CredentialsRetrievalException.newBuilder().source(sourceName)
                        .cause(tokenFileText.equals(tokenFile.toString()) ? e : null)
                        .message(String.format(TOKEN_FILE_UNREADABLE, tokenFileText, e.getClass().getSimpleName()))
                        .build();
            }
        } else {
            try {
                String t = tokenSupplier.get();
                token = t == null ? "" : t.trim();
            } catch (RuntimeException e) {
                throw CredentialsRetrievalException.newBuilder().source(sourceName).cause(e)
                        .message("The web identity token supplier failed: " + e.getClass().getSimpleName())
                        .build();
            }
        }
        if (token.isEmpty()) {
            throw CredentialsRetrievalException.newBuilder().source(sourceName)
                    .message(String.format(TOKEN_EMPTY, where)).build();
        }
        if (token.length() < 4 || token.length() > 20000) {
            throw CredentialsConfigurationException.newBuilder().source(sourceName)
                    .message(String.format(TOKEN_SIZE, where, token.length())).build();
        }
        return token;
    }

    @Override
    public String toString() {
        return "WebIdentityLoader(" + roleArn + ", " + (tokenFile != null ? tokenFile : "supplier") + ")";
    }
}
