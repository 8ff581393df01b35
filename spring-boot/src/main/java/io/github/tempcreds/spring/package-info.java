/**
 * Spring Boot auto-configuration: an {@code AwsCredentialsProvider} bean from {@code tempcreds.*}
 * properties, a health indicator and metrics when Actuator and Micrometer are present.
 */
package io.github.tempcreds.spring;
