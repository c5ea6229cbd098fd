/**
 * Baton's public API ({@code dev.baton}), its policy language ({@code dev.baton.policy}) and the
 * synchronous in-process decision core. The core package {@code dev.baton.core} is internal: it is
 * exported only to Baton's own modules.
 */
module dev.baton.core {
    requires transitive dev.baton.codec;
    requires transitive dev.baton.verifier;
    requires org.agrona;
    requires org.yaml.snakeyaml;

    exports dev.baton;
    exports dev.baton.policy;
    exports dev.baton.core to dev.baton.engine, dev.baton.testkit, dev.baton.audit, dev.baton.analysis;
    exports dev.baton.policy.yaml to dev.baton.testkit;
}
