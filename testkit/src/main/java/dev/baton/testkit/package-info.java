/**
 * Scenarios: scripted sequences of operations (open, delegate, fan-out, authorize, revoke, close,
 * review, break-glass, clock advance) with expected outcomes, written in YAML. The demo runs them for
 * timing; policy tests assert their expectations. Both run through the public API ({@code DecisionSession}
 * of a {@code DelegationEngine}); {@link dev.baton.testkit.NameBinding} and
 * {@link dev.baton.testkit.StepBinder} are the one place their names bind to handles.
 */
package dev.baton.testkit;
