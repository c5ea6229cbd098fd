package dev.baton.adapter.langchain4j;

import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.ToolCall;
import dev.baton.adapter.ToolCallAuthorizer;
import dev.baton.adapter.ToolVerdict;
import dev.baton.adapter.ToolCallRefusedException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.internal.Json;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Decorates a LangChain4j {@link ToolExecutor} so that every call is authorized, with the warrant the calling
 * sub-agent holds, before the tool runs. The call's arguments (JSON) are decoded for the declared mapping and
 * their SHA-256 goes to the engine as the input digest. A refused call never reaches the wrapped executor:
 * per {@link RefusalMode}, the model gets an error result naming the reason, or the invocation stops.
 * <p>
 * <b>Note:</b> thread-safe when the wrapped executor is; each call allocates (decoding, digest, verdict).
 */
public final class BatonToolExecutor implements ToolExecutor {
    private final ToolExecutor delegate;
    private final ToolCallAuthorizer authorizer;
    private final Supplier<PresentedWarrant> current;
    private final RefusalMode mode;

    /**
     * @param delegate   the tool.
     * @param authorizer decides each call.
     * @param current    the warrant of the calling sub-agent (e.g. {@link CurrentWarrant#get()}); may give null.
     * @param mode       what a refusal does.
     */
    public BatonToolExecutor(final ToolExecutor delegate, final ToolCallAuthorizer authorizer,
                             final Supplier<PresentedWarrant> current, final RefusalMode mode) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.current = Objects.requireNonNull(current, "current");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String execute(final ToolExecutionRequest request, final Object memoryId) {
        return executeWithContext(request, null).resultText();
    }

    @Override
    public ToolExecutionResult executeWithContext(final ToolExecutionRequest request, final InvocationContext context) {
        final ToolVerdict verdict = authorize(request);
        if (verdict.allowed()) {
            return delegate.executeWithContext(request, context);
        }
        if (mode == RefusalMode.STOP) {
            throw new ToolCallRefusedException(request.name(), verdict);
        }
        return ToolExecutionResult.builder().isError(true).resultText(verdict.modelText(request.name())).build();
    }

    /**
     * Decides one call without running it.
     *
     * @param request the call.
     * @return the verdict.
     */
    public ToolVerdict authorize(final ToolExecutionRequest request) {
        final String json = request.arguments() == null || request.arguments().isBlank() ? "{}" : request.arguments();
        return authorizer.authorize(new ToolCall(request.name(), arguments(json), current.get(), sha256(json)));
    }

    private static Map<String, ?> arguments(final String json) {
        try {
            final Map<?, ?> decoded = Json.fromJson(json, Map.class);
            @SuppressWarnings("unchecked")
            final Map<String, ?> typed = decoded == null ? Map.of() : (Map<String, ?>) decoded;
            return typed;
        } catch (final RuntimeException e) {
            return Map.of(); // undecodable arguments carry no justification: the tool fails on them anyway
        }
    }

    private static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
