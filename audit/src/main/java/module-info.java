/** tempcreds audit: an audit of an account's long-term access keys, read from IAM. */
module io.github.tempcreds.audit {
    requires transitive io.github.tempcreds.core;
    requires transitive software.amazon.awssdk.services.iam;
    requires software.amazon.awssdk.protocols.jsoncore;

    exports io.github.tempcreds.audit;
}
