package dev.baton.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every fuzz target checks: the decoder answers OK or a typed error whose detail names it, never
 * throws; an accepted message (a journal record's body too, by its type) can be read completely; the same bytes at an offset decode the same way;
 * a region past the buffer's end is refused. Single-threaded, like Jazzer.
 */
final class FuzzChecks {
    private static final ErrorDetail DETAIL = new ErrorDetail();
    private static final WarrantAuthenticator AUTHENTICATOR = new WarrantAuthenticator(Fixtures.keyRing());
    private static final WarrantDecoder WARRANT = new WarrantDecoder();
    private static final WarrantDecoder VERIFIED = new WarrantDecoder();
    private static final WarrantEncoder REENCODER = new WarrantEncoder();
    private static final UnsafeBuffer REENCODED = new UnsafeBuffer(new byte[WarrantLayout.MAX_LENGTH]);
    private static final DecisionDecoder DECISION = new DecisionDecoder();
    private static final DecisionBodyDecoder DECISION_BODY = new DecisionBodyDecoder();
    private static final PolicyBodyDecoder POLICY_BODY = new PolicyBodyDecoder();
    private static final IdentityBodyDecoder IDENTITY_BODY = new IdentityBodyDecoder();
    private static final SwapBodyDecoder SWAP_BODY = new SwapBodyDecoder();
    private static final StartBodyDecoder START_BODY = new StartBodyDecoder();
    private static final StopBodyDecoder STOP_BODY = new StopBodyDecoder();
    private static final JournalRecordDecoder RECORD = new JournalRecordDecoder();
    private static final SealBodyDecoder SEAL_BODY = new SealBodyDecoder();
    private static final ForeignWarrantBodyDecoder FOREIGN_BODY = new ForeignWarrantBodyDecoder();
    private static final ForeignRevocationBodyDecoder REVOCATION_BODY = new ForeignRevocationBodyDecoder();
    private static final ForeignRevocationBodyEncoder REVOCATION_ENCODER = new ForeignRevocationBodyEncoder();
    private static final UnsafeBuffer UNPACKED = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
    private static final UnsafeBuffer EXPANDED = new UnsafeBuffer(new byte[JournalRecordLayout.MAX_BODY_LENGTH]);
    private static final JournalHasher HASHER = new JournalHasher();
    private static final long[] WORDS = new long[64];
    private static final int[] HOP_IDS = new int[WarrantLayout.MAX_HOPS];
    private static final int[] HOP_PURPOSES = new int[WarrantLayout.MAX_HOPS];
    private static final byte[] BYTES = new byte[JournalRecordLayout.MAX_BODY_LENGTH];
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

    static void checkDecision(final byte[] data) {
        if (wrapEverywhere(data, DECISION::wrap) != CodecError.OK) {
            return;
        }
        DECISION.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        readDecision(DECISION);
    }

    static void checkJournalRecord(final byte[] data) {
        if (wrapEverywhere(data, RECORD::wrap) != CodecError.OK) {
            return;
        }
        RECORD.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
        final CodecError hash = HASHER.verify(RECORD, DETAIL);
        assertTrue(hash == CodecError.OK || hash == CodecError.BAD_HASH, hash::name);
        assertEquals(data.length - JournalRecordLayout.RECORD_CRC_LENGTH, RECORD.recordCrcOffset());
        assertEquals(data.length, JournalRecordLayout.MIN_LENGTH + RECORD.bodyLength());
        UnsafeBuffer buffer = (UnsafeBuffer)RECORD.buffer();
        int at = RECORD.bodyOffset();
        int length = RECORD.bodyLength();
        if ((RECORD.flags() & JournalRecordLayout.FLAG_PACKED) != 0) {
            length = BodyPacker.unpack(buffer, at, length, UNPACKED, 0, UNPACKED.capacity());
            if (length < 0) {
                return; // malformed packing: refused, nothing to decode
            }
            buffer = UNPACKED;
            at = 0;
        }
        if ((RECORD.flags() & JournalRecordLayout.FLAG_COMPACT) != 0) { // only ever on a DECISION: the decoder checks
            assertEquals(DecisionBodyLayout.RECORD_TYPE, RECORD.recordType());
            length = CompactDecisionBodies.expand(buffer, at, length, EXPANDED, 0, DETAIL);
            if (length < 0) {
                return; // a compact body that does not expand: refused, nothing to decode
            }
            buffer = EXPANDED;
            at = 0;
        }
        switch (RECORD.recordType()) {
            case DecisionBodyLayout.RECORD_TYPE:
                readIfOk(DECISION_BODY.wrap(buffer, at, length, DETAIL), FuzzChecks::readDecisionBody);
                break;
            case PolicyBodyLayout.RECORD_TYPE:
                readIfOk(POLICY_BODY.wrap(buffer, at, length, DETAIL), FuzzChecks::readPolicyBody);
                break;
            case IdentityBodyLayout.RECORD_TYPE:
                readIfOk(IDENTITY_BODY.wrap(buffer, at, length, DETAIL), FuzzChecks::readIdentityBody);
                break;
            case SwapBodyLayout.RECORD_TYPE:
                readIfOk(SWAP_BODY.wrap(buffer, at, length, DETAIL), () -> sink += SWAP_BODY.versionId());
                break;
            case StartBodyLayout.RECORD_TYPE:
                readIfOk(START_BODY.wrap(buffer, at, length, DETAIL), FuzzChecks::readStartBody);
                break;
            case StopBodyLayout.RECORD_TYPE:
                readIfOk(STOP_BODY.wrap(buffer, at, length, DETAIL), () -> sink += STOP_BODY.epochMillis());
                break;
            case SealBodyLayout.RECORD_TYPE:
                readIfOk(SEAL_BODY.wrap(buffer, at, length, DETAIL), () -> sink += SEAL_BODY.recordCount()
                    + SEAL_BODY.flags());
                break;
            case ForeignRevocationBodyLayout.RECORD_TYPE:
                readIfOk(REVOCATION_BODY.wrap(buffer, at, length, DETAIL), FuzzChecks::readForeignRevocationBody);
                break;
            default:
                break; // a type this build does not know: the body stays opaque
        }
    }

    static void checkDecisionBody(final byte[] data) {
        if (wrapEverywhere(data, DECISION_BODY::wrap) == CodecError.OK) {
            DECISION_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            readDecisionBody();
        }
    }

    static void checkPolicyBody(final byte[] data) {
        if (wrapEverywhere(data, POLICY_BODY::wrap) == CodecError.OK) {
            POLICY_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            readPolicyBody();
        }
    }

    static void checkIdentityBody(final byte[] data) {
        if (wrapEverywhere(data, IDENTITY_BODY::wrap) == CodecError.OK) {
            IDENTITY_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            readIdentityBody();
        }
    }

    /** A FOREIGN_REVOCATION body: refused with a named field, or read whole and re-encoded to the same bytes. */
    static void checkForeignRevocationBody(final byte[] data) {
        if (wrapEverywhere(data, REVOCATION_BODY::wrap) == CodecError.OK) {
            REVOCATION_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            readForeignRevocationBody();
            final UnsafeBuffer out = new UnsafeBuffer(new byte[data.length]);
            final ForeignRevocationBodyDecoder d = REVOCATION_BODY;
            REVOCATION_ENCODER.wrap(out, 0).grant(d.engineId(), d.grantId()).times(d.expiresAt(), d.revokedAt(), d.appliedAt())
                .revokedLocal(d.revokedLocal());
            assertEquals(new UnsafeBuffer(data), out, "re-encoded bytes");
        }
    }

    private static void readForeignRevocationBody() {
        final ForeignRevocationBodyDecoder d = REVOCATION_BODY;
        assertTrue(d.grantId() > 0 && d.revokedLocal() >= 0, "validated fields");
        sink += d.engineId() + d.grantId() + d.expiresAt() + d.revokedAt() + d.appliedAt() + d.revokedLocal();
    }

    static void checkForeignWarrantBody(final byte[] data) {
        if (wrapEverywhere(data, FOREIGN_BODY::wrap) == CodecError.OK) {
            FOREIGN_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            final PortableWarrantDecoder w = FOREIGN_BODY.warrant();
            assertEquals(data.length, ForeignWarrantBodyLayout.BLOCK_LENGTH + ForeignWarrantBodyLayout.WARRANT_LENGTH_LENGTH
                + w.length());
            assertEquals(w.engineId(), FOREIGN_BODY.issuerEngine());
            sink += FOREIGN_BODY.localGrantId() + FOREIGN_BODY.verifiedAt() + FOREIGN_BODY.presenter()
                + FOREIGN_BODY.checks() + w.grantId() + w.hopCount();
        }
    }

    static void checkSwapBody(final byte[] data) {
        if (wrapEverywhere(data, SWAP_BODY::wrap) == CodecError.OK) {
            SWAP_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            assertEquals(SwapBodyLayout.BLOCK_LENGTH, data.length);
            sink += SWAP_BODY.versionId();
        }
    }

    static void checkStartBody(final byte[] data) {
        if (wrapEverywhere(data, START_BODY::wrap) == CodecError.OK) {
            START_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            readStartBody();
        }
    }

    static void checkStopBody(final byte[] data) {
        if (wrapEverywhere(data, STOP_BODY::wrap) == CodecError.OK) {
            STOP_BODY.wrap(new UnsafeBuffer(data), 0, data.length, DETAIL);
            assertEquals(StopBodyLayout.BLOCK_LENGTH, data.length);
            sink += STOP_BODY.epochMillis();
        }
    }

    private static void readIfOk(final CodecError result, final Runnable read) {
        if (result == CodecError.OK) {
            read.run();
        } else {
            assertEquals(result, DETAIL.error());
        }
    }

    /** Reads every field and every child; the children's lengths must add up to the body's. */
    private static void readDecisionBody() {
        final DecisionBodyDecoder body = DECISION_BODY;
        assertNotNull(body.operation());
        assertTrue(body.childCount() >= 1 && body.childCount() <= DecisionBodyLayout.MAX_CHILDREN);
        sink += body.refusedBefore() + body.principal() + body.presenter() + body.purpose() + body.rule()
            + body.capability() + body.dataClass() + body.requestId() + body.grantId() + body.ttlMillis()
            + (body.approve() ? 1 : 0) + (body.viaWarrant() ? 2 : 0);
        int length = DecisionBodyLayout.BLOCK_LENGTH;
        for (int i = 0; i < body.childCount(); i++) {
            sink += body.ruleId(i);
            final DecisionDecoder child = body.child(i);
            length += DecisionBodyLayout.CHILD_HEADER_LENGTH + child.encodedLength();
            readDecision(child);
        }
        assertEquals(body.encodedLength(), length);
    }

    private static void readPolicyBody() {
        final PolicyBodyDecoder body = POLICY_BODY;
        assertTrue(body.chunk() < body.chunkCount());
        assertTrue(body.fileName().length() <= body.fileNameLength());
        assertEquals(body.textLength(), body.getText(BYTES, 0));
        assertTrue(body.textOffset() + body.textLength() <= body.buffer().capacity());
        sink += body.versionId();
    }

    private static void readIdentityBody() {
        final IdentityBodyDecoder body = IDENTITY_BODY;
        assertEquals(body.nameLength(), body.getName(BYTES, 0));
        assertTrue(body.name().length() <= body.nameLength());
        sink += body.id();
    }

    private static void readStartBody() {
        final StartBodyDecoder body = START_BODY;
        assertTrue(body.encodedLength() == StartBodyLayout.BLOCK_LENGTH
            || body.encodedLength() == StartBodyLayout.LEGACY_LENGTH);
        assertEquals(body.encodedLength() == StartBodyLayout.BLOCK_LENGTH, body.hasSettings());
        sink += body.epochMillis() + body.recovered() + body.retentionMillis() + body.maxGrants() + body.initialGrants();
    }

    private static void readDecision(final DecisionDecoder decision) {
        assertTrue(decision.operation() != null && decision.outcome() != null);
        decision.getInputDigest(BYTES, 0);
        decision.getOutputDigest(BYTES, 32);
        decision.getGrantedCapabilities(WORDS);
        decision.getRequestedCapabilities(WORDS);
        assertEquals(decision.justificationLength(), decision.getJustification(BYTES, 64));
        assertEquals(DecisionLayout.MIN_LENGTH + 8 * (decision.grantedWordCount() + decision.requestedWordCount())
            + decision.justificationLength(), decision.encodedLength());
        sink += decision.depth() + decision.reasonCode() + decision.flags() + decision.ruleLine() + decision.holder()
            + decision.subject() + decision.purpose() + decision.decidingCapability() + decision.decidingDataClass()
            + decision.decisionId() + decision.requestId() + decision.timestamp() + decision.policyVersion()
            + decision.grantId() + decision.parentGrantId() + decision.expiresAt() + decision.grantedData()
            + decision.requestedData() + decision.grantedWord(1) + decision.requestedWord(99);
    }
}
