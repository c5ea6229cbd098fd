package dev.baton.adapter.springai;

import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolCallAuthorizer;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decorates a {@link ToolCallingManager} so that the tool callbacks a prompt brings with it (for example
 * {@code ChatClient...tools(new MyTools())}, which are no beans) are guarded too before the manager runs them.
 * Callbacks the manager resolves by name come from beans, which the auto-configuration guards.
 * <p>
 * <b>Note:</b> thread-safe when the wrapped manager is; each execution allocates the guarded prompt.
 */
public final class BatonToolCallingManager implements ToolCallingManager {
    private final ToolCallingManager delegate;
    private final ToolCallAuthorizer authorizer;
    private final RefusalMode mode;

    /**
     * @param delegate   the manager.
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     */
    public BatonToolCallingManager(final ToolCallingManager delegate, final ToolCallAuthorizer authorizer,
                                   final RefusalMode mode) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public List<ToolDefinition> resolveToolDefinitions(final ToolCallingChatOptions chatOptions) {
        return delegate.resolveToolDefinitions(chatOptions);
    }

    @Override
    public ToolExecutionResult executeToolCalls(final Prompt prompt, final ChatResponse chatResponse) {
        return delegate.executeToolCalls(guarded(prompt), chatResponse);
    }

    private Prompt guarded(final Prompt prompt) {
        if (!(prompt.getOptions() instanceof ToolCallingChatOptions options) || options.getToolCallbacks().isEmpty()) {
            return prompt;
        }
        final ToolCallback[] tools = BatonToolCallbacks.guard(options.getToolCallbacks().toArray(ToolCallback[]::new),
            authorizer, mode);
        return new Prompt(prompt.getInstructions(), options.mutate().toolCallbacks(Arrays.asList(tools)).build());
    }
}
