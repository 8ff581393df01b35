/**
 * Implementation of the tempcreds default chain: source selection and the long-term-key check.
 *
 * <p>Not API: classes here carry no compatibility promise and may change in any release.
 */
package io.github.tempcreds.chain.internal;
