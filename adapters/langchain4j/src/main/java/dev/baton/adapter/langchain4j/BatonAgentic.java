package dev.baton.adapter.langchain4j;

import dev.baton.adapter.PresentedWarrant;
import dev.langchain4j.agentic.scope.AgenticScope;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where the planner's own warrant enters an agentic system: the scope's execution context, under
 * {@link #PARENT_KEY}. Give the service {@code beforeCall(BatonAgentic.presentParent(...))} so each invocation
 * starts with the warrant of the task it serves, and the {@link BatonPlanner} {@code BatonAgentic::parentOf}.
 * <p>
 * <b>Note:</b> stateless and thread-safe.
 */
public final class BatonAgentic {
    /** The execution-context key of the planner's warrant. */
    public static final String PARENT_KEY = "dev.baton/parent";

    private BatonAgentic() {
    }

    /**
     * @param current the warrant of the task being served, read at each invocation.
     * @return a {@code beforeCall} hook that puts it into the scope's execution context.
     */
    public static Consumer<AgenticScope> presentParent(final Supplier<PresentedWarrant> current) {
        return scope -> {
            final PresentedWarrant p = current.get();
            if (p != null) {
                scope.writeExecutionContext(PARENT_KEY, p);
            }
        };
    }

    /**
     * @param scope an agentic scope.
     * @return the planner's warrant in it, or null when none was presented.
     */
    public static PresentedWarrant parentOf(final AgenticScope scope) {
        return scope.executionContextAs(PARENT_KEY, PresentedWarrant.class);
    }
}
