/** tempcreds Cognito: credentials for end users from an Amazon Cognito identity pool. */
module io.github.tempcreds.cognito {
    requires transitive io.github.tempcreds.core;
    requires transitive software.amazon.awssdk.services.cognitoidentity;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.protocols.jsoncore;
    requires org.slf4j;

    exports io.github.tempcreds.cognito;
}
