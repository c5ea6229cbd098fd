/**
 * Optional Micrometer meters for Baton's journaled engine: {@code MicrometerDecisionListener}, set with
 * {@code EngineConfig.listener(...)}.
 */
module dev.baton.metrics {
    requires transitive dev.baton.engine;
    requires transitive micrometer.core;

    exports dev.baton.metrics;
}
