/**
 * Credentials from AWS IAM Identity Center (SSO): {@link io.github.tempcreds.sso.SsoSessionCredentialsProvider}
 * reads and refreshes the token cache the AWS CLI shares, and {@link io.github.tempcreds.sso.SsoDeviceLogin}
 * runs the device-code login.
 */
package io.github.tempcreds.sso;
