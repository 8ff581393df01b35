/**
 * Instance role credentials from the EC2 Instance Metadata Service, IMDSv2 only:
 * {@link io.github.tempcreds.imds.ImdsCredentialsProvider}, whose {@code diagnose()} returns an
 * {@link io.github.tempcreds.imds.ImdsDiagnosis} saying why IMDS is not answering.
 */
package io.github.tempcreds.imds;
