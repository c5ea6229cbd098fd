package dev.baton.engine;

import dev.baton.codec.AuthenticatedWarrant;
import dev.baton.codec.DecisionBodyEncoder;
import dev.baton.codec.DecisionBodyLayout;
import dev.baton.codec.DecisionEncoder;
import dev.baton.codec.WarrantDecoder;
import dev.baton.codec.WarrantLayout;
import dev.baton.core.ScopeBits;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.CharBuffer;

/**
 * The inputs a caller gave a {@link Request}, checked and copied at submission: {@link #validate}
 * refuses a malformed request on the caller's thread, so it never reaches (or stops) the engine
 * thread; {@link #copyInto} then copies the scopes, the presented warrant and the text (unless it is a
 * {@code String}, which cannot change) into storage the request owns and points the request's engine-side
 * fields at the copies, so the caller may change or reuse its own as soon as the submit call returns.
 * <p>
 * <b>Note:</b> not thread-safe (one per request). Allocation-free, except the first copy of a scope of a
 * policy a child has not carried before (one {@code ScopeBits}, kept for the next submissions).
 */
final class RequestInputs {
    private final ScopeBits[] givenScopes;
    private final ScopeBits[] ownScopes;
    private final char[] ownText = new char[Request.MAX_TEXT_BYTES];
    private final CharBuffer ownTextView = CharBuffer.wrap(ownText);
    /** A warrant longer than the longest valid one is copied up to one byte past it: refused the same way. */
    private final UnsafeBuffer ownWarrant = new UnsafeBuffer(new byte[Math.max(WarrantLayout.MAX_LENGTH,
        dev.baton.codec.PortableWarrantLayout.MAX_LENGTH) + 1]);
    /** Scratch for authenticating the presented warrant on the submitting thread. */
    final WarrantDecoder decoder = new WarrantDecoder();
    /**
     * The presented version-1 warrant as authenticated on the submitting thread (structure, MAC, holder), so that
     * the engine thread neither reads its bytes nor computes its MAC. Written at every submission that presents a
     * warrant ({@link JournaledEngine#authenticate}: authenticated, or cleared for one it does not cover) and read
     * by the engine only for a request that presents one, so a reset leaves it; never set on a request replayed
     * from the journal, which is verified whole. Here rather than in {@link Request}: a field there would move
     * the fields the engine thread reads for every request.
     */
    final AuthenticatedWarrant presented = new AuthenticatedWarrant();
    private CharSequence givenText;
    private DirectBuffer givenWarrant;
    private int givenWarrantOffset;
    private int givenWarrantLength;

    RequestInputs(final int maxChildren) {
        this.givenScopes = new ScopeBits[maxChildren];
        this.ownScopes = new ScopeBits[maxChildren];
    }

    /** Forgets what the caller gave (the request is being reset). */
    void clear() {
        givenText = null;
        givenWarrant = null;
    }

    void scope(final int child, final ScopeBits scope) {
        givenScopes[child] = scope;
    }

    void text(final CharSequence text) {
        givenText = text;
    }

    void warrant(final DirectBuffer buffer, final int offset, final int length) {
        givenWarrant = buffer;
        givenWarrantOffset = offset;
        givenWarrantLength = length;
    }

    /**
     * Checks the request's shape before it goes on the ring.
     *
     * @param warrants         whether the engine holds a key ring.
     * @param maxWarrantLength bytes one warrant may take under the current policy.
     * @throws IllegalArgumentException naming what is missing or wrong.
     */
    void validate(final Request r, final boolean warrants, final int maxWarrantLength) {
        if (r.requestId <= 0) {
            throw new IllegalArgumentException(r.op + " request id must be strictly positive, found " + r.requestId);
        }
        checkChildren(r);
        if ((r.op == Request.Op.REVOKE || r.op == Request.Op.CLOSE) && r.principal < 0) {
            throw new IllegalArgumentException(r.op + " request " + r.requestId + " names no actor: set actor(identity)");
        }
        checkWarrants(r, warrants, maxWarrantLength);
        final int textBytes = givenText == null ? 0
            : givenText.length() > Request.MAX_TEXT_BYTES ? -1 : DecisionEncoder.justificationLength(givenText);
        if (textBytes < 0 || textBytes > Request.MAX_TEXT_BYTES) {
            throw new IllegalArgumentException(r.op + " request " + r.requestId + ": text too long: "
                + (textBytes < 0 ? givenText.length() + " characters" : textBytes + " UTF-8 bytes")
                + ", at most " + Request.MAX_TEXT_BYTES + " UTF-8 bytes");
        }
        checkJournalLength(r, textBytes);
    }

    private void checkChildren(final Request r) {
        if (!r.op.takesChildren()) {
            if (r.children != 0) {
                throw new IllegalArgumentException(r.op + " request " + r.requestId + " takes no children, found "
                    + r.children);
            }
            return;
        }
        if (r.children < 1 || (r.op != Request.Op.FAN_OUT && r.children != 1)) {
            throw new IllegalArgumentException(r.op + " request " + r.requestId + " needs "
                + (r.op == Request.Op.FAN_OUT ? "at least one child" : "exactly one child (agent and scope)")
                + ", found " + r.children);
        }
        for (int i = 0; i < r.children; i++) {
            if (givenScopes[i] == null) {
                throw new IllegalArgumentException(r.op + " request " + r.requestId + ": child " + i + " has no scope");
            }
        }
    }

    private void checkWarrants(final Request r, final boolean warrants, final int maxWarrantLength) {
        if ((givenWarrant != null || r.warrantOut != null) && !warrants) {
            throw new IllegalArgumentException("request " + r.requestId
                + " carries warrants but the engine has no key ring: configure EngineConfig.keys");
        }
        if (givenWarrant != null) {
            if (r.op != Request.Op.DELEGATE && r.op != Request.Op.FAN_OUT && r.op != Request.Op.AUTHORIZE) {
                throw new IllegalArgumentException(r.op + " request " + r.requestId + " cannot present a warrant");
            }
            if (givenWarrantOffset < 0 || givenWarrantLength < 0
                || (long) givenWarrantOffset + givenWarrantLength > givenWarrant.capacity()) {
                throw new IllegalArgumentException("request " + r.requestId + ": warrant offset=" + givenWarrantOffset
                    + " length=" + givenWarrantLength + " capacity=" + givenWarrant.capacity());
            }
            if (r.op != Request.Op.AUTHORIZE && r.warrantOut == null) {
                throw new IllegalArgumentException(r.op + " request " + r.requestId
                    + " presents a warrant: give warrantsTo(...) for the child's warrant");
            }
        }
        if (r.warrantOut != null) {
            final long need = (long) maxWarrantLength * Math.max(1, r.children);
            if (r.warrantOutOffset < 0 || r.warrantOut.capacity() - (long) r.warrantOutOffset < need) {
                throw new IllegalArgumentException("request " + r.requestId + ": warrant buffer too small: offset="
                    + r.warrantOutOffset + " capacity=" + r.warrantOut.capacity() + " need=" + need);
            }
        }
    }

    /**
     * The DECISION record of the request, at its largest (every child allowed, the text in each), must fit
     * one journal record: a wide fan-out of wide scopes could not be journaled, so it is refused here.
     */
    private void checkJournalLength(final Request r, final int textBytes) {
        long length = DecisionBodyLayout.BLOCK_LENGTH;
        for (int i = 0; i < Math.max(1, r.children); i++) {
            length += DecisionBodyEncoder.childLength(i < r.children ? words(givenScopes[i]) : 0, textBytes);
        }
        if (length > DecisionBodyLayout.MAX_LENGTH) {
            throw new IllegalArgumentException(r.op + " request " + r.requestId + " of " + r.children
                + " children could take " + length + " bytes in the journal, at most " + DecisionBodyLayout.MAX_LENGTH
                + ": split it into fewer children or narrower scopes");
        }
    }

    /** Capability words of a scope up to its last non-zero one (what the journal writes). */
    private static int words(final ScopeBits scope) {
        int n = scope.words();
        while (n > 0 && scope.capabilityWord(n - 1) == 0) {
            n--;
        }
        return n;
    }

    /**
     * Copies what the engine reads later into the request's own storage and points its engine-side fields
     * at the copies; called once the request is pending, after {@link #validate}.
     */
    void copyInto(final Request r) {
        for (int i = 0; i < r.children; i++) {
            final ScopeBits given = givenScopes[i];
            ScopeBits own = ownScopes[i];
            if (own == null || own.policy() != given.policy()) {
                own = new ScopeBits(given.policy());
                ownScopes[i] = own;
            }
            r.scopes[i] = own.copyFrom(given);
        }
        if (givenWarrant != null) {
            final int length = Math.min(givenWarrantLength, ownWarrant.capacity());
            ownWarrant.putBytes(0, givenWarrant, givenWarrantOffset, length);
            r.warrantIn = ownWarrant;
            r.warrantInOffset = 0;
            r.warrantInLength = length;
        }
        if (givenText != null) { // a String cannot change after validate: no copy needed
            r.text = givenText instanceof String ? givenText : copyText();
        }
    }

    /** The text, copied: validated, so it fits; a writer racing the copy may have lengthened it, and is cut. */
    private CharSequence copyText() {
        int length = Math.min(givenText.length(), ownText.length);
        for (int i = 0; i < length; i++) {
            ownText[i] = givenText.charAt(i);
        }
        ownTextView.clear().limit(length);
        while (DecisionEncoder.justificationLength(ownTextView) > Request.MAX_TEXT_BYTES) {
            ownTextView.clear().limit(--length);
        }
        return ownTextView;
    }
}
