/** tempcreds container credentials: Amazon ECS task roles and EKS Pod Identity. */
module io.github.tempcreds.container {
    requires transitive io.github.tempcreds.core;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.protocols.jsoncore;
    requires org.slf4j;

    exports io.github.tempcreds.container;

    provides io.github.tempcreds.core.profile.ProfileCredentialsSource
            with io.github.tempcreds.container.internal.ContainerProfileCredentialsSource;
}
