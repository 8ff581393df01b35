/** tempcreds SSO: credentials from AWS IAM Identity Center through the token cache the AWS CLI shares. */
module io.github.tempcreds.sso {
    requires transitive io.github.tempcreds.core;
    requires transitive software.amazon.awssdk.services.sso;
    requires transitive software.amazon.awssdk.services.ssooidc;
    requires software.amazon.awssdk.protocols.jsoncore;
    requires org.slf4j;

    exports io.github.tempcreds.sso;

    provides io.github.tempcreds.core.profile.ProfileCredentialsSource
            with io.github.tempcreds.sso.internal.SsoProfileSource;
}
