package dev.baton.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder of a FOREIGN_REVOCATION journal record's body: hostile bytes are refused with a named
 * field, or decode into fields that re-encode to the same bytes. Under `./mvnw verify` it replays the seed
 * corpus in {@code src/test/resources/dev/baton/codec/ForeignRevocationBodyFuzzTestInputs/shouldDecodeOrRejectAnyForeignRevocationBody/};
 * with {@code JAZZER_FUZZ=1} it fuzzes (see docs/wire-format.md).
 */
class ForeignRevocationBodyFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void shouldDecodeOrRejectAnyForeignRevocationBody(final byte[] data) {
        FuzzChecks.checkForeignRevocationBody(data);
    }
}
