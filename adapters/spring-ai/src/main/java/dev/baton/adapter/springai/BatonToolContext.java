package dev.baton.adapter.springai;

import dev.baton.adapter.PresentedWarrant;
import org.springframework.ai.chat.model.ToolContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the warrant travels in Spring AI: the {@link ToolContext} of a prompt, under {@link #WARRANT}, holding a
 * {@link PresentedWarrant}. Put it there with {@code ChatClient...toolContext(BatonToolContext.of(warrant))} or
 * {@code ToolCallingChatOptions.toolContext(...)}; the context never reaches the model.
 * <p>
 * <b>Note:</b> stateless and thread-safe.
 */
public final class BatonToolContext {
    /** The tool-context key of the presented warrant. */
    public static final String WARRANT = "dev.baton/warrant";

    private BatonToolContext() {
    }

    /**
     * @param presented the warrant the calling agent holds.
     * @return a tool-context map holding it (mutable, to add other entries).
     */
    public static Map<String, Object> of(final PresentedWarrant presented) {
        final Map<String, Object> map = new HashMap<>();
        map.put(WARRANT, presented);
        return map;
    }

    /**
     * @param context a tool call's context, or null.
     * @return the warrant in it, or null when there is none.
     * @throws IllegalArgumentException if the entry is not a {@link PresentedWarrant}.
     */
    public static PresentedWarrant presented(final ToolContext context) {
        if (context == null) {
            return null;
        }
        final Object v = context.getContext().get(WARRANT);
        if (v == null || v instanceof PresentedWarrant) {
            return (PresentedWarrant) v;
        }
        throw new IllegalArgumentException("tool context entry " + WARRANT + " is a " + v.getClass().getName()
            + ", not a PresentedWarrant");
    }
}
