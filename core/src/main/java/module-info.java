/**
 * tempcreds core: the refresh-ahead engine, errors, events, health, STS role chains, web identity and
 * profile chains. {@code io.github.tempcreds.core.internal} is shared with the other tempcreds modules
 * only; it is not API.
 */
module io.github.tempcreds.core {
    requires transitive software.amazon.awssdk.auth;
    requires transitive software.amazon.awssdk.identity.spi;
    requires transitive software.amazon.awssdk.utils;
    requires transitive software.amazon.awssdk.core;
    requires transitive software.amazon.awssdk.regions;
    requires transitive software.amazon.awssdk.profiles;
    requires transitive software.amazon.awssdk.services.sts;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.http.auth.spi;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports io.github.tempcreds.core;
    exports io.github.tempcreds.core.profile;
    exports io.github.tempcreds.core.sts;
    exports io.github.tempcreds.core.internal to io.github.tempcreds.imds, io.github.tempcreds.container,
            io.github.tempcreds.sso, io.github.tempcreds.cognito, io.github.tempcreds.audit,
            io.github.tempcreds.chain, io.github.tempcreds.testkit;

    uses io.github.tempcreds.core.profile.ProfileCredentialsSource;
}
