/**
 * Optional Micrometer meters for Baton's journaled engine: {@link dev.baton.metrics.MicrometerDecisionListener}.
 */
package dev.baton.metrics;
