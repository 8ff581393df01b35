/**
 * Credentials for end users from an Amazon Cognito identity pool:
 * {@link io.github.tempcreds.cognito.CognitoIdentityCredentialsProvider} for one identity and
 * {@link io.github.tempcreds.cognito.CognitoCredentialsCache} for many users, with the identity id kept
 * in an {@link io.github.tempcreds.cognito.IdentityIdStore}.
 */
package io.github.tempcreds.cognito;
