package dev.baton.audit;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.PolicyBodyDecoder;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.PolicyCompiler;
import dev.baton.engine.DecisionRecord;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.RecordBodies;
import dev.baton.engine.RecordType;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A journal as JSON Lines, in the spirit of OPA's decision logs: one line per decision (each child of a
 * fan-out its own), with a globally unique {@code decision_id}, {@code labels} (the engine's id, and what
 * the caller adds: host, version), the timestamp, policy version, operation, {@code input} and
 * {@code result} by name; the records that are not decisions (START, POLICY, SWAP, IDENTITY, STOP) only
 * when asked for. No local path is written: policy files are named by their file name. Fields are listed
 * in docs/cli.md.
 * <p>
 * One pass over the journal, streaming: the hash chain is verified as it is read (only the clean prefix is
 * written; {@link #damage()} says what follows it), policies and identity names are tracked from their
 * records, and decisions are not re-executed (that is {@code replay}'s job), so nothing is kept per
 * decision.
 * <pre>{@code
 * JsonLinesExport export = new JsonLinesExport(dir, Map.of("host", "orchestrator-1"), false);
 * export.write(line -> { out.println(line); return !out.checkError(); });
 * if (export.damage() != null) { ... }
 * }</pre>
 * <p>
 * <b>Note:</b> not thread-safe; one export per instance. Allocates each line.
 */
public final class JsonLinesExport {
    private final Path dir;
    private final Map<String, String> extraLabels;
    private final boolean system;
    private final JsonWriter json = new JsonWriter();
    private final Map<Long, CompiledPolicy> policies = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final java.util.function.IntFunction<String> nameOf = names::get;
    private final DecisionRecord record = new DecisionRecord();
    private final PolicyBodyDecoder policyBody = new PolicyBodyDecoder();
    private final ErrorDetail detail = new ErrorDetail();
    private final dev.baton.codec.ArgumentsBodyDecoder argumentsBody = new dev.baton.codec.ArgumentsBodyDecoder();
    /** The last ARGUMENTS record as text, for the DECISION of request {@link #heldRequest} right after it. */
    private String heldArguments;
    private long heldRequest;
    private final ByteArrayOutputStream policyText = new ByteArrayOutputStream();
    private Map<String, String> labels;
    /** The labels object as JSON, written once per journal: every decision line carries it. */
    private String labelsJson;
    private final long[] scopeWords = new long[64];
    private long engineBits;
    private CompiledPolicy current;
    private final JournalTrust trust;
    private String damage;
    private long records;
    private long lines;

    /**
     * @param dir    a journal directory ({@link AuditLog#directoryProblem} says whether it is one).
     * @param labels labels every line carries besides {@code engine_id} (e.g. {@code host}, {@code version}),
     *               in this order.
     * @param system whether to write the records that are not decisions too.
     */
    public JsonLinesExport(final Path dir, final Map<String, String> labels, final boolean system) {
        this(dir, JournalTrust.none(), labels, system);
    }

    /**
     * @param dir    a journal directory ({@link AuditLog#directoryProblem} says whether it is one).
     * @param trust  what the journal is checked against as it is exported (the journal key, signed
     *               checkpoints; {@link JournalTrust#none()} for its structure only).
     * @param labels labels every line carries besides {@code engine_id} (e.g. {@code host}, {@code version}),
     *               in this order.
     * @param system whether to write the records that are not decisions too.
     */
    public JsonLinesExport(final Path dir, final JournalTrust trust, final Map<String, String> labels,
                           final boolean system) {
        this.trust = trust;
        this.dir = dir;
        this.extraLabels = new LinkedHashMap<>(labels);
        this.system = system;
    }

    /**
     * One decision as a JSON object with the fields of its export line, but those of the export itself
     * ({@code decision_id}, {@code labels}, {@code record_hash}); for {@code baton explain --format json}.
     *
     * @param e a decision of an {@link AuditLog}.
     * @return the object, on one line.
     */
    public static String decisionJson(final DecisionEntry e) {
        return DecisionJson.write(new JsonWriter().reset(), e, null);
    }

    /**
     * @param engineBits the engine id (the first 8 bytes of the journal's first record hash).
     * @param decisionId a decision id of that journal.
     * @return a UUID (version 8, RFC 9562) unique to the decision across journals: the engine id's 60 low
     *     bits around the version nibble, then the variant and the decision id's 62 low bits.
     */
    public static String decisionUuid(final long engineBits, final long decisionId) {
        return new java.util.UUID(uuidHigh(engineBits), uuidLow(decisionId)).toString();
    }

    private static long uuidHigh(final long engineBits) {
        return (engineBits >>> 12 << 16 & 0xFFFF_FFFF_FFFF_0000L) | 0x8000L | (engineBits & 0x0FFFL);
    }

    private static long uuidLow(final long decisionId) {
        return (decisionId & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    }

    /**
     * Writes the lines, in journal order.
     *
     * @param sink takes each line (without a line separator); returns false to stop, e.g. once output is lost.
     * @return journal records read (a fan-out record gives several lines, a system record none unless asked).
     */
    public long write(final Predicate<String> sink) {
        if (!JournalReader.hasRecords(dir)) {
            return 0;
        }
        try (JournalReader reader = new JournalReader(dir, trust)) {
            reader.read((seq, type, body, offset, length) -> {
                records++;
                if (seq == 0) {
                    engine(reader.lastHash());
                }
                try {
                    return onRecord(sink, reader, seq, type, body, offset, length);
                } catch (final PolicyException | RuntimeException e) {
                    damage = "record " + seq + " cannot be read: " + e.getMessage();
                    return false;
                }
            });
            if (damage == null && reader.broken() != null) {
                damage = "the hash chain is broken at " + reader.broken()
                    + (reader.problem() == null ? "" : " (" + reader.problem() + ")");
            } else if (damage == null && reader.cut() != null) {
                damage = "the journal ends in a cut record: " + reader.cut();
            }
        }
        return records;
    }

    /** @return why the journal could not be exported past some record (broken chain, cut), or null. */
    public String damage() {
        return damage;
    }

    /** @return lines written. */
    public long lines() {
        return lines;
    }

    private void engine(final byte[] firstHash) {
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = bits << 8 | (firstHash[i] & 0xFF);
        }
        engineBits = bits;
        labels = new LinkedHashMap<>();
        labels.put("engine_id", String.format("%016x", bits));
        labels.putAll(extraLabels);
        final JsonWriter once = new JsonWriter().reset();
        SystemJson.labels(once, labels);
        final String object = once.line(); // {"labels":{...}}
        labelsJson = object.substring(object.indexOf(':') + 1, object.length() - 1);
    }

    private boolean onRecord(final Predicate<String> sink, final JournalReader reader, final long seq, final int type,
                             final UnsafeBuffer body, final int offset, final int length) throws PolicyException {
        switch (type) {
            case RecordType.POLICY -> policy(body, offset, length);
            case RecordType.SWAP -> current = policies.get(RecordBodies.policyVersion(body, offset));
            case RecordType.IDENTITY -> names.put(RecordBodies.identityId(body, offset),
                RecordBodies.identityName(body, offset, length));
            case RecordType.ARGUMENTS -> {
                heldArguments = argumentsBody.wrap(body, offset, length, detail) == CodecError.OK && current != null
                    ? BudgetText.record(argumentsBody, current) : null;
                heldRequest = heldArguments == null ? 0 : argumentsBody.requestId();
            }
            case RecordType.DECISION -> {
                return decisions(sink, reader, seq, body, offset, length);
            }
            default -> {
                // START, STOP and future types carry nothing a decision line needs.
            }
        }
        if (!system) {
            return true;
        }
        lines++;
        SystemJson.writeHead(json.reset(), labels, seq, type);
        return sink.test(SystemJson.writeBody(json, type, body, offset, length, policies)
            .hexField("record_hash", reader.lastHash()).line());
    }

    private boolean decisions(final Predicate<String> sink, final JournalReader reader, final long seq,
                              final UnsafeBuffer body, final int offset, final int length) {
        if (current == null) {
            throw new IllegalStateException("a DECISION before any policy");
        }
        if (!record.wrap(body, offset, length)) {
            throw new IllegalStateException("malformed DECISION body: " + record.error().message());
        }
        final byte[] hash = reader.lastHash();
        final long uuidHigh = uuidHigh(engineBits);
        final String arguments = heldArguments != null && heldRequest == record.requestId() ? heldArguments : null;
        heldArguments = null;
        boolean more = true;
        for (int i = 0; i < record.children(); i++) {
            final DecisionEntry e = new DecisionEntry(seq, record, i, current, nameOf, scopeWords);
            e.context(arguments, null);
            json.reset().uuidField("decision_id", uuidHigh, uuidLow(e.decisionId())).rawField("labels", labelsJson);
            lines++;
            more = sink.test(DecisionJson.write(json, e, hash)) && more;
        }
        return more;
    }

    /** Collects a policy's text chunks; compiles it once whole, to name what its decisions refer to. */
    private void policy(final UnsafeBuffer body, final int offset, final int length) throws PolicyException {
        if (policyBody.wrap(body, offset, length, detail) != CodecError.OK) {
            throw new IllegalStateException("malformed POLICY body: " + detail.message());
        }
        if (policyBody.chunk() == 0) {
            policyText.reset();
        }
        final byte[] bytes = new byte[policyBody.textLength()];
        policyBody.buffer().getBytes(policyBody.textOffset(), bytes);
        policyText.writeBytes(bytes);
        if (policyBody.chunk() == policyBody.chunkCount() - 1) {
            final CompiledPolicy p = PolicyCompiler.compile(PolicyParser.parse(policyBody.fileName(),
                policyText.toString(StandardCharsets.UTF_8)));
            policies.put(p.versionId(), p);
        }
    }
}
