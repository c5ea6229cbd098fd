package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every fuzz target checks: the decoder answers OK or a typed error whose detail names it, never
 * throws; an accepted message can be read completely; the same bytes at an offset decode the same way;
 * a region past the buffer's end is refused. Single-threaded, like Jazzer.
 */
final class FuzzChecks {
    private static final ErrorDetail DETAIL = new ErrorDetail();
    private static final WarrantAuthenticator AUTHENTICATOR = new WarrantAuthenticator(Fixtures.keyRing());
    private static final WarrantDecoder WARRANT = new WarrantDecoder();
    private static final WarrantDecoder VERIFIED = new WarrantDecoder();
    private static final WarrantEncoder REENCODER = new WarrantEncoder();
    private static final UnsafeBuffer REENCODED = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
    private static final DelegateRequestDecoder DELEGATE = new DelegateRequestDecoder();
    private static final AuthorizeRequestDecoder AUTHORIZE = new AuthorizeRequestDecoder();
    private static final DecisionDecoder DECISION = new DecisionDecoder();
    private static final JournalRecordDecoder RECORD = new JournalRecordDecoder();
    private static final JournalHasher HASHER = new JournalHasher();
    private static final long[] WORDS = new long[64];
    private static final int[] HOP_IDS = new int[WarrantLayout.MAX_HOPS];
    private static final int[] HOP_PURPOSES = new int[WarrantLayout.MAX_HOPS];
    private static final byte[] BYTES = new byte[2048];
    /** Getter results land here: reading every field is the check (no exception, no over-read). */
    private static long sink;

    private FuzzChecks() {
    }

    /** Decoder under test, as a function of (buffer, offset, length). */
    interface Wrap {
        CodecError wrap(UnsafeBuffer buffer, int offset, int length, ErrorDetail detail);
    }

    /** Runs {@code wrap} on the data at offset 0 and at an offset, and past the end; returns the result. */
    static CodecError wrapEverywhere(final byte[] data, final Wrap wrap) {
        final UnsafeBuffer atOffset = new UnsafeBuffer(new byte[data.length + 7]);
        atOffset.putBytes(7, data);
        final CodecError shifted = wrap.wrap(atOffset, 7, data.length, DETAIL);
        assertNotEquals(CodecError.OK, wrap.wrap(atOffset, 7, data.length + 1, DETAIL), "region past the end");

        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final CodecError result = wrap.wrap(buffer, 0, data.length, DETAIL);
        assertEquals(result, shifted, "same bytes at another offset");
        if (result != CodecError.OK) {
            assertEquals(result, DETAIL.error());
            assertFalse(DETAIL.field().isEmpty(), "the detail names the field");
            assertTrue(DETAIL.message().startsWith(result.name()), DETAIL.message());
        }
        return result;
    }

    static void checkWarrant(final byte[] data) {
        final CodecError result = wrapEverywhere(data, WARRANT::wrap);
        final UnsafeBuffer buffer = new UnsafeBuffer(data);
        final CodecError verified = AUTHENTICATOR.verify(buffer, 0, data.length, 42, Fixtures.NOW, VERIFIED, DETAIL);
        if (result != CodecError.OK) {
            assertEquals(result, verified, "verify reports the structural error first");
            return;
        }
        assertTrue(verified == CodecError.OK || verified == CodecError.BAD_MAC || verified == CodecError.UNKNOWN_KEY
            || verified == CodecError.NOT_HOLDER, verified::name);
        WARRANT.wrap(buffer, 0, data.length, DETAIL);
        // Canonical form: re-encoding the decoded fields reproduces every byte the MAC covers.
        final int hops = WARRANT.hopCount();
        for (int i = 0; i < hops; i++) {
            HOP_IDS[i] = WARRANT.hopIdentity(i);
            HOP_PURPOSES[i] = WARRANT.hopPurpose(i);
        }
        final int words = WARRANT.getCapabilities(WORDS);
        REENCODER.wrap(REENCODED, 0).principal(WARRANT.principal()).grantId(WARRANT.grantId())
            .parentId(WARRANT.parentId()).rootId(WARRANT.rootId()).holder(WARRANT.holder()).purpose(WARRANT.purpose())
            .depth(WARRANT.depth()).validity(WARRANT.issuedAt(), WARRANT.expiresAt())
            .policyVersion(WARRANT.policyVersion()).dataClasses(WARRANT.dataClasses())
            .capabilities(WORDS, words).chain(HOP_IDS, HOP_PURPOSES, hops);
        final int unsigned = REENCODER.unsignedLength();
        REENCODED.putByte(WarrantLayout.FLAGS_OFFSET, (byte)WARRANT.flags());
        REENCODED.putShort(WarrantLayout.KEY_ID_OFFSET, (short)WARRANT.keyId(), ByteOrder.LITTLE_ENDIAN);
        assertEquals(WARRANT.unsignedLength(), unsigned);
        for (int i = 0; i < unsigned; i++) {
            assertEquals(data[i], REENCODED.getByte(i), "re-encoded byte " + i);
        }
    }

    static void checkDelegateRequest(final byte[] data) {
        if (wrapEverywhere(data, DELEGATE::wrap) != CodecError.OK) {
            return;
        }
        DELEGATE.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        assertEquals(RequestType.DELEGATE, RequestType.peek(DELEGATE.buffer(), 0, data.length));
        sink += DELEGATE.requestId() + DELEGATE.presenter() + DELEGATE.delegatee() + DELEGATE.timestamp()
            + DELEGATE.requestedData() + DELEGATE.getRequestedCapabilities(WORDS) + DELEGATE.requestedWord(70);
        assertTrue(DELEGATE.warrantOffset() + DELEGATE.warrantLength() <= data.length);
        final CodecError verified = AUTHENTICATOR.verify(DELEGATE.buffer(), DELEGATE.warrantOffset(),
            DELEGATE.warrantLength(), DELEGATE.presenter(), Fixtures.NOW, VERIFIED, DETAIL);
        assertTrue(verified == CodecError.OK || verified == DETAIL.error(), verified::name);
    }

    static void checkAuthorizeRequest(final byte[] data) {
        if (wrapEverywhere(data, AUTHORIZE::wrap) != CodecError.OK) {
            return;
        }
        AUTHORIZE.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        assertEquals(RequestType.AUTHORIZE, RequestType.peek(AUTHORIZE.buffer(), 0, data.length));
        AUTHORIZE.getInputDigest(BYTES, 0);
        assertTrue(AUTHORIZE.justificationLength() <= AuthorizeRequestLayout.MAX_JUSTIFICATION_LENGTH);
        assertEquals(AUTHORIZE.justificationLength(), AUTHORIZE.getJustification(BYTES, 0));
        assertTrue(AUTHORIZE.justification().length() <= AUTHORIZE.justificationLength());
        assertTrue(AUTHORIZE.warrantOffset() + AUTHORIZE.warrantLength() <= data.length);
        sink += AUTHORIZE.requestId() + AUTHORIZE.presenter() + AUTHORIZE.timestamp() + AUTHORIZE.capability()
            + AUTHORIZE.dataClass();
    }

    static void checkDecision(final byte[] data) {
        if (wrapEverywhere(data, DECISION::wrap) != CodecError.OK) {
            return;
        }
        DECISION.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        readDecision();
    }

    static void checkJournalRecord(final byte[] data) {
        if (wrapEverywhere(data, RECORD::wrap) != CodecError.OK) {
            return;
        }
        RECORD.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        final CodecError hash = HASHER.verify(RECORD, DETAIL);
        assertTrue(hash == CodecError.OK || hash == CodecError.BAD_HASH, hash::name);
        RECORD.getPreviousHash(BYTES, 0);
        RECORD.getRecordHash(BYTES, 32);
        assertTrue(RECORD.previousHashEquals(BYTES, 0));
        assertEquals(data.length, JournalRecordLayout.MIN_LENGTH + RECORD.bodyLength());
        if (RECORD.recordType() == JournalRecordLayout.RECORD_TYPE_DECISION
            && DECISION.wrap(RECORD.buffer(), RECORD.bodyOffset(), RECORD.bodyLength(), DETAIL) == CodecError.OK) {
            readDecision();
        }
    }

    private static void readDecision() {
        assertTrue(DECISION.operation() != null && DECISION.outcome() != null);
        DECISION.getInputDigest(BYTES, 0);
        DECISION.getOutputDigest(BYTES, 32);
        DECISION.getGrantedCapabilities(WORDS);
        DECISION.getRequestedCapabilities(WORDS);
        assertEquals(DECISION.justificationLength(), DECISION.getJustification(BYTES, 64));
        assertEquals(DecisionLayout.MIN_LENGTH + 8 * (DECISION.grantedWordCount() + DECISION.requestedWordCount())
            + DECISION.justificationLength(), DECISION.encodedLength());
        sink += DECISION.depth() + DECISION.reasonCode() + DECISION.flags() + DECISION.ruleLine() + DECISION.holder()
            + DECISION.subject() + DECISION.purpose() + DECISION.decidingCapability() + DECISION.decidingDataClass()
            + DECISION.decisionId() + DECISION.requestId() + DECISION.timestamp() + DECISION.policyVersion()
            + DECISION.grantId() + DECISION.parentGrantId() + DECISION.expiresAt() + DECISION.grantedData()
            + DECISION.requestedData() + DECISION.grantedWord(1) + DECISION.requestedWord(99);
    }
}
