package dev.baton.adapter.langchain4j;

import dev.baton.Scope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The declared mapping from LangChain4j agent names to what Baton knows them as: the sub-agent's workload
 * identity and the scope its delegation asks for. An agent the planner calls that is not mapped ends the plan
 * with a refusal: nothing is inferred from names.
 * <p>
 * <b>Note:</b> immutable and thread-safe.
 */
public final class AgentMapping {
    private final Map<String, Binding> agents;

    private AgentMapping(final Map<String, Binding> agents) {
        this.agents = Map.copyOf(agents);
    }

    /** @return a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param agentName the name LangChain4j gives the agent (its builder's {@code name}, or its method's name).
     * @return its binding, or empty when it is not mapped.
     */
    public Optional<Binding> binding(final String agentName) {
        return Optional.ofNullable(agents.get(agentName));
    }

    /**
     * What one agent is in Baton's terms.
     *
     * @param identity the agent's workload identity ({@code spiffe://acme.example/agent/crm-reader}).
     * @param scope    what a delegation to it asks for.
     */
    public record Binding(String identity, Scope scope) {
        /**
         * Checks the fields.
         *
         * @param identity the workload identity.
         * @param scope    the requested scope.
         */
        public Binding {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /**
     * Collects the bindings.
     * <p>
     * <b>Note:</b> not thread-safe.
     */
    public static final class Builder {
        private final Map<String, Binding> agents = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param agentName the LangChain4j agent name.
         * @param identity  its workload identity.
         * @param scope     what a delegation to it asks for.
         * @return this.
         */
        public Builder agent(final String agentName, final String identity, final Scope scope) {
            if (agents.putIfAbsent(Objects.requireNonNull(agentName, "agentName"), new Binding(identity, scope)) != null) {
                throw new IllegalArgumentException("agent '" + agentName + "' is mapped twice");
            }
            return this;
        }

        /** @return the mapping. */
        public AgentMapping build() {
            return new AgentMapping(agents);
        }
    }
}
