/**
 * The decision pipeline: a multi-producer LMAX Disruptor ring in front of the decision core, the
 * hash-chained Chronicle Queue journal behind it, recovery by replay, and policy hot swap.
 */
package dev.baton.engine;
