package dev.baton.audit;

import dev.baton.codec.CodecError;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.engine.JournalReader;
import dev.baton.engine.JournalTrust;
import dev.baton.engine.RecordType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What ended a journal's grants from the outside: the foreign chain of each local grant that mirrors another
 * engine's warrant (FOREIGN_WARRANT records) and every revocation of another engine's grant the engine applied
 * on its ring (FOREIGN_REVOCATION records), so {@code explain} names the foreign revocation that ended a chain
 * rather than "no journaled decision".
 * <p>
 * <b>Note:</b> not thread-safe; immutable once read. Allocates (an audit tool).
 */
public final class ForeignEnds {
    /**
     * A revocation of another engine's grant applied by this engine.
     *
     * @param seq          its record's sequence.
     * @param engineId     the engine that issued the grant.
     * @param grantId      the grant's id there.
     * @param revokedAt    when its engine revoked it, epoch ms.
     * @param appliedAt    when this engine applied it, epoch ms.
     * @param revokedLocal local grants it revoked here.
     */
    public record Revocation(long seq, int engineId, long grantId, long revokedAt, long appliedAt, int revokedLocal) {
    }

    /** The empty answer: a journal with neither record. */
    public static final ForeignEnds NONE = new ForeignEnds();

    /** Per mirror grant: the warrant's hops, {engine, grant} each, root first. */
    private final Map<Long, long[][]> mirrors = new HashMap<>();
    private final List<Revocation> revocations = new ArrayList<>();

    private ForeignEnds() {
    }

    /**
     * Reads the FOREIGN_WARRANT and FOREIGN_REVOCATION records of the journal in {@code dir} (structure only).
     *
     * @param dir the journal directory.
     * @return what they say.
     */
    public static ForeignEnds read(final Path dir) {
        final ForeignEnds ends = new ForeignEnds();
        final ForeignWarrantBodyDecoder warrant = new ForeignWarrantBodyDecoder();
        final ForeignRevocationBodyDecoder revocation = new ForeignRevocationBodyDecoder();
        if (!JournalReader.hasRecords(dir)) {
            return ends;
        }
        try (JournalReader reader = new JournalReader(dir, JournalTrust.none())) {
            reader.read((sequence, type, body, offset, length) -> {
                if (type == RecordType.FOREIGN_WARRANT && warrant.wrap(body, offset, length, null) == CodecError.OK) {
                    final PortableWarrantDecoder w = warrant.warrant();
                    final long[][] hops = new long[w.hopCount()][];
                    for (int i = 0; i < hops.length; i++) {
                        hops[i] = new long[] {w.hopEngineId(i), w.hopGrantId(i)};
                    }
                    ends.mirrors.put(warrant.localGrantId(), hops);
                } else if (type == RecordType.FOREIGN_REVOCATION
                    && revocation.wrap(body, offset, length, null) == CodecError.OK) {
                    ends.revocations.add(new Revocation(sequence, revocation.engineId(), revocation.grantId(),
                        revocation.revokedAt(), revocation.appliedAt(), revocation.revokedLocal()));
                }
                return true;
            });
        }
        return ends;
    }

    /** @return the foreign chain a local grant mirrors ({engine, grant} per hop, root first), or null. */
    public long[][] mirrored(final long localGrant) {
        return mirrors.get(localGrant);
    }

    /** @return every foreign revocation applied, in journal order. */
    public List<Revocation> revocations() {
        return List.copyOf(revocations);
    }

    /**
     * The foreign revocation that ended the mirror {@code localGrant} (and so every local grant under it): the
     * first one, journaled before {@code beforeSeq}, of a hop of the mirrored warrant.
     *
     * @return it, or null if the grant mirrors no warrant or none of its hops was revoked so.
     */
    public Revocation ending(final long localGrant, final long beforeSeq) {
        final long[][] hops = mirrors.get(localGrant);
        if (hops == null) {
            return null;
        }
        for (final Revocation r : revocations) {
            if (r.seq() >= beforeSeq) {
                break;
            }
            for (final long[] hop : hops) {
                if (hop[0] == r.engineId() && hop[1] == r.grantId()) {
                    return r;
                }
            }
        }
        return null;
    }
}
