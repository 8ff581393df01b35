/**
 * The JUnit 5 extension that starts {@link io.github.tempcreds.testkit.FakeAws} for a test class:
 * {@link io.github.tempcreds.testkit.junit.FakeAwsExtension}.
 */
package io.github.tempcreds.testkit.junit;
