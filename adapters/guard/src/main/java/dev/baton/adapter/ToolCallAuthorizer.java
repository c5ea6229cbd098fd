package dev.baton.adapter;

/**
 * Decides whether one tool call may run. Every framework adapter asks one of these before it runs a tool
 * and never runs it when the verdict is a refusal. Two kinds: {@link EngineToolAuthorizer} asks a
 * {@link dev.baton.DelegationEngine} (same process or trust domain: checks revocation, expiry and the
 * current policy, and journals the call), and an offline verifier for a tool server in another trust domain.
 * <p>
 * <b>Note:</b> implementations are thread-safe: framework tool calls arrive on any thread.
 */
@FunctionalInterface
public interface ToolCallAuthorizer {
    /**
     * @param call the call, before the tool runs.
     * @return the verdict; never null. Misuse throws; everything else is a verdict.
     */
    ToolVerdict authorize(ToolCall call);
}
