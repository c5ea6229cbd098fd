package dev.baton.engine;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.ForeignRevocationBodyDecoder;
import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.core.ManualClock;
import dev.baton.core.PortableGate;

import org.agrona.DirectBuffer;

import java.util.function.Consumer;

/**
 * The FOREIGN_WARRANT and FOREIGN_REVOCATION records of a {@link JournalReplay}: each foreign warrant the
 * engine accepted is mirrored again from its journaled bytes (no key: every check passed when it was
 * journaled), and the mirror must get the journaled grant id; each foreign revocation the engine applied
 * is applied again at its recorded time, and must change the state again and revoke as many local grants.
 * <p>
 * <b>Note:</b> not thread-safe (the replay's thread); allocates nothing itself.
 */
final class ForeignReplay {
    /** The body of the FOREIGN_WARRANT record being replayed. */
    final ForeignWarrantBodyDecoder body = new ForeignWarrantBodyDecoder();
    /** Told of each FOREIGN_WARRANT replayed (after its mirror), or null. */
    Consumer<ForeignWarrantBodyDecoder> listener;
    /** Told of each FOREIGN_REVOCATION replayed (after it was applied again), or null. */
    Consumer<ForeignRevocationBodyDecoder> revocationListener;
    /** The body of the FOREIGN_REVOCATION record being replayed. */
    final ForeignRevocationBodyDecoder revocation = new ForeignRevocationBodyDecoder();
    private final ErrorDetail detail = new ErrorDetail();

    /**
     * Replays a FOREIGN_WARRANT or FOREIGN_REVOCATION record on {@code gate}.
     *
     * @return null, or why the record is malformed or does not replay to what it recorded.
     */
    String replay(final int type, final DirectBuffer body, final int offset, final int length, final PortableGate gate,
                  final ManualClock clock) {
        if (type == RecordType.FOREIGN_WARRANT) {
            return this.body.wrap(body, offset, length, detail) == CodecError.OK ? mirror(gate, clock)
                : "malformed FOREIGN_WARRANT body: " + detail.message();
        }
        return revocation.wrap(body, offset, length, detail) == CodecError.OK ? revoke(gate, clock)
            : "malformed FOREIGN_REVOCATION body: " + detail.message();
    }

    /**
     * Applies the revocation of {@link #revocation} on {@code gate} at its recorded time.
     *
     * @return null, or why it does not replay to what it recorded.
     */
    String revoke(final PortableGate gate, final ManualClock clock) {
        final ForeignRevocationBodyDecoder r = revocation;
        clock.set(r.appliedAt());
        final dev.baton.core.ForeignRevocationResult outcome = gate.replayRevocation(r.engineId(), r.grantId(), r.expiresAt());
        if (outcome != dev.baton.core.ForeignRevocationResult.APPLIED || gate.revokedLocal() != r.revokedLocal()
            || gate.appliedAt() != r.appliedAt()) {
            return "foreign revocation of engine " + r.engineId() + " grant " + r.grantId() + " replayed as " + outcome
                + " revoking " + gate.revokedLocal() + " local grants at " + gate.appliedAt() + ", journaled as APPLIED"
                + " revoking " + r.revokedLocal() + " at " + r.appliedAt();
        }
        if (revocationListener != null) {
            revocationListener.accept(r);
        }
        return null;
    }

    /**
     * Mirrors the warrant of {@link #body} on {@code gate}, at its recorded time.
     *
     * @return null, or why the record does not replay to what it recorded.
     */
    String mirror(final PortableGate gate, final ManualClock clock) {
        final PortableWarrantDecoder w = body.warrant();
        clock.set(body.verifiedAt());
        final long local = gate.replayMirror(w.buffer(), w.offset(), w.length(), body.presenter(), body.verifiedAt());
        if (local != body.localGrantId()) {
            return "foreign warrant of engine " + body.issuerEngine() + " grant " + w.grantId()
                + " mirrored as grant " + local + ", journaled as " + body.localGrantId();
        }
        if (listener != null) {
            listener.accept(body);
        }
        return null;
    }
}
