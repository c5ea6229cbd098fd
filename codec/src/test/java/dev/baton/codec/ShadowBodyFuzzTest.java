package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the decoders of the shadow-mode journal bodies (SHADOW and SHADOW_DECISION): hostile bytes are
 * refused with a named field, or decode into fields that re-encode to the same bytes. Under
 * `./mvnw verify` it replays the seed corpora in
 * {@code src/test/resources/dev/baton/codec/ShadowBodyFuzzTestInputs/}; with {@code JAZZER_FUZZ=1} it
 * fuzzes (see docs/wire-format.md).
 */
class ShadowBodyFuzzTest {
    private static final ShadowBodyDecoder SHADOW = new ShadowBodyDecoder();
    private static final ShadowDecisionBodyDecoder DECISION = new ShadowDecisionBodyDecoder();
    private static final ShadowDecisionBodyEncoder ENCODER = new ShadowDecisionBodyEncoder();

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyShadowBody(final byte[] data) {
        if (FuzzChecks.wrapEverywhere(data, SHADOW::wrap) != CodecError.OK) {
            return;
        }
        SHADOW.wrap(new UnsafeBuffer(data), 0, data.length, null);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[data.length]);
        new ShadowBodyEncoder().wrap(out, 0).candidateVersion(SHADOW.candidateVersion()).epochMillis(SHADOW.epochMillis())
            .attached(SHADOW.attached());
        assertEquals(new UnsafeBuffer(data), out, "re-encoded bytes");
    }

    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyShadowDecisionBody(final byte[] data) {
        if (FuzzChecks.wrapEverywhere(data, DECISION::wrap) != CodecError.OK) {
            return;
        }
        final ShadowDecisionBodyDecoder d = DECISION;
        d.wrap(new UnsafeBuffer(data), 0, data.length, null);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[data.length]);
        ENCODER.wrap(out, 0).decision(d.decisionId(), d.requestId(), d.candidateVersion(), d.child(), d.operation())
            .live(d.liveOutcome(), d.liveReason(), d.liveRule(), d.liveGrantId())
            .shadow(d.shadowOutcome(), d.shadowReason(), d.shadowRule(), d.shadowGrantId());
        assertEquals(new UnsafeBuffer(data), out, "re-encoded bytes");
    }
}
