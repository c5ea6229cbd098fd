package dev.baton.core;

import dev.baton.codec.CodecError;
import dev.baton.codec.ConstraintsDecoder;
import dev.baton.codec.ConstraintsLayout;
import dev.baton.constraint.Constraint;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;

/**
 * The REQUESTED snapshot section ({@link CoreSnapshot#REQUESTED}): the argument constraints each grant's
 * requested scope asked for, by slot, as constraint lists with the layout fingerprint they were read under, so
 * that a restored core holds each grant to exactly the constraints the live one did (a set read under another
 * layout stays refused, as it was).
 * <pre>
 *   count i32, 0 i32
 *   count x (ascending slot): slot i32, length i32, layout i64, list (length bytes), zero-padded to a multiple
 *     of 8 bytes from the body's start
 * </pre>
 * <p>
 * <b>Note:</b> stateless; on the core's thread. Export allocates nothing; import allocates (start-up only).
 */
final class RequestedSection {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private RequestedSection() {
    }

    /** @return where the body ends. */
    static int exportState(final ForeignConstraints f, final ExpandableArrayBuffer dst, final int at) {
        int p = at + 8;
        int count = 0;
        for (int s = 0, n = f.grantSlots(); s < n; s++) {
            final ForeignConstraints.Carried k = f.ofGrant(s);
            if (null == k) {
                continue;
            }
            count++;
            dst.putInt(p, s, LE);
            dst.putInt(p + 4, k.list.length, LE);
            dst.putLong(p + 8, k.layout, LE);
            dst.putBytes(p + 16, k.list);
            final int end = p + 16 + k.list.length;
            p = at + ((end - at + 7) & ~7);
            for (int i = end; i < p; i++) {
                dst.putByte(i, (byte) 0);
            }
        }
        dst.putInt(at, count, LE);
        dst.putInt(at + 4, 0, LE);
        return p;
    }

    /**
     * Reads what {@link #exportState} wrote into {@code f}, under the restored core's policy.
     *
     * @throws IllegalStateException naming the entry and field if the body is malformed, or a list read under
     *     this policy's layout does not read under it.
     */
    static void importState(final CompiledPolicy policy, final ForeignConstraints f, final DirectBuffer src,
                            final int at, final int length, final int slots) {
        final int end = at + length;
        final int count = length < 8 ? -1 : src.getInt(at, LE);
        if (count < 0 || count > slots || length >= 8 && src.getInt(at + 4, LE) != 0) {
            throw new IllegalStateException("section REQUESTED: count " + count + " (length " + length + ", " + slots
                + " slots)");
        }
        final ConstraintsDecoder decoder = new ConstraintsDecoder();
        int p = at + 8;
        int previous = -1;
        for (int n = 0; n < count; n++) {
            final int s = p + 16 <= end ? src.getInt(p, LE) : -1;
            final int list = p + 16 <= end ? src.getInt(p + 4, LE) : -1;
            if (s <= previous || s >= slots || list < ConstraintsLayout.MIN_LENGTH || list > ConstraintsLayout.MAX_LENGTH
                || p + 16L + list > end) {
                throw new IllegalStateException("section REQUESTED: entry " + n + " at byte " + (p - at) + ": slot " + s
                    + ", list of " + list + " bytes do not fit");
            }
            final long layout = src.getLong(p + 8, LE);
            final byte[] bytes = new byte[list];
            src.getBytes(p + 16, bytes);
            f.grant(s, read(policy, decoder, layout, bytes, n));
            previous = s;
            p = at + (int) ((p - at + 16L + list + 7) & ~7L);
        }
        if (p != end) {
            throw new IllegalStateException("section REQUESTED: " + (end - p) + " bytes left after " + count + " entries");
        }
    }

    private static ForeignConstraints.Carried read(final CompiledPolicy policy, final ConstraintsDecoder decoder,
                                                   final long layout, final byte[] bytes, final int n) {
        if (decoder.wrap(bytes, 0, bytes.length, null) != CodecError.OK || decoder.count() == 0) {
            throw new IllegalStateException("section REQUESTED: entry " + n + ": the constraint list is malformed");
        }
        if (layout != policy.layoutFingerprint()) {
            // Read under another layout: its indexes mean nothing here, and the grant stays refused.
            return new ForeignConstraints.Carried(layout, new int[0], new Constraint[0], bytes);
        }
        try {
            return RequestedConstraints.readSet(policy, decoder, bytes);
        } catch (final RuntimeException | StackOverflowError unreadable) {
            throw new IllegalStateException("section REQUESTED: entry " + n + ": its constraints do not read under"
                + " this policy: " + unreadable.getMessage(), unreadable);
        }
    }
}
