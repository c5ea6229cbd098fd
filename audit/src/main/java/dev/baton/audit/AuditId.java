package dev.baton.audit;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.WarrantDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An id given to {@code explain}: {@code decision:N}, {@code grant:N}, {@code warrant:<base64 or hex>}
 * (its grant id is taken), or a bare {@code N}, which means the decision N if there is one, else the
 * grant N.
 * <p>
 * <b>Note:</b> immutable.
 *
 * @param kind  what the id names.
 * @param value the decision or grant id.
 * @param note  how a bare or warrant id was read, for the output; null when it was explicit.
 */
public record AuditId(Kind kind, long value, String note) {
    /** What an id names. */
    public enum Kind {
        /** A decision id. */
        DECISION,
        /** A grant id. */
        GRANT
    }

    /**
     * Resolves {@code text} against a journal's decisions and grants.
     *
     * @param text  the id as the user wrote it.
     * @param chain the journal's decisions and grants.
     * @return what it names.
     * @throws IllegalArgumentException saying what is wrong.
     */
    public static AuditId resolve(final String text, final GrantChain chain) {
        final String t = text.strip();
        if (t.startsWith("decision:")) {
            return new AuditId(Kind.DECISION, number(t.substring(9), text), null);
        }
        if (t.startsWith("grant:")) {
            return new AuditId(Kind.GRANT, number(t.substring(6), text), null);
        }
        if (t.startsWith("warrant:")) {
            final byte[] bytes = WarrantText.decode(t, "'" + WarrantText.abbreviate(t) + "'");
            final WarrantDecoder decoder = new WarrantDecoder();
            final ErrorDetail detail = new ErrorDetail();
            if (decoder.wrap(new UnsafeBuffer(bytes), 0, bytes.length, detail) != CodecError.OK) {
                throw new IllegalArgumentException("the warrant does not decode: " + detail.message());
            }
            return new AuditId(Kind.GRANT, decoder.grantId(), "the warrant's grant id is " + decoder.grantId()
                + " (its MAC is not checked here: use 'baton inspect --key FILE')");
        }
        final long n = number(t, text);
        final boolean decision = chain.decision(n) != null;
        final boolean grant = chain.creation(n) != null;
        if (decision && grant) {
            return new AuditId(Kind.DECISION, n, n + " is both a decision id and a grant id: showing decision " + n
                + " (write grant:" + n + " for the grant)");
        }
        return grant ? new AuditId(Kind.GRANT, n, n + " is a grant id") : new AuditId(Kind.DECISION, n, null);
    }

    private static long number(final String digits, final String text) {
        try {
            return Long.parseLong(digits.strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an id: give a decision id (N or decision:N), "
                + "a grant id (grant:N) or a warrant (warrant:<base64 or hex>)");
        }
    }
}
