/** A modular application of the kind a user writes: it requires the tempcreds modules it uses, nothing else. */
module io.github.tempcreds.jpms.app {
    requires io.github.tempcreds.chain;
    requires io.github.tempcreds.cognito;
    requires io.github.tempcreds.audit;
}
