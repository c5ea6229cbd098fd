package dev.baton.core;

import dev.baton.codec.IdentityId;
import dev.baton.codec.LayoutFingerprint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What portable warrants name things by: stable identity ids and the policy's layout fingerprint. */
class PortableIdsTest {
    @Test
    void shouldComputeTheStableIdOfAnIdentityWhenItIsInterned() {
        final DecisionCore core = new DecisionCore(CoreFixture.POLICY, InstantSource.fixed(Instant.EPOCH));
        final String name = "spiffe://acme.example/agent/planner";
        final int id = core.identity(name);
        assertEquals(IdentityId.of(name), core.identityId(id));
        final DecisionCore other = new DecisionCore(CoreFixture.POLICY, InstantSource.fixed(Instant.EPOCH));
        other.identity("user:someone-first@acme.example");
        assertEquals(core.identityId(id), other.identityId(other.identity(name)), "same id in another process");
        assertNull(core.identityId(id + 1000));
    }

    @Test
    void shouldFingerprintThePurposeCapabilityAndDataClassNamesInOrder() {
        final CompiledPolicy p = CoreFixture.POLICY;
        final List<String> purposes = new ArrayList<>();
        for (int i = 0; i < p.purposeCount(); i++) {
            purposes.add(p.purposeName(i));
        }
        final List<String> capabilities = new ArrayList<>();
        for (int i = 0; i < p.capabilityCount(); i++) {
            capabilities.add(p.capabilityName(i));
        }
        final List<String> data = new ArrayList<>();
        for (int i = 0; i < p.dataClassCount(); i++) {
            data.add(p.dataClassName(i));
        }
        assertEquals(LayoutFingerprint.of(purposes, capabilities, data), p.layoutFingerprint());
        assertEquals(p.layoutFingerprint(), TestPolicies.resource("rules.yaml").layoutFingerprint());
        data.add("extra");
        assertNotEquals(LayoutFingerprint.of(purposes, capabilities, data), p.layoutFingerprint());
    }
}
