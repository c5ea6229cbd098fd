package dev.baton.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** decode(encode(x)) == x for random warrants, requests, decisions and journal records. */
class CodecRoundTripTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final WarrantAuthenticator authenticator = new WarrantAuthenticator(Fixtures.keyRing());
    private final ErrorDetail detail = new ErrorDetail();

    @Property
    void shouldRoundTripWarrant(
        @ForAll @IntRange(max = 15) final int flags,
        @ForAll final int principal,
        @ForAll final long grantId,
        @ForAll final long parentId,
        @ForAll final long rootId,
        @ForAll final int holder,
        @ForAll final int purpose,
        @ForAll @IntRange(max = 255) final int depth,
        @ForAll @LongRange(min = -4_611_686_018_427_387_904L, max = 4_611_686_018_427_387_903L) final long issuedAt,
        @ForAll @LongRange(max = WarrantLayout.MAX_TTL_MILLIS) final long ttl,
        @ForAll final long policyVersion,
        @ForAll final long dataClasses,
        @ForAll @Size(max = 64) final long[] words,
        @ForAll @Size(max = 12) final int[] hopIdentities,
        @ForAll @IntRange(max = 40) final int offset) {
        final int hops = hopIdentities.length;
        final int[] hopPurposes = new int[hops];
        for (int i = 0; i < hops; i++) {
            hopPurposes[i] = hopIdentities[i] * 31 + i;
        }
        final WarrantEncoder encoder = new WarrantEncoder().wrap(buffer, offset)
            .flags(flags).principal(principal).grantId(grantId).parentId(parentId).rootId(rootId)
            .holder(holder).purpose(purpose).depth(depth).validity(issuedAt, issuedAt + ttl)
            .policyVersion(policyVersion).dataClasses(dataClasses)
            .capabilities(words, words.length).chain(hopIdentities, hopPurposes, hops);
        final int length = authenticator.sign(encoder);

        final WarrantDecoder decoder = new WarrantDecoder();
        assertEquals(CodecError.OK, authenticator.verify(buffer, offset, length, holder, Fixtures.NOW, decoder, detail),
            detail::message);
        final int kept = Math.min(hops, WarrantLayout.MAX_HOPS);
        final int expectedFlags = (flags & ~WarrantLayout.FLAG_CHAIN_TRUNCATED)
            | (hops > WarrantLayout.MAX_HOPS ? WarrantLayout.FLAG_CHAIN_TRUNCATED : 0);
        assertEquals(expectedFlags, decoder.flags());
        assertEquals(Fixtures.KEY_ID, decoder.keyId());
        assertEquals(principal, decoder.principal());
        assertEquals(grantId, decoder.grantId());
        assertEquals(parentId, decoder.parentId());
        assertEquals(rootId, decoder.rootId());
        assertEquals(holder, decoder.holder());
        assertEquals(purpose, decoder.purpose());
        assertEquals(depth, decoder.depth());
        assertEquals(issuedAt, decoder.issuedAt());
        assertEquals(issuedAt + ttl, decoder.expiresAt());
        assertEquals(policyVersion, decoder.policyVersion());
        assertEquals(dataClasses, decoder.dataClasses());
        final long[] decodedWords = new long[64];
        decoder.getCapabilities(decodedWords);
        assertArrayEquals(Arrays.copyOf(words, 64), decodedWords);
        assertEquals(kept, decoder.hopCount());
        for (int i = 0; i < kept; i++) {
            assertEquals(hopIdentities[hops - kept + i], decoder.hopIdentity(i));
            assertEquals(hopPurposes[hops - kept + i], decoder.hopPurpose(i));
        }
        assertEquals(WarrantLayout.encodedLength(ScopeWords.trimmedCount(words, words.length), kept), length);
    }

    @Property
    void shouldRoundTripDelegateRequest(
        @ForAll final long requestId,
        @ForAll final int presenter,
        @ForAll final int delegatee,
        @ForAll final long timestamp,
        @ForAll final long requestedData,
        @ForAll @Size(max = 64) final long[] words,
        @ForAll @Size(max = WarrantLayout.MAX_LENGTH) final byte[] warrant) {
        final int length = new DelegateRequestEncoder().wrap(buffer, 0)
            .requestId(requestId).presenter(presenter).delegatee(delegatee).timestamp(timestamp)
            .requestedData(requestedData).requestedCapabilities(words, words.length)
            .warrant(new UnsafeBuffer(warrant), 0, warrant.length).encodedLength();

        final DelegateRequestDecoder decoder = new DelegateRequestDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(RequestType.DELEGATE, RequestType.peek(buffer, 0, length));
        assertEquals(requestId, decoder.requestId());
        assertEquals(presenter, decoder.presenter());
        assertEquals(delegatee, decoder.delegatee());
        assertEquals(timestamp, decoder.timestamp());
        assertEquals(requestedData, decoder.requestedData());
        final long[] decodedWords = new long[64];
        decoder.getRequestedCapabilities(decodedWords);
        assertArrayEquals(Arrays.copyOf(words, 64), decodedWords);
        final byte[] decodedWarrant = new byte[decoder.warrantLength()];
        decoder.buffer().getBytes(decoder.warrantOffset(), decodedWarrant);
        assertArrayEquals(warrant, decodedWarrant);
    }

    @Property
    void shouldRoundTripAuthorizeRequest(
        @ForAll final long requestId,
        @ForAll final int presenter,
        @ForAll final long timestamp,
        @ForAll final int capability,
        @ForAll final int dataClass,
        @ForAll @Size(32) final byte[] inputDigest,
        @ForAll @Size(max = 300) final String justification,
        @ForAll @Size(max = WarrantLayout.MAX_LENGTH) final byte[] warrant) {
        final byte[] text = justification.getBytes(StandardCharsets.UTF_8);
        final int length = new AuthorizeRequestEncoder().wrap(buffer, 0)
            .requestId(requestId).presenter(presenter).timestamp(timestamp).capability(capability)
            .dataClass(dataClass).inputDigest(inputDigest, 0).justification(text, 0, text.length)
            .warrant(new UnsafeBuffer(warrant), 0, warrant.length).encodedLength();

        final AuthorizeRequestDecoder decoder = new AuthorizeRequestDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(RequestType.AUTHORIZE, RequestType.peek(buffer, 0, length));
        assertEquals(requestId, decoder.requestId());
        assertEquals(presenter, decoder.presenter());
        assertEquals(timestamp, decoder.timestamp());
        assertEquals(capability, decoder.capability());
        assertEquals(dataClass, decoder.dataClass());
        final byte[] digest = new byte[32];
        decoder.getInputDigest(digest, 0);
        assertArrayEquals(inputDigest, digest);
        final byte[] decodedText = new byte[decoder.justificationLength()];
        decoder.getJustification(decodedText, 0);
        assertArrayEquals(text, decodedText);
        assertEquals(new String(text, StandardCharsets.UTF_8), decoder.justification());
        final byte[] decodedWarrant = new byte[decoder.warrantLength()];
        decoder.buffer().getBytes(decoder.warrantOffset(), decodedWarrant);
        assertArrayEquals(warrant, decodedWarrant);
    }

    @Property
    void shouldRoundTripDecision(
        @ForAll final long decisionId,
        @ForAll final long requestId,
        @ForAll @IntRange(min = 1, max = 9) final int operation,
        @ForAll @IntRange(min = 1, max = 3) final int outcome,
        @ForAll @IntRange(max = 0xFFFF) final int reasonCode,
        @ForAll @IntRange(max = 0xFFFF) final int flags,
        @ForAll final int ruleLine,
        @ForAll final int decidingCapability,
        @ForAll final int decidingDataClass,
        @ForAll final long timestamp,
        @ForAll final long policyVersion,
        @ForAll final long grantId,
        @ForAll final long parentGrantId,
        @ForAll final long expiresAt,
        @ForAll final int holder,
        @ForAll final int subject,
        @ForAll final int purpose,
        @ForAll @IntRange(max = 255) final int depth,
        @ForAll @Size(max = 64) final long[] granted,
        @ForAll final long grantedData,
        @ForAll @Size(max = 64) final long[] requested,
        @ForAll final long requestedData,
        @ForAll @Size(32) final byte[] inputDigest,
        @ForAll @Size(32) final byte[] outputDigest,
        @ForAll @Size(max = 300) final String justification) {
        final byte[] text = justification.getBytes(StandardCharsets.UTF_8);
        final int length = new DecisionEncoder().wrap(buffer, 0)
            .decisionId(decisionId).requestId(requestId).operation(Operation.get(operation))
            .outcome(DecisionOutcome.get(outcome)).reasonCode(reasonCode).flags(flags).ruleLine(ruleLine)
            .decidingCapability(decidingCapability).decidingDataClass(decidingDataClass).timestamp(timestamp)
            .policyVersion(policyVersion).grantId(grantId).parentGrantId(parentGrantId).expiresAt(expiresAt)
            .holder(holder).subject(subject).purpose(purpose).depth(depth)
            .grantedData(grantedData).requestedData(requestedData)
            .inputDigest(inputDigest, 0).outputDigest(outputDigest, 0)
            .grantedCapabilities(granted, granted.length).requestedCapabilities(requested, requested.length)
            .justification(text, 0, text.length).encodedLength();

        final DecisionDecoder decoder = new DecisionDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(decisionId, decoder.decisionId());
        assertEquals(requestId, decoder.requestId());
        assertEquals(operation, decoder.operation().code());
        assertEquals(outcome, decoder.outcome().code());
        assertEquals(reasonCode, decoder.reasonCode());
        assertEquals(flags, decoder.flags());
        assertEquals(ruleLine, decoder.ruleLine());
        assertEquals(decidingCapability, decoder.decidingCapability());
        assertEquals(decidingDataClass, decoder.decidingDataClass());
        assertEquals(timestamp, decoder.timestamp());
        assertEquals(policyVersion, decoder.policyVersion());
        assertEquals(grantId, decoder.grantId());
        assertEquals(parentGrantId, decoder.parentGrantId());
        assertEquals(expiresAt, decoder.expiresAt());
        assertEquals(holder, decoder.holder());
        assertEquals(subject, decoder.subject());
        assertEquals(purpose, decoder.purpose());
        assertEquals(depth, decoder.depth());
        assertEquals(grantedData, decoder.grantedData());
        assertEquals(requestedData, decoder.requestedData());
        final long[] words = new long[64];
        decoder.getGrantedCapabilities(words);
        assertArrayEquals(Arrays.copyOf(granted, 64), words);
        decoder.getRequestedCapabilities(words);
        assertArrayEquals(Arrays.copyOf(requested, 64), words);
        final byte[] digest = new byte[32];
        decoder.getInputDigest(digest, 0);
        assertArrayEquals(inputDigest, digest);
        decoder.getOutputDigest(digest, 0);
        assertArrayEquals(outputDigest, digest);
        final byte[] decodedText = new byte[decoder.justificationLength()];
        decoder.getJustification(decodedText, 0);
        assertArrayEquals(text, decodedText);
    }

    @Property
    void shouldRoundTripJournalRecord(
        @ForAll final long sequence,
        @ForAll @IntRange(max = 0xFFFF) final int recordType,
        @ForAll @Size(32) final byte[] previousHash,
        @ForAll @Size(max = 2000) final byte[] body) {
        final JournalRecordEncoder encoder = new JournalRecordEncoder().wrap(buffer, 0)
            .sequence(sequence).recordType(recordType).previousHash(previousHash, 0)
            .body(new UnsafeBuffer(body), 0, body.length);
        final JournalHasher hasher = new JournalHasher();
        final int length = hasher.seal(encoder);

        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(CodecError.OK, hasher.verify(decoder, detail));
        assertEquals(sequence, decoder.sequence());
        assertEquals(recordType, decoder.recordType());
        final byte[] hash = new byte[32];
        decoder.getPreviousHash(hash, 0);
        assertArrayEquals(previousHash, hash);
        assertEquals(true, decoder.previousHashEquals(previousHash, 0));
        final byte[] decodedBody = new byte[decoder.bodyLength()];
        decoder.buffer().getBytes(decoder.bodyOffset(), decodedBody);
        assertArrayEquals(body, decodedBody);
    }
}
