package dev.baton.cli;

import dev.baton.core.CompiledPolicy;
import dev.baton.engine.JournalReader;
import dev.baton.engine.RecordBodies;
import dev.baton.engine.RecordType;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code baton export JOURNAL --format jsonl}: one JSON object per journal record (one per decision for
 * a fan-out), for log pipelines, in the spirit of OPA's decision logs. The fields are listed in
 * docs/cli.md.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Exports a journal as JSON Lines on standard output: one object per record (a fan-out record gives "
            + "one object per decision), with the record's sequence, type and hash, and for a decision its "
            + "id, timestamp, policy version, operation, input (identities, purpose, requested scope, "
            + "justification, digests, by name) and result (outcome, reason, rule, policy line, grant). "
            + "The fields are listed in docs/cli.md.",
        "",
        "Only records whose hash chain verifies are exported; if the journal is broken or cut, what is "
            + "wrong is printed on standard error after the clean prefix.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every record exported",
        "1:the journal is broken or cut: its clean prefix was exported",
        "2:bad usage: no journal directory, unknown format; or standard output could not be written"})
final class ExportCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format {
        /** JSON Lines. */
        jsonl
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOURNAL", description = "The journal directory (holding *.cq4 files).")
    private Path journal;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl",
        description = "jsonl (the default and only format): one JSON object per line.")
    private Format format;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!JournalArgument.check("export", journal, err)) {
            return BatonCommand.USAGE;
        }
        final AuditLog log = AuditLog.read(journal, true, Progress.none());
        final Map<Long, List<DecisionEntry>> bySeq = new HashMap<>();
        for (final DecisionEntry e : log.entries) {
            bySeq.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
        }
        final long limit = log.replay.records();
        if (limit > 0) {
            export(out, log, limit, bySeq);
        }
        out.flush();
        final String damage = log.damage();
        if (damage != null) {
            err.println("baton export: " + damage + "; exported " + log.cleanPrefix());
            return BatonCommand.FAILED;
        }
        return BatonCommand.OK;
    }

    private void export(final PrintWriter out, final AuditLog log, final long limit,
                        final Map<Long, List<DecisionEntry>> bySeq) {
        final JsonWriter json = new JsonWriter();
        final HexFormat hex = HexFormat.of();
        try (JournalReader reader = new JournalReader(journal)) {
            final long[] read = new long[1];
            reader.read((seq, type, body, offset, length) -> {
                if (read[0]++ >= limit) {
                    return false;
                }
                final String hash = hex.formatHex(reader.lastHash());
                if (type == RecordType.DECISION) {
                    for (final DecisionEntry e : bySeq.getOrDefault(seq, List.of())) {
                        out.println(DecisionJson.write(json.reset(), e, hash));
                    }
                } else {
                    out.println(other(json.reset(), seq, type, body, offset, length, log, hash));
                }
                return read[0] < limit && !out.checkError(); // stop once output is lost (BatonCommand reports it)
            });
        }
    }

    private static String other(final JsonWriter json, final long seq, final int type, final UnsafeBuffer body,
                                final int offset, final int length, final AuditLog log, final String hash) {
        json.field("seq", seq).field("type", RecordType.name(type));
        switch (type) {
            case RecordType.POLICY: {
                final long version = RecordBodies.policyVersion(body, offset);
                final CompiledPolicy p = log.replay.policies().get(version);
                json.field("policy_version", JournalArgument.version(version))
                    .field("policy_label", p == null ? null : p.label())
                    .field("file", RecordBodies.policyFile(body, offset, length))
                    .field("chunk", RecordBodies.policyChunk(body, offset))
                    .field("chunks", RecordBodies.policyChunks(body, offset))
                    .field("text_bytes", RecordBodies.policyTextLength(body, offset));
                break;
            }
            case RecordType.SWAP: {
                final long version = RecordBodies.policyVersion(body, offset);
                final CompiledPolicy p = log.replay.policies().get(version);
                json.field("policy_version", JournalArgument.version(version))
                    .field("policy_label", p == null ? null : p.label());
                break;
            }
            case RecordType.IDENTITY:
                json.field("identity_id", RecordBodies.identityId(body, offset))
                    .field("identity", RecordBodies.identityName(body, offset, length));
                break;
            case RecordType.START:
                json.field("timestamp", JournalArgument.instant(RecordBodies.epochMillis(body, offset)))
                    .field("recovered_records", RecordBodies.recovered(body, offset));
                break;
            case RecordType.STOP:
                json.field("timestamp", JournalArgument.instant(RecordBodies.epochMillis(body, offset)));
                break;
            default:
                json.field("body_bytes", length);
        }
        return json.field("hash", hash).line();
    }
}
