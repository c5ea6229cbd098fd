package dev.baton.adapter.springai;

import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolCallAuthorizer;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

import java.util.Arrays;

/**
 * Guards tool callbacks and providers ({@link BatonToolCallback}); what the auto-configuration applies to every
 * bean, for applications that wire tools by hand.
 * <p>
 * <b>Note:</b> stateless and thread-safe; each method allocates its result.
 */
public final class BatonToolCallbacks {
    private BatonToolCallbacks() {
    }

    /**
     * @param callback   a tool; returned as is when already guarded.
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     * @return the guarded tool.
     */
    public static ToolCallback guard(final ToolCallback callback, final ToolCallAuthorizer authorizer,
                                     final RefusalMode mode) {
        return callback instanceof BatonToolCallback ? callback : new BatonToolCallback(callback, authorizer, mode);
    }

    /**
     * @param callbacks  tools.
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     * @return each guarded, in order.
     */
    public static ToolCallback[] guard(final ToolCallback[] callbacks, final ToolCallAuthorizer authorizer,
                                       final RefusalMode mode) {
        return Arrays.stream(callbacks).map(c -> guard(c, authorizer, mode)).toArray(ToolCallback[]::new);
    }

    /**
     * @param provider   a provider of tools (for example Spring AI's MCP tool callbacks).
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     * @return a provider whose tools are guarded, asked of the wrapped provider at each call.
     */
    public static ToolCallbackProvider guard(final ToolCallbackProvider provider, final ToolCallAuthorizer authorizer,
                                             final RefusalMode mode) {
        if (provider instanceof GuardedProvider) {
            return provider;
        }
        return new GuardedProvider(provider, authorizer, mode);
    }

    /** A provider that guards what another provides. */
    private record GuardedProvider(ToolCallbackProvider delegate, ToolCallAuthorizer authorizer, RefusalMode mode)
        implements ToolCallbackProvider {
        @Override
        public ToolCallback[] getToolCallbacks() {
            return guard(delegate.getToolCallbacks(), authorizer, mode);
        }
    }
}
