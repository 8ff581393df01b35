/**
 * Fakes of the AWS endpoints tempcreds talks to (IMDS, STS, SSO, Cognito Identity, the container
 * credentials endpoint, IAM), real HTTP on loopback, for tests: start them one by one or all at once
 * with {@link io.github.tempcreds.testkit.FakeAws}; drive their time with
 * {@link io.github.tempcreds.testkit.MutableClock} and make them fail with
 * {@link io.github.tempcreds.testkit.Fault}. {@link io.github.tempcreds.testkit.FakeAwsLauncher} runs
 * them as a process for tests in other languages.
 */
package io.github.tempcreds.testkit;
