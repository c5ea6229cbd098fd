package dev.baton.audit;

import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournalReader;
import dev.baton.engine.RecordBodies;
import dev.baton.engine.RecordType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A journal as JSON Lines, in the spirit of OPA's decision logs: one JSON object per record (one per
 * decision for a fan-out) with the record's sequence, type and hash; for a decision its id, timestamp,
 * policy version, operation, input and result by name (fields listed in docs/cli.md). Only the clean
 * prefix the {@link AuditLog} verified is written; {@link AuditLog#damage()} says what follows it.
 * <pre>{@code
 * AuditLog log = AuditLog.read(dir);
 * new JsonLinesExport(log).write(line -> { out.println(line); return !out.checkError(); });
 * }</pre>
 * <p>
 * <b>Note:</b> not thread-safe; reads the journal once more (for the hashes and the records that are not
 * decisions) and allocates each line.
 */
public final class JsonLinesExport {
    private final AuditLog log;
    private final Map<Long, List<DecisionEntry>> bySeq = new HashMap<>();
    private final JsonWriter json = new JsonWriter();
    private final HexFormat hex = HexFormat.of();

    /** @param log a journal read with its entries kept ({@link AuditLog#read(java.nio.file.Path)}). */
    public JsonLinesExport(final AuditLog log) {
        this.log = log;
        for (final DecisionEntry e : log.entries()) {
            bySeq.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
        }
    }

    /**
     * One decision as a JSON object, with the fields of its export line but the record's hash (for
     * {@code baton explain --format json}).
     *
     * @param e a decision of an {@link AuditLog}.
     * @return the object, on one line.
     */
    public static String decisionJson(final DecisionEntry e) {
        return DecisionJson.write(new JsonWriter().reset(), e, null);
    }

    /**
     * Writes the lines, in journal order.
     *
     * @param sink takes each line (without a line separator); returns false to stop, e.g. once output is lost.
     * @return records exported.
     */
    public long write(final Predicate<String> sink) {
        final long limit = log.records();
        if (limit == 0) {
            return 0;
        }
        try (JournalReader reader = new JournalReader(log.dir())) {
            return reader.read((seq, type, body, offset, length) -> {
                final String hash = hex.formatHex(reader.lastHash());
                if (type != RecordType.DECISION) {
                    return sink.test(other(seq, type, body, offset, length, hash));
                }
                boolean more = true;
                for (final DecisionEntry e : bySeq.getOrDefault(seq, List.of())) {
                    more = sink.test(DecisionJson.write(json.reset(), e, hash)) && more;
                }
                return more;
            }, limit);
        }
    }

    /** @return the line of a record that is not a decision. */
    private String other(final long seq, final int type, final UnsafeBuffer body, final int offset, final int length,
                         final String hash) {
        json.reset().field("seq", seq).field("type", RecordType.name(type));
        switch (type) {
            case RecordType.POLICY:
                policy(RecordBodies.policyVersion(body, offset))
                    .field("file", RecordBodies.policyFile(body, offset, length))
                    .field("chunk", RecordBodies.policyChunk(body, offset))
                    .field("chunks", RecordBodies.policyChunks(body, offset))
                    .field("text_bytes", RecordBodies.policyTextLength(body, offset));
                break;
            case RecordType.SWAP:
                policy(RecordBodies.policyVersion(body, offset));
                break;
            case RecordType.IDENTITY:
                json.field("identity_id", RecordBodies.identityId(body, offset))
                    .field("identity", RecordBodies.identityName(body, offset, length));
                break;
            case RecordType.START:
                json.field("timestamp", DecisionEntry.instant(RecordBodies.epochMillis(body, offset)))
                    .field("recovered_records", RecordBodies.recovered(body, offset));
                break;
            case RecordType.STOP:
                json.field("timestamp", DecisionEntry.instant(RecordBodies.epochMillis(body, offset)));
                break;
            default:
                json.field("body_bytes", length);
        }
        return json.field("hash", hash).line();
    }

    private JsonWriter policy(final long version) {
        final CompiledPolicy p = log.policies().get(version);
        return json.field("policy_version", DecisionEntry.version(version))
            .field("policy_label", p == null ? null : p.label());
    }
}
