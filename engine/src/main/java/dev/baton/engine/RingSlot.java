package dev.baton.engine;

/** One ring slot: a caller's request, a foreign revocation, or an engine control action. Preallocated by the ring. */
final class RingSlot {
    Request request;
    Control control;
    ForeignRevocationRequest foreign;

    void clear() {
        request = null;
        control = null;
        foreign = null;
    }
}
