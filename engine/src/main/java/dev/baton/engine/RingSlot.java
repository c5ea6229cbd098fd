package dev.baton.engine;

/** One ring slot: a caller's request, or an engine control action. Preallocated by the ring. */
final class RingSlot {
    Request request;
    Control control;

    void clear() {
        request = null;
        control = null;
    }
}
