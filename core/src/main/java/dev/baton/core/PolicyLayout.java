package dev.baton.core;

import dev.baton.policy.CapabilityRef;
import dev.baton.policy.NameRef;
import dev.baton.policy.PolicyDocument;
import dev.baton.policy.ScopeSpec;
import dev.baton.policy.ToolDecl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbering of a policy's names: capabilities and data classes get bit indices, trust domains,
 * agents and purposes get table indices, in file order. Used only while compiling.
 * <p>
 * <b>Note:</b> not thread-safe; allocates freely (compile time only).
 */
final class PolicyLayout {
    final List<String> capTool = new ArrayList<>();
    final List<String> capAction = new ArrayList<>();
    final Map<String, Integer> capIndex = new HashMap<>();
    final Map<String, Integer> dataIndex = new HashMap<>();
    final Map<String, Integer> domainIndex = new HashMap<>();
    final Map<String, Integer> agentIndex = new HashMap<>();
    final Map<String, Integer> purposeIndex = new HashMap<>();
    final int words;
    final long allData;

    PolicyLayout(final PolicyDocument policy) {
        for (final ToolDecl tool : policy.vocabulary().tools()) {
            for (final NameRef action : tool.actions()) {
                capIndex.put(key(tool.name().name(), action.name()), capTool.size());
                capTool.add(tool.name().name());
                capAction.add(action.name());
            }
        }
        index(policy.vocabulary().dataClasses(), dataIndex);
        index(policy.vocabulary().trustDomains(), domainIndex);
        for (int i = 0; i < policy.agents().size(); i++) {
            agentIndex.put(policy.agents().get(i).name().name(), i);
        }
        for (int i = 0; i < policy.purposes().size(); i++) {
            purposeIndex.put(policy.purposes().get(i).name().name(), i);
        }
        words = Bits.words(capTool.size());
        final int dataCount = dataIndex.size();
        allData = dataCount == 64 ? -1L : (1L << dataCount) - 1;
    }

    static String key(final String tool, final String action) {
        return tool + ':' + action;
    }

    /**
     * The {@code LayoutFingerprint} portable warrants carry: the purpose, capability and data-class tables,
     * and the argument and budget tables when the policy declares any (so a warrant's argument and budget
     * indexes are read against the same declarations).
     */
    static long fingerprint(final PolicyDocument policy, final List<String> purposes, final List<String> capabilities,
                            final List<String> dataClasses) {
        final List<String> arguments = new ArrayList<>();
        policy.vocabulary().arguments().forEach(a -> {
            arguments.add(a.tool().name());
            arguments.add(a.name().name());
            arguments.add(a.type().describe());
        });
        final List<String> budgets = new ArrayList<>();
        policy.vocabulary().budgets().forEach(b -> budgets.add(b.name().name()));
        return dev.baton.codec.LayoutFingerprint.of(purposes, capabilities, dataClasses, arguments, budgets);
    }

    int capabilityCount() {
        return capTool.size();
    }

    /** Sets the bits of {@code spec}'s capabilities into {@code dst} at {@code offset}. */
    void capabilities(final ScopeSpec spec, final long[] dst, final int offset) {
        for (final CapabilityRef ref : spec.capabilities()) {
            final boolean anyTool = CapabilityRef.ANY.equals(ref.tool()) || CapabilityRef.family(ref.tool()) != null;
            final boolean anyAction = CapabilityRef.ANY.equals(ref.action());
            if (!anyTool && !anyAction) {
                final Integer c = capIndex.get(key(ref.tool(), ref.action()));
                if (c == null) {
                    throw new IllegalStateException("parser let through unknown capability " + ref);
                }
                Bits.set(dst, offset, c);
                continue;
            }
            for (int c = 0; c < capTool.size(); c++) {
                if (ref.covers(capTool.get(c), capAction.get(c).equals(ref.action()))) {
                    Bits.set(dst, offset, c);
                }
            }
        }
    }

    /** The data-class bitset of {@code spec}. */
    long data(final ScopeSpec spec) {
        long bits = 0;
        for (final NameRef ref : spec.data()) {
            if ("*".equals(ref.name())) {
                return allData;
            }
            final Integer d = dataIndex.get(ref.name());
            if (d == null) {
                throw new IllegalStateException("parser let through unknown data class " + ref);
            }
            bits |= 1L << d;
        }
        return bits;
    }

    private static void index(final List<NameRef> names, final Map<String, Integer> into) {
        for (final NameRef n : names) {
            into.put(n.name(), into.size());
        }
    }
}
