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

/** decode(encode(x)) == x for random warrants, decisions, journal records and their bodies. */
class CodecRoundTripTest {
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16384]);
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
    void shouldRoundTripDecisionBody(
        @ForAll @IntRange(max = 8) final int operationCode,
        @ForAll final boolean approve,
        @ForAll final boolean viaWarrant,
        @ForAll @IntRange(max = 0xFFFF) final int refusedBefore,
        @ForAll final int principal,
        @ForAll final int presenter,
        @ForAll final int purpose,
        @ForAll final int rule,
        @ForAll final int capability,
        @ForAll final int dataClass,
        @ForAll final long requestId,
        @ForAll final long grantId,
        @ForAll final long ttlMillis,
        @ForAll @Size(min = 1, max = 12) final int[] ruleIds,
        @ForAll @Size(max = 4) final long[] words,
        @ForAll @Size(max = 100) final String justification,
        @ForAll @IntRange(max = 40) final int offset) {
        final Operation operation = DecisionBodyLayout.operation(operationCode);
        final DecisionBodyEncoder encoder = new DecisionBodyEncoder().wrap(buffer, offset).operation(operation)
            .approve(approve).viaWarrant(viaWarrant).refusedBefore(refusedBefore).principal(principal)
            .presenter(presenter).purpose(purpose).rule(rule).capability(capability).dataClass(dataClass)
            .requestId(requestId).grantId(grantId).ttlMillis(ttlMillis);
        for (int i = 0; i < ruleIds.length; i++) {
            encoder.child(ruleIds[i]).operation(operation).outcome(DecisionOutcome.DENY).decisionId(i)
                .requestedCapabilities(words, words.length).justification(justification);
        }
        final int length = encoder.encodedLength();

        final DecisionBodyDecoder decoder = new DecisionBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, offset, length, detail), detail::message);
        assertEquals(operation, decoder.operation());
        assertEquals(approve, decoder.approve());
        assertEquals(viaWarrant, decoder.viaWarrant());
        assertEquals(refusedBefore, decoder.refusedBefore());
        assertEquals(principal, decoder.principal());
        assertEquals(presenter, decoder.presenter());
        assertEquals(purpose, decoder.purpose());
        assertEquals(rule, decoder.rule());
        assertEquals(capability, decoder.capability());
        assertEquals(dataClass, decoder.dataClass());
        assertEquals(requestId, decoder.requestId());
        assertEquals(grantId, decoder.grantId());
        assertEquals(ttlMillis, decoder.ttlMillis());
        assertEquals(ruleIds.length, decoder.childCount());
        final long[] decodedWords = new long[64];
        for (int i = ruleIds.length - 1; i >= 0; i--) {
            assertEquals(ruleIds[i], decoder.ruleId(i));
            final DecisionDecoder child = decoder.child(i);
            assertEquals(i, child.decisionId());
            child.getRequestedCapabilities(decodedWords);
            assertArrayEquals(Arrays.copyOf(words, 64), decodedWords);
            assertEquals(justification.getBytes(StandardCharsets.UTF_8).length, child.justificationLength());
        }
    }

    @Property
    void shouldRoundTripPolicyBody(
        @ForAll final long versionId,
        @ForAll @IntRange(min = 1, max = 0xFFFF) final int chunkCount,
        @ForAll @IntRange(max = 0xFFFE) final int chunk,
        @ForAll @Size(max = 200) final String fileName,
        @ForAll @Size(max = 3000) final byte[] text) {
        final int chunkNumber = chunk % chunkCount;
        final byte[] file = fileName.getBytes(StandardCharsets.UTF_8);
        final int length = new PolicyBodyEncoder().wrap(buffer, 0).versionId(versionId).chunk(chunkNumber, chunkCount)
            .fileName(file, 0, file.length).text(text, 0, text.length).encodedLength();

        final PolicyBodyDecoder decoder = new PolicyBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(versionId, decoder.versionId());
        assertEquals(chunkNumber, decoder.chunk());
        assertEquals(chunkCount, decoder.chunkCount());
        assertEquals(new String(file, StandardCharsets.UTF_8), decoder.fileName());
        final byte[] decodedText = new byte[decoder.textLength()];
        decoder.getText(decodedText, 0);
        assertArrayEquals(text, decodedText);
    }

    @Property
    void shouldRoundTripIdentityBody(@ForAll final int id, @ForAll @Size(max = 300) final String name) {
        final byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        final int length = new IdentityBodyEncoder().wrap(buffer, 0).id(id).name(utf8, 0, utf8.length).encodedLength();
        final IdentityBodyDecoder decoder = new IdentityBodyDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(id, decoder.id());
        assertEquals(new String(utf8, StandardCharsets.UTF_8), decoder.name());
    }

    @Property
    void shouldRoundTripStartSwapAndStopBodies(
        @ForAll final long epochMillis,
        @ForAll final long recovered,
        @ForAll final long retentionMillis,
        @ForAll final int maxGrants,
        @ForAll final int initialGrants,
        @ForAll final long versionId) {
        final StartBodyDecoder start = new StartBodyDecoder();
        int length = new StartBodyEncoder().wrap(buffer, 0).epochMillis(epochMillis).recovered(recovered)
            .retentionMillis(retentionMillis).maxGrants(maxGrants).initialGrants(initialGrants).encodedLength();
        assertEquals(CodecError.OK, start.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(epochMillis, start.epochMillis());
        assertEquals(recovered, start.recovered());
        assertEquals(retentionMillis, start.retentionMillis());
        assertEquals(maxGrants, start.maxGrants());
        assertEquals(initialGrants, start.initialGrants());

        final SwapBodyDecoder swap = new SwapBodyDecoder();
        length = new SwapBodyEncoder().wrap(buffer, 0).versionId(versionId).encodedLength();
        assertEquals(CodecError.OK, swap.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(versionId, swap.versionId());

        final StopBodyDecoder stop = new StopBodyDecoder();
        length = new StopBodyEncoder().wrap(buffer, 0).epochMillis(epochMillis).encodedLength();
        assertEquals(CodecError.OK, stop.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(epochMillis, stop.epochMillis());
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
        @ForAll @Size(max = 300) final String justification,
        @ForAll final byte stale) {
        final byte[] text = justification.getBytes(StandardCharsets.UTF_8);
        final java.util.function.ToIntFunction<DecisionEncoder> fill = e -> e
            .decisionId(decisionId).requestId(requestId).operation(Operation.get(operation))
            .outcome(DecisionOutcome.get(outcome)).reasonCode(reasonCode).flags(flags).ruleLine(ruleLine)
            .decidingCapability(decidingCapability).decidingDataClass(decidingDataClass).timestamp(timestamp)
            .policyVersion(policyVersion).grantId(grantId).parentGrantId(parentGrantId).expiresAt(expiresAt)
            .holder(holder).subject(subject).purpose(purpose).depth(depth)
            .grantedData(grantedData).requestedData(requestedData)
            .inputDigest(inputDigest, 0).outputDigest(outputDigest, 0)
            .grantedCapabilities(granted, granted.length).requestedCapabilities(requested, requested.length)
            .justification(text, 0, text.length).encodedLength();
        final int length = fill.applyAsInt(new DecisionEncoder().wrap(buffer, 0));
        // Every fixed field set: the same bytes over a buffer of stale bytes, with no zeroing first.
        final UnsafeBuffer over = new UnsafeBuffer(new byte[length + 8]);
        over.setMemory(0, over.capacity(), stale);
        assertEquals(length, fill.applyAsInt(new DecisionEncoder().wrapForEveryField(over, 4)));
        for (int i = 0; i < length; i++) {
            assertEquals(buffer.getByte(i), over.getByte(4 + i), "byte " + i);
        }

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
        @ForAll @Size(max = 2000) final byte[] body) {
        final JournalRecordEncoder encoder = new JournalRecordEncoder().wrap(buffer, 0)
            .sequence(sequence).recordType(recordType)
            .body(new UnsafeBuffer(body), 0, body.length);
        final JournalHasher hasher = new JournalHasher();
        final int length = hasher.seal(encoder);

        final JournalRecordDecoder decoder = new JournalRecordDecoder();
        assertEquals(CodecError.OK, decoder.wrap(buffer, 0, length, detail), detail::message);
        assertEquals(CodecError.OK, hasher.verify(decoder, detail));
        assertEquals(sequence, decoder.sequence());
        assertEquals(recordType, decoder.recordType());
        final byte[] decodedBody = new byte[decoder.bodyLength()];
        decoder.buffer().getBytes(decoder.bodyOffset(), decodedBody);
        assertArrayEquals(body, decodedBody);
    }
}
