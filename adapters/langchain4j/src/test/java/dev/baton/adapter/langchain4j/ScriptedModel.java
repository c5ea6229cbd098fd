package dev.baton.adapter.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat model that plays a script: first it asks for one tool call, then it answers with the text of the tool
 * result it got back. No network. A hook runs before the tool call is asked for (a test closes the task there).
 */
final class ScriptedModel implements ChatModel {
    private final String tool;
    private final String argumentsJson;
    private final Runnable beforeToolCall;
    private final AtomicInteger turns = new AtomicInteger();
    final List<String> toolResults = new CopyOnWriteArrayList<>();

    ScriptedModel(final String tool, final String argumentsJson, final Runnable beforeToolCall) {
        this.tool = tool;
        this.argumentsJson = argumentsJson;
        this.beforeToolCall = beforeToolCall;
    }

    ScriptedModel(final String tool, final String argumentsJson) {
        this(tool, argumentsJson, () -> { });
    }

    @Override
    public ChatResponse doChat(final ChatRequest request) {
        if (turns.getAndIncrement() == 0) {
            beforeToolCall.run();
            return ChatResponse.builder().aiMessage(AiMessage.from(ToolExecutionRequest.builder()
                .id("call-1").name(tool).arguments(argumentsJson).build())).build();
        }
        final List<ChatMessage> messages = request.messages();
        final ChatMessage last = messages.get(messages.size() - 1);
        final String result = last instanceof ToolExecutionResultMessage t ? t.text() : "no tool result";
        toolResults.add(result);
        return ChatResponse.builder().aiMessage(AiMessage.from("answer after " + tool + ": " + result)).build();
    }

    int turns() {
        return turns.get();
    }
}
