/**
 * An audit of an AWS account's long-term access keys: {@link io.github.tempcreds.audit.CredentialsAudit}
 * reads IAM (users, access keys, their last use, the credential report) and returns an
 * {@link io.github.tempcreds.audit.AuditReport} of typed {@link io.github.tempcreds.audit.Finding}s,
 * as JSON or a table. It only reads; it never changes the account.
 */
package io.github.tempcreds.audit;
