package dev.baton.examples.refund;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat model that plays a script instead of calling a provider: each turn either asks for one tool call or
 * answers with the last tool result it was given. Deterministic, no network.
 */
final class ScriptedModel implements ChatModel {
    /** One turn of the script: a tool call (tool and JSON arguments) or, with a null tool, the final answer. */
    record Step(String tool, String argumentsJson) {
        static Step call(final String tool, final String argumentsJson) {
            return new Step(tool, argumentsJson);
        }

        static Step answer() {
            return new Step(null, null);
        }
    }

    private final String agent;
    private final List<Step> script;
    private final AtomicInteger turn = new AtomicInteger();

    ScriptedModel(final String agent, final Step... script) {
        this.agent = agent;
        this.script = List.of(script);
    }

    @Override
    public ChatResponse doChat(final ChatRequest request) {
        final Step step = script.get(Math.min(turn.getAndIncrement(), script.size() - 1));
        if (step.tool() != null) {
            return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder()
                .id(agent + "-" + turn.get()).name(step.tool()).arguments(step.argumentsJson()).build())).build();
        }
        final List<ChatMessage> messages = request.messages();
        final ChatMessage last = messages.get(messages.size() - 1);
        final String result = last instanceof ToolExecutionResultMessage t ? t.text() : "(no tool result)";
        return ChatResponse.builder().aiMessage(AiMessage.from(result)).build();
    }
}
