/**
 * Micrometer metrics for tempcreds providers: {@link io.github.tempcreds.micrometer.TempcredsMetrics}
 * (refresh timer, failures, time to expiry, state).
 */
package io.github.tempcreds.micrometer;
