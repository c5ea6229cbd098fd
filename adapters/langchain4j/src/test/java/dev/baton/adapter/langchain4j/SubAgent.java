package dev.baton.adapter.langchain4j;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** A sub-agent: one request in, one answer out. */
public interface SubAgent {
    @UserMessage("Handle this part of the task: {{request}}")
    @Agent("handles one part of a refund dispute")
    String handle(@V("request") String request);
}
