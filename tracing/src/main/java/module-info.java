/**
 * Optional OpenTelemetry spans for Baton's journaled engine: {@code TracingDecisionListener}, set with
 * {@code EngineConfig.listener(...)}.
 */
module dev.baton.tracing {
    requires transitive dev.baton.engine;
    requires transitive io.opentelemetry.api;
    requires io.opentelemetry.context;

    exports dev.baton.tracing;
}
