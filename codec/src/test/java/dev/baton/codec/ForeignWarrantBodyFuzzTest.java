package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a FOREIGN_WARRANT journal record's body (and so the portable warrant decoder it
 * embeds). Under `./mvnw verify` it replays the seed corpus in
 * {@code src/test/resources/dev/baton/codec/ForeignWarrantBodyFuzzTestInputs/shouldDecodeOrRejectAnyForeignWarrantBody/};
 * with {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class ForeignWarrantBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyForeignWarrantBody(final byte[] data) {
        FuzzChecks.checkForeignWarrantBody(data);
    }
}
