/**
 * tempcreds default chain: the first configured source of temporary credentials. Requiring this module
 * brings the IMDS, container and SSO modules too.
 */
module io.github.tempcreds.chain {
    requires transitive io.github.tempcreds.core;
    requires transitive io.github.tempcreds.imds;
    requires transitive io.github.tempcreds.container;
    requires transitive io.github.tempcreds.sso;
    requires org.slf4j;

    exports io.github.tempcreds.chain;
}
