package dev.baton.core;

import dev.baton.Decision;
import dev.baton.FanOut;

/**
 * A {@link FanOut} over preallocated {@link DecisionView}s.
 * <p>
 * <b>Note:</b> not thread-safe; allocation-free except {@link #copy()}.
 */
public final class FanOutView implements FanOut {
    private final DecisionView[] children;
    private int size;

    /** @param children the views, one per possible child. */
    public FanOutView(final DecisionView[] children) {
        this.children = children;
    }

    /** Sets how many children the last fan-out had. Returns this. */
    public FanOutView size(final int size) {
        this.size = size;
        return this;
    }

    /** @return view {@code i}, to be filled. */
    public DecisionView view(final int i) {
        return children[i];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Decision child(final int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("child " + i + " of " + size);
        }
        return children[i];
    }

    @Override
    public int allowed() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += children[i].allowed() ? 1 : 0;
        }
        return n;
    }

    @Override
    public FanOut copy() {
        final DecisionView[] copies = new DecisionView[size];
        for (int i = 0; i < size; i++) {
            copies[i] = (DecisionView) children[i].copy();
        }
        return new FanOutView(copies).size(size);
    }
}
