package dev.baton.examples.refund;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;

/** A sub-agent of the refund planner: one part of the dispute in, one answer out. */
public interface SubAgent {
    @UserMessage("Handle your part of this refund dispute: {{request}}")
    @Agent("handles one part of a refund dispute")
    String handle(@V("request") String request);
}
