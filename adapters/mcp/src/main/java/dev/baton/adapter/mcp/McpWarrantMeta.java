package dev.baton.adapter.mcp;

import dev.baton.adapter.PresentedWarrant;

import java.util.HashMap;
import java.util.Map;

/**
 * Where a warrant travels in an MCP request: the request's {@code _meta} object, under keys with the
 * {@code dev.baton/} prefix (the MCP specification reserves prefixed {@code _meta} keys for their owners).
 * <pre>
 * "_meta": {
 *   "dev.baton/warrant": "AQAB...",   the warrant bytes, URL-safe Base64 without padding
 *   "dev.baton/holder":  "spiffe://acme.example/agent/crm-reader",
 *   "dev.baton/proof":   "..."         proof of possession, same encoding (only when required)
 * }
 * </pre>
 * A refused call's result carries {@link #REFUSAL} in its own {@code _meta}, with the reason's code.
 * <p>
 * <b>Note:</b> stateless and thread-safe; reading and writing allocate.
 */
public final class McpWarrantMeta {
    /** The key of the warrant. */
    public static final String WARRANT = "dev.baton/warrant";
    /** The key of the holder's workload identity. */
    public static final String HOLDER = "dev.baton/holder";
    /** The key of the proof of possession. */
    public static final String PROOF = "dev.baton/proof";
    /** The key, in a refused call's result, of the refusal's code. */
    public static final String REFUSAL = "dev.baton/refusal";

    private McpWarrantMeta() {
    }

    /**
     * @param meta   a request's {@code _meta}, or null.
     * @param holder the holder's identity when the transport authenticated it, or null to read {@link #HOLDER}.
     * @return what was presented, or null when no warrant is there.
     * @throws IllegalArgumentException if a value is not a string, not valid Base64, or the holder is missing.
     */
    public static PresentedWarrant read(final Map<String, Object> meta, final String holder) {
        if (meta == null || meta.get(WARRANT) == null) {
            return null;
        }
        final String who = holder != null ? holder : text(meta, HOLDER);
        if (who == null) {
            throw new IllegalArgumentException("_meta." + HOLDER + " is missing");
        }
        return PresentedWarrant.fromText(who, text(meta, WARRANT), text(meta, PROOF));
    }

    /**
     * @param meta      the request's existing {@code _meta}, or null.
     * @param presented what to present (by warrant bytes).
     * @return a new map: {@code meta} plus the warrant, the holder and the proof if any.
     */
    public static Map<String, Object> write(final Map<String, Object> meta, final PresentedWarrant presented) {
        final Map<String, Object> out = meta == null ? new HashMap<>() : new HashMap<>(meta);
        out.put(WARRANT, presented.warrantText());
        out.put(HOLDER, presented.holder());
        if (presented.hasProof()) {
            out.put(PROOF, presented.proofText());
        } else {
            out.remove(PROOF);
        }
        return out;
    }

    private static String text(final Map<String, Object> meta, final String key) {
        final Object v = meta.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("_meta." + key + " must be a string, was " + v.getClass().getSimpleName());
    }
}
