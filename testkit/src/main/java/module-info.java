/**
 * Scenario runner, policy-test runner and manual clock for users' own JUnit tests of their policies.
 */
module dev.baton.testkit {
    requires transitive dev.baton.core;
    requires org.agrona;
    requires org.yaml.snakeyaml;

    exports dev.baton.testkit;
}
