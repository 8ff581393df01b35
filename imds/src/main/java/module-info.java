/** tempcreds IMDS: instance role credentials from the EC2 Instance Metadata Service (IMDSv2 only). */
module io.github.tempcreds.imds {
    requires transitive io.github.tempcreds.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.protocols.jsoncore;
    requires org.slf4j;

    exports io.github.tempcreds.imds;

    provides io.github.tempcreds.core.profile.ProfileCredentialsSource
            with io.github.tempcreds.imds.internal.ImdsProfileCredentialsSource;
}
