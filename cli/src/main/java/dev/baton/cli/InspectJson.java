package dev.baton.cli;

import dev.baton.audit.DecisionEntry;
import dev.baton.codec.WarrantDecoder;
import dev.baton.codec.WarrantLayout;
import dev.baton.core.CompiledPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The {@code baton inspect --format json} document (schema in docs/cli.md): the warrant's fields, names
 * where a policy or journal gives them (null otherwise), and the MAC check when a key was given.
 * <p>
 * <b>Note:</b> stateless.
 */
final class InspectJson {
    private InspectJson() {
    }

    /**
     * @param w      the decoded warrant.
     * @param length its length in bytes.
     * @param policy the policy for names, or null.
     * @param names  identity names by id (returns null when unknown).
     * @param now    the instant for the time to expiry, epoch millis.
     * @param mac    the MAC check, or null without a key.
     * @return the document.
     */
    static Map<String, Object> of(final WarrantDecoder w, final int length, final CompiledPolicy policy,
                                  final IntFunction<String> names, final long now, final InspectCommand.Mac mac) {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("bytes", length);
        doc.put("format_version", w.formatVersion());
        doc.put("key_id", w.keyId());
        doc.put("grant_id", w.grantId());
        doc.put("parent_id", w.parentId() == 0 ? null : w.parentId());
        doc.put("root_id", w.rootId());
        doc.put("depth", w.depth());
        doc.put("flags", InspectCommand.flagList(w.flags()));
        doc.put("principal", identity(w.principal(), names));
        doc.put("holder", identity(w.holder(), names));
        doc.put("purpose", purpose(w.purpose(), policy));
        doc.put("scope", scope(w, policy));
        final List<Object> hops = new ArrayList<>();
        for (int i = 0; i < w.hopCount(); i++) {
            final Map<String, Object> hop = new LinkedHashMap<>();
            hop.put("identity", identity(w.hopIdentity(i), names));
            hop.put("purpose", purpose(w.hopPurpose(i), policy));
            hops.add(hop);
        }
        doc.put("chain", hops);
        doc.put("chain_truncated", (w.flags() & WarrantLayout.FLAG_CHAIN_TRUNCATED) != 0);
        doc.put("issued_at", JournalArgument.instant(w.issuedAt()));
        doc.put("expires_at", JournalArgument.instant(w.expiresAt()));
        doc.put("ttl_ms", w.ttlMillis());
        doc.put("expires_in_ms", w.expiresAt() - now);
        doc.put("expired", w.expiresAt() <= now);
        doc.put("policy_version", JournalArgument.version(w.policyVersion()));
        doc.put("names_from_policy", policy == null ? null : JournalArgument.version(policy.versionId()));
        doc.put("mac", mac == null ? null : mac(mac));
        return doc;
    }

    private static Map<String, Object> identity(final int id, final IntFunction<String> names) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", names.apply(id));
        return m;
    }

    private static Map<String, Object> purpose(final int id, final CompiledPolicy policy) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", policy == null ? null : policy.purposeName(id));
        return m;
    }

    private static Map<String, Object> scope(final WarrantDecoder w, final CompiledPolicy policy) {
        final long[] words = new long[64];
        final int n = w.getCapabilities(words);
        final Map<String, Object> m = new LinkedHashMap<>();
        if (policy == null) {
            m.put("capabilities", InspectCommand.rawCapabilities(words, n));
            m.put("data", InspectCommand.rawData(w.dataClasses()));
            m.put("by_name", false);
        } else {
            final DecisionEntry.Scopes scopes = DecisionEntry.Scopes.of(policy, words, n, w.dataClasses());
            m.put("capabilities", scopes.capabilities());
            m.put("data", scopes.data());
            m.put("by_name", true);
        }
        return m;
    }

    private static Map<String, Object> mac(final InspectCommand.Mac mac) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("verified", mac.verified());
        m.put("algorithm", mac.algorithm());
        m.put("problem", mac.problem());
        return m;
    }
}
