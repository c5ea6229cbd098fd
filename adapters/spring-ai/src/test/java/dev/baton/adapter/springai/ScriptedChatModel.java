package dev.baton.adapter.springai;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.model.tool.ToolExecutionResult;

import java.util.List;

/**
 * A chat model that plays a script, as a provider's model would drive tools: it asks for one tool call, lets the
 * tool-calling manager run it, and answers with what the tool returned. No network.
 */
final class ScriptedChatModel implements ChatModel {
    private final ToolCallingManager tools;
    private final String tool;
    private final String argumentsJson;

    ScriptedChatModel(final ToolCallingManager tools, final String tool, final String argumentsJson) {
        this.tools = tools;
        this.tool = tool;
        this.argumentsJson = argumentsJson;
    }

    @Override
    public ChatResponse call(final Prompt prompt) {
        final AssistantMessage ask = AssistantMessage.builder()
            .toolCalls(List.of(new AssistantMessage.ToolCall("call-1", "function", tool, argumentsJson))).build();
        final ToolExecutionResult result = tools.executeToolCalls(prompt, new ChatResponse(List.of(new Generation(ask))));
        final List<Message> history = result.conversationHistory();
        final ToolResponseMessage answer = (ToolResponseMessage) history.get(history.size() - 1);
        return new ChatResponse(List.of(new Generation(new AssistantMessage(
            "answer after " + tool + ": " + answer.getResponses().get(0).responseData()))));
    }
}
