/**
 * Policy analysis: the exact authority each agent class can ever reach under a compiled policy, with
 * witness chains, the rule that cuts every chain to what is unreachable, and diffs between versions.
 */
module dev.baton.analysis {
    requires transitive dev.baton.core;

    exports dev.baton.analysis;
}
