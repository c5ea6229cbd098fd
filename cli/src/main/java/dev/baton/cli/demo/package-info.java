/**
 * {@code baton demo}: a simulated multi-tenant orchestrator driving the delegation engine from several
 * producer threads, with open-loop pacing, a real journal, a replay of it, and a latency report.
 */
package dev.baton.cli.demo;
