package dev.baton.engine;

import dev.baton.codec.ForeignWarrantBodyDecoder;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.core.ManualClock;
import dev.baton.core.PortableGate;

import java.util.function.Consumer;

/**
 * The FOREIGN_WARRANT records of a {@link JournalReplay}: each foreign warrant the engine accepted is
 * mirrored again from its journaled bytes (no key: every check passed when it was journaled), and the
 * mirror must get the journaled grant id.
 * <p>
 * <b>Note:</b> not thread-safe (the replay's thread); allocates nothing itself.
 */
final class ForeignReplay {
    /** The body of the FOREIGN_WARRANT record being replayed. */
    final ForeignWarrantBodyDecoder body = new ForeignWarrantBodyDecoder();
    /** Told of each FOREIGN_WARRANT replayed (after its mirror), or null. */
    Consumer<ForeignWarrantBodyDecoder> listener;

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
