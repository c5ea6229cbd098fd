/**
 * OpenTelemetry spans for the decisions of a {@link dev.baton.engine.JournaledEngine}, each in the trace
 * of the task that asked for it: {@link dev.baton.tracing.TracingDecisionListener}.
 */
package dev.baton.tracing;
