/**
 * Implementation of the tempcreds core: the refresh engine and its helpers.
 *
 * <p>Not API: classes here carry no compatibility promise and may change in any release.
 */
package io.github.tempcreds.core.internal;
