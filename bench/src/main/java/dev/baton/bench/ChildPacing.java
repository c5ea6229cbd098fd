package dev.baton.bench;

import dev.baton.core.ManualClock;

/**
 * The steady state of the refund-dispute workload: the clock moves {@code stepMillis} per delegated child,
 * and a new root is due every {@value #REOPEN_EVERY} children (sooner at large steps, so a root never
 * half-expires under its children). The root lives 5 minutes (money tier), so at 10 ms a child every child
 * expires with its root after 30,000 children and its slot is reclaimed.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free.
 */
final class ChildPacing {
    static final int REOPEN_EVERY = 1_000;
    static final long ROOT_TTL_MILLIS = 5 * 60_000;

    final ManualClock clock = new ManualClock(HotChain.START_MILLIS);
    private final long stepMillis;
    private final int reopenEvery;
    private int children;

    /** @param stepMillis clock step per child; about {@code 300,000 / stepMillis} children are live at a time. */
    ChildPacing(final long stepMillis) {
        this.stepMillis = stepMillis;
        this.reopenEvery = (int) Math.max(DisputeNames.FAN_OUT,
            Math.min(REOPEN_EVERY, ROOT_TTL_MILLIS / (2 * stepMillis)));
    }

    /**
     * Counts {@code newChildren} about to be delegated and moves the clock by their steps.
     *
     * @return whether a new root is due before they are delegated.
     */
    boolean step(final int newChildren) {
        final boolean reopen = children % reopenEvery < newChildren;
        children += newChildren;
        clock.advance(stepMillis * newChildren);
        return reopen;
    }
}
