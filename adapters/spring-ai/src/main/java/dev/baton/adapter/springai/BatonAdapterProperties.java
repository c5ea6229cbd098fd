package dev.baton.adapter.springai;

import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolBinding;
import dev.baton.adapter.ToolMapping;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties of the Spring AI guard, under {@code baton.adapter}:
 * <pre>
 * baton.adapter.policy=src/policies/refund-dispute.yaml    # an in-memory engine, unless the application defines one
 * baton.adapter.warrant-key-file=/run/secrets/baton.key     # 32+ random bytes; without it grants are by id only
 * baton.adapter.refusal=tell-model                          # or stop
 * baton.adapter.tools.lookup_customer.capability=crm.lookup:read
 * baton.adapter.tools.lookup_customer.data=customer_pii
 * baton.adapter.tools.lookup_customer.justification=reason
 * </pre>
 * A tool whose arguments the policy declares ({@code vocabulary.arguments}) maps them, framework name to policy
 * name, so its constraints are checked; each mapped argument is then required:
 * <pre>
 * baton.adapter.tools.refund.capability=ledger.refund:refund
 * baton.adapter.tools.refund.arguments.order_id=order
 * </pre>
 * <p>
 * <b>Note:</b> a mutable bean, bound once at start; not thread-safe while binding.
 */
@ConfigurationProperties("baton.adapter")
public class BatonAdapterProperties {
    private String policy;
    private String warrantKeyFile;
    private RefusalMode refusal = RefusalMode.TELL_MODEL;
    private Map<String, Tool> tools = new LinkedHashMap<>();

    /** @return the policy file of the in-memory engine, or null when the application defines its engine. */
    public String getPolicy() {
        return policy;
    }

    /** @param policy the policy file. */
    public void setPolicy(final String policy) {
        this.policy = policy;
    }

    /** @return the file holding the warrant key ring's secret, or null. */
    public String getWarrantKeyFile() {
        return warrantKeyFile;
    }

    /** @param warrantKeyFile the file holding the secret (32 bytes or more). */
    public void setWarrantKeyFile(final String warrantKeyFile) {
        this.warrantKeyFile = warrantKeyFile;
    }

    /** @return what a refused call does. */
    public RefusalMode getRefusal() {
        return refusal;
    }

    /** @param refusal what a refused call does. */
    public void setRefusal(final RefusalMode refusal) {
        this.refusal = refusal;
    }

    /** @return the tool mapping by tool name. */
    public Map<String, Tool> getTools() {
        return tools;
    }

    /** @param tools the tool mapping by tool name. */
    public void setTools(final Map<String, Tool> tools) {
        this.tools = tools;
    }

    /** @return the declared mapping these properties describe. */
    public ToolMapping toolMapping() {
        final ToolMapping.Builder b = ToolMapping.builder();
        tools.forEach((name, tool) -> b.tool(name, tool.binding(name)));
        return b.build();
    }

    /**
     * One tool's binding.
     * <p>
     * <b>Note:</b> a mutable bean, bound once at start.
     */
    public static class Tool {
        private String capability;
        private String data;
        private String justification;
        private Map<String, String> arguments = new LinkedHashMap<>();

        /** @return {@code tool:action}. */
        public String getCapability() {
            return capability;
        }

        /** @param capability {@code tool:action}, e.g. {@code crm.lookup:read}. */
        public void setCapability(final String capability) {
            this.capability = capability;
        }

        /** @return the data class touched, or null. */
        public String getData() {
            return data;
        }

        /** @param data the data class touched. */
        public void setData(final String data) {
            this.data = data;
        }

        /** @return the argument carrying the justification, or null. */
        public String getJustification() {
            return justification;
        }

        /** @param justification the argument carrying the justification. */
        public void setJustification(final String justification) {
            this.justification = justification;
        }

        /** @return tool argument name to policy argument name. */
        public Map<String, String> getArguments() {
            return arguments;
        }

        /** @param arguments tool argument name to policy argument name. */
        public void setArguments(final Map<String, String> arguments) {
            this.arguments = arguments;
        }

        ToolBinding binding(final String name) {
            final int colon = capability == null ? -1 : capability.indexOf(':');
            if (colon <= 0 || colon == capability.length() - 1) {
                throw new IllegalArgumentException("baton.adapter.tools." + name + ".capability must be tool:action, was "
                    + capability);
            }
            ToolBinding b = ToolBinding.capability(capability.substring(0, colon), capability.substring(colon + 1));
            if (data != null) {
                b = b.data(data);
            }
            if (justification != null) {
                b = b.justifiedBy(justification);
            }
            for (final Map.Entry<String, String> a : arguments.entrySet()) {
                b = b.argument(a.getKey(), a.getValue());
            }
            return b;
        }
    }
}
