package dev.baton.audit;

import dev.baton.core.CompiledPolicy;
import dev.baton.engine.RecordBodies;
import dev.baton.codec.CodecError;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.engine.RecordType;
import dev.baton.verifier.Check;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The export lines of the records that are not decisions (START, POLICY, SWAP, IDENTITY, STOP,
 * FOREIGN_WARRANT, FOREIGN_REVOCATION), written
 * by {@code baton export --system}; and the pieces every export line shares.
 * <p>
 * <b>Note:</b> stateless.
 */
final class SystemJson {
    private SystemJson() {
    }

    /** Writes the {@code labels} object. */
    static JsonWriter labels(final JsonWriter json, final Map<String, String> labels) {
        json.object("labels");
        labels.forEach(json::field);
        return json.end();
    }

    /** @return the file name of a recorded path: an export names no local directory. */
    static String fileName(final String path) {
        if (path == null || path.isEmpty()) {
            return path;
        }
        final Path name = Path.of(path.replace('\\', '/')).getFileName();
        return name == null ? path : name.toString();
    }

    /** Writes the head of a record that is not a decision: its type, the labels and its sequence. */
    static JsonWriter writeHead(final JsonWriter json, final Map<String, String> labels, final long seq,
                                final int type) {
        json.field("type", RecordType.name(type));
        return labels(json, labels).field("record_seq", seq);
    }

    /**
     * Writes the fields of a record that is not a decision, after its {@linkplain #writeHead head} and up to its
     * hash (the caller adds it).
     */
    static JsonWriter writeBody(final JsonWriter json, final int type, final UnsafeBuffer body, final int offset,
                                final int length, final Map<Long, CompiledPolicy> policies) {
        switch (type) {
            case RecordType.POLICY ->
                policy(json, RecordBodies.policyVersion(body, offset), policies)
                    .field("file", fileName(RecordBodies.policyFile(body, offset, length)))
                    .field("chunk", RecordBodies.policyChunk(body, offset))
                    .field("chunks", RecordBodies.policyChunks(body, offset))
                    .field("text_bytes", RecordBodies.policyTextLength(body, offset));
            case RecordType.SWAP -> policy(json, RecordBodies.policyVersion(body, offset), policies);
            case RecordType.IDENTITY -> json.field("identity_id", RecordBodies.identityId(body, offset))
                .field("identity", RecordBodies.identityName(body, offset, length));
            case RecordType.START -> json.field("timestamp", DecisionEntry.instant(RecordBodies.epochMillis(body, offset)))
                .field("recovered_records", RecordBodies.recovered(body, offset));
            case RecordType.STOP -> json.field("timestamp", DecisionEntry.instant(RecordBodies.epochMillis(body, offset)));
            case RecordType.FOREIGN_WARRANT -> foreign(json, body, offset, length);
            case RecordType.FOREIGN_REVOCATION -> revocation(json, body, offset, length);
            default -> json.field("body_bytes", length);
        }
        return json;
    }

    /** An accepted foreign warrant: what was verified and the grant that mirrors it (not the warrant bytes). */
    private static JsonWriter foreign(final JsonWriter json, final UnsafeBuffer body, final int offset, final int length) {
        final ForeignWarrantBodyDecoder foreign = new ForeignWarrantBodyDecoder();
        if (foreign.wrap(body, offset, length, null) != CodecError.OK) {
            return json.field("body_bytes", length).field("malformed", true);
        }
        final PortableWarrantDecoder w = foreign.warrant();
        final List<String> checks = new ArrayList<>();
        for (final Check c : Check.values()) {
            if ((foreign.checks() & (1 << c.ordinal())) != 0) {
                checks.add(c.name());
            }
        }
        final List<String> chain = new ArrayList<>();
        for (int i = 0; i < w.hopCount(); i++) {
            chain.add(w.hopEngineId(i) + ":" + w.hopGrantId(i));
        }
        return json.field("timestamp", DecisionEntry.instant(foreign.verifiedAt()))
            .field("local_grant_id", foreign.localGrantId()).field("presenter_id", foreign.presenter())
            .field("issuer_engine", foreign.issuerEngine()).field("foreign_grant_id", w.grantId())
            .field("chain", chain).field("suite", w.suite().name()).field("key_id", w.keyId())
            .field("policy_version", DecisionEntry.version(w.policyVersion())).field("checks", checks);
    }

    /** A revocation of another engine's grant applied on the ring: which grant, until when, what it ended here. */
    private static JsonWriter revocation(final JsonWriter json, final UnsafeBuffer body, final int offset,
                                         final int length) {
        final ForeignRevocationBodyDecoder r = new ForeignRevocationBodyDecoder();
        if (r.wrap(body, offset, length, null) != CodecError.OK) {
            return json.field("body_bytes", length).field("malformed", true);
        }
        return json.field("timestamp", DecisionEntry.instant(r.appliedAt())).field("issuer_engine", r.engineId())
            .field("foreign_grant_id", r.grantId()).field("revoked_at", DecisionEntry.instant(r.revokedAt()))
            .field("expires_at", DecisionEntry.instant(r.expiresAt())).field("local_grants_revoked", r.revokedLocal());
    }

    private static JsonWriter policy(final JsonWriter json, final long version,
                                     final Map<Long, CompiledPolicy> policies) {
        final CompiledPolicy p = policies.get(version);
        return json.field("policy_version", DecisionEntry.version(version))
            .field("policy_label", p == null ? null : p.label());
    }
}
