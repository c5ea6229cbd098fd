package dev.baton.adapter.langchain4j;

import dev.baton.adapter.PresentedWarrant;

import java.util.ArrayDeque;

/**
 * The warrant the sub-agent running on this thread holds, bound by {@link WarrantBinder} for the length of
 * one agent invocation. Nested invocations stack. LangChain4j runs an agent's tools on the thread that
 * invokes it unless the AI service is told to run tools concurrently: with that option a tool finds no warrant
 * here and is refused, never run under another agent's warrant.
 * <p>
 * <b>Note:</b> per thread; {@link #bind} allocates a stack on a thread's first use.
 */
public final class CurrentWarrant {
    /** A marker for an invocation the plan obtained no warrant for. */
    private static final Object NONE = new Object();
    private static final ThreadLocal<ArrayDeque<Object>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private CurrentWarrant() {
    }

    /** @return the warrant of the innermost invocation on this thread, or null when there is none. */
    public static PresentedWarrant get() {
        final Object top = STACK.get().peek();
        return top instanceof PresentedWarrant p ? p : null;
    }

    /**
     * Opens an invocation.
     *
     * @param presented its warrant, or null when it has none.
     */
    public static void bind(final PresentedWarrant presented) {
        STACK.get().push(presented == null ? NONE : presented);
    }

    /** Closes the innermost invocation. */
    public static void unbind() {
        final ArrayDeque<Object> stack = STACK.get();
        stack.poll();
        if (stack.isEmpty()) {
            STACK.remove();
        }
    }
}
