/**
 * Scenarios: scripted sequences of operations (open, delegate, fan-out, authorize, revoke, close,
 * review, break-glass, clock advance) with expected outcomes, written in YAML. The demo runs them for
 * timing; policy tests assert their expectations.
 */
package dev.baton.testkit;
