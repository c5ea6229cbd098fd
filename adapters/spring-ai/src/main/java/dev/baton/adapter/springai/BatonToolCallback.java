package dev.baton.adapter.springai;

import dev.baton.adapter.GuardCode;
import dev.baton.adapter.InputDigest;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolCall;
import dev.baton.adapter.ToolCallAuthorizer;
import dev.baton.adapter.ToolCallRefusedException;
import dev.baton.adapter.ToolVerdict;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Objects;

/**
 * Decorates a Spring AI {@link ToolCallback} (a method tool, a function, or an MCP tool callback alike) so that
 * every call is authorized with the warrant in its {@link ToolContext} ({@link BatonToolContext}) before the
 * tool runs. A call without a context or without a warrant is refused. A refused call never reaches the
 * wrapped callback: per {@link RefusalMode}, the model gets a result naming the reason, or a
 * {@link ToolCallRefusedException} stops the tool-calling loop (Spring AI lets exceptions other than
 * {@code ToolExecutionException} through).
 * <p>
 * <b>Note:</b> thread-safe when the wrapped callback is; each call allocates (decoding, digest, verdict).
 */
public final class BatonToolCallback implements ToolCallback {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ToolCallback delegate;
    private final ToolCallAuthorizer authorizer;
    private final RefusalMode mode;

    /**
     * @param delegate   the tool.
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     */
    public BatonToolCallback(final ToolCallback delegate, final ToolCallAuthorizer authorizer, final RefusalMode mode) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public ToolDefinition getToolDefinition() {
        return delegate.getToolDefinition();
    }

    @Override
    public ToolMetadata getToolMetadata() {
        return delegate.getToolMetadata();
    }

    @Override
    public String call(final String toolInput) {
        return call(toolInput, null);
    }

    @Override
    public String call(final String toolInput, final ToolContext toolContext) {
        final String name = getToolDefinition().name();
        final ToolVerdict verdict = authorize(name, toolInput, toolContext);
        if (verdict.allowed()) {
            return delegate.call(toolInput, toolContext);
        }
        if (mode == RefusalMode.STOP) {
            throw new ToolCallRefusedException(name, verdict);
        }
        return verdict.modelText(name);
    }

    /** @return the wrapped callback. */
    public ToolCallback delegate() {
        return delegate;
    }

    private ToolVerdict authorize(final String name, final String toolInput, final ToolContext toolContext) {
        final PresentedWarrant presented;
        try {
            presented = BatonToolContext.presented(toolContext);
        } catch (final IllegalArgumentException e) {
            return ToolVerdict.refused(GuardCode.MALFORMED_PRESENTATION, e.getMessage());
        }
        final String json = toolInput == null || toolInput.isBlank() ? "{}" : toolInput;
        return authorizer.authorize(new ToolCall(name, arguments(json), presented, InputDigest.sha256(json)));
    }

    private static Map<String, ?> arguments(final String json) {
        try {
            final Map<?, ?> decoded = JSON.readValue(json, Map.class);
            @SuppressWarnings("unchecked")
            final Map<String, ?> typed = decoded == null ? Map.of() : (Map<String, ?>) decoded;
            return typed;
        } catch (final RuntimeException e) {
            return Map.of(); // undecodable input carries no justification: the tool fails on it anyway
        }
    }

}
