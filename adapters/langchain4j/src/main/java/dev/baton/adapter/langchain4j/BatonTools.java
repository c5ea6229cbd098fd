package dev.baton.adapter.langchain4j;

import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolCallAuthorizer;
import dev.baton.adapter.ToolCallRefusedException;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import dev.langchain4j.service.tool.ToolExecutor;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds guarded tool maps for an agent builder's {@code tools(Map)}: every tool's executor wrapped in a
 * {@link BatonToolExecutor} that presents the calling sub-agent's {@link CurrentWarrant}.
 * <p>
 * <b>Note:</b> stateless and thread-safe; each method allocates the map it returns.
 */
public final class BatonTools {
    private BatonTools() {
    }

    /**
     * @param objectWithTools an object whose {@link Tool}-annotated methods are the tools.
     * @param authorizer      decides each call.
     * @param mode            what a refusal does.
     * @return its tools, guarded.
     */
    public static Map<ToolSpecification, ToolExecutor> guard(final Object objectWithTools,
                                                             final ToolCallAuthorizer authorizer, final RefusalMode mode) {
        final Map<ToolSpecification, ToolExecutor> tools = new LinkedHashMap<>();
        for (final Method m : objectWithTools.getClass().getDeclaredMethods()) {
            if (m.isAnnotationPresent(Tool.class)) {
                tools.put(ToolSpecifications.toolSpecificationFrom(m), new DefaultToolExecutor(objectWithTools, m));
            }
        }
        return guard(tools, authorizer, mode);
    }

    /**
     * @param tools      tool specifications and their executors (for example tools reached over MCP).
     * @param authorizer decides each call.
     * @param mode       what a refusal does.
     * @return the same tools, each executor guarded.
     */
    public static Map<ToolSpecification, ToolExecutor> guard(final Map<ToolSpecification, ToolExecutor> tools,
                                                             final ToolCallAuthorizer authorizer, final RefusalMode mode) {
        final Map<ToolSpecification, ToolExecutor> guarded = new LinkedHashMap<>();
        tools.forEach((spec, executor) ->
            guarded.put(spec, new BatonToolExecutor(executor, authorizer, CurrentWarrant::get, mode)));
        return guarded;
    }

    /**
     * @return an error handler that lets a {@link ToolCallRefusedException} stop the invocation and, like the
     *     default, gives the model any other tool error's message.
     */
    public static ToolExecutionErrorHandler rethrowRefusals() {
        return (error, context) -> {
            if (error instanceof ToolCallRefusedException refused) {
                throw refused;
            }
            return ToolErrorHandlerResult.text(String.valueOf(error.getMessage()));
        };
    }
}
