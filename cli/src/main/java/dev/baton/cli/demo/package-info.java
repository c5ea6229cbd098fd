/**
 * {@code baton demo}: a simulated multi-tenant orchestrator driving one or more delegation engines (two by
 * default, each pinned with its producer thread to a vCPU of its own) from several producer threads, with
 * open-loop pacing, a real journal per engine, a replay of each, and a latency report.
 */
package dev.baton.cli.demo;
