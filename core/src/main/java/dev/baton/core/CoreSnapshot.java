package dev.baton.core;

import dev.baton.codec.KeyRing;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.time.InstantSource;
import java.util.function.LongFunction;

/**
 * The decision core's state as snapshot sections: what a snapshot holds so that a core restored from it
 * decides exactly as the core it was taken from (same grant ids, slots, sweeps, identity ids and
 * reclamation, the same budget remainders, approvals and foreign ancestry). Sections are framed alike, so a
 * reader can skip or refuse a section by type and version, and a later build can add sections without
 * changing these:
 *
 * <pre>
 *   0        2         4          8                16
 *   +--------+---------+----------+----------------+--------------------------------+
 *   | type   | version | reserved | length (bytes) | body ... zero-padded to 8 bytes |
 *   +--------+---------+----------+----------------+--------------------------------+
 *   little-endian; the core's types are 1..63, the engine's 64..127.
 *
 *   CORE       (1, v1): lastNow i64 (Long.MIN_VALUE before any decision), policy version i64,
 *                       retentionMillis i64, initialGrants i32, maxGrants i32
 *   IDENTITIES (2, v1): capacity i32, count i32, nextId i32, sweepHand i32, changes i64, now i64,
 *                       then per held identity: slot i32, id i32, refs i32, lastUsed i64, name (i32 length, UTF-8)
 *   GRANTS     (3, v1): words, capacity, used, live, sweepHand, freeCount, nextId, longStride (i64 each),
 *                       freeSlots i32[freeCount], the longs rows i64[used * longStride], the ints rows i32[used * 16]
 *   LEDGER     (4, v1): the grants' budget counters and review approvals, per slot that holds any
 *                       (GrantLedger#exportState: limit, spent and reserved per budget; reviewer and time per approval)
 *   FOREIGN    (5, v1): optional, written by an engine with portable warrants ({@link #encodeForeign}): the
 *                       foreign ancestry of each mirrored grant, by local grant id (its hops and principal)
 *   FOREIGN_REVOKED (6, v1): optional, written with FOREIGN: the known-revoked foreign grants not yet expired,
 *                       sorted by (engine, grant): count i32, 0 i32, per entry grant id i64, expiry i64,
 *                       engine id i32, 0 i32
 *   REQUESTED  (7, v1): optional, written when a grant holds argument constraints its requested scope asked for
 *                       (its own merged with its ancestors'): count i32, 0 i32, then per such grant, by ascending
 *                       slot: slot i32, list length i32, layout fingerprint i64, the constraint list
 *                       (wire-format.md, constraint list) zero-padded to 8 bytes
 * </pre>
 * CORE to LEDGER are required: a snapshot without one is refused (a build that wrote no LEDGER section
 * predates budgets, and its snapshots are passed over for a full replay).
 * Pending reviews (a grant's PENDING flag, review rule and deadline), revocations (REVOKED flags), expiries,
 * parents and break-glass grants are fields of the grant rows.
 * <p>
 * <b>Note:</b> {@link #encode} runs on the thread that owns the core and allocates nothing for ASCII
 * identity names (the buffer grows as needed); {@link Restorer} allocates (start-up only). Not thread-safe.
 */
public final class CoreSnapshot {
    /** Bytes of a section header. */
    public static final int SECTION_HEADER = 16;
    /** Section: the core's clock, policy version and settings. */
    public static final int CORE = 1;
    /** Section: the identity table. */
    public static final int IDENTITIES = 2;
    /** Section: the grant registry (grants, revocations, pending reviews, break-glass grants). */
    public static final int GRANTS = 3;
    /** Section: the grants' budget counters and review approvals. */
    public static final int LEDGER = 4;
    /** Section: the foreign ancestry of the grants a portable gate mirrored. */
    public static final int FOREIGN = 5;
    /** Section: the grants of other engines known to be revoked (journaled FOREIGN_REVOCATION records), until their expiry. */
    public static final int FOREIGN_REVOKED = 6;
    /** Section: the argument constraints grants' requested scopes asked for, by slot. */
    public static final int REQUESTED = 7;
    /** The version of each of the core's sections this build writes and reads. */
    public static final int VERSION = 1;
    private static final int CORE_LENGTH = 32;

    private CoreSnapshot() {
    }

    /**
     * Starts a section at {@code at}.
     *
     * @return where its body starts.
     */
    public static int beginSection(final ExpandableArrayBuffer dst, final int at, final int type, final int version) {
        dst.putShort(at, (short) type, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(at + 2, (short) version, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(at + 4, 0, ByteOrder.LITTLE_ENDIAN);
        return at + SECTION_HEADER;
    }

    /**
     * Ends the section begun at {@code at} whose body ends at {@code end}: writes its length and pads.
     *
     * @return where the next section starts.
     */
    public static int endSection(final ExpandableArrayBuffer dst, final int at, final int end) {
        dst.putLong(at + 8, end - at - SECTION_HEADER, ByteOrder.LITTLE_ENDIAN);
        final int padded = (end + 7) & ~7;
        for (int i = end; i < padded; i++) {
            dst.putByte(i, (byte) 0);
        }
        return padded;
    }

    /**
     * Writes the core's sections (CORE, IDENTITIES, GRANTS, LEDGER, and REQUESTED when a grant holds requested
     * constraints) at {@code at}.
     *
     * @param core the core, on its own thread, between two decisions.
     * @return the offset after them.
     */
    public static int encode(final DecisionCore core, final ExpandableArrayBuffer dst, final int at) {
        final GrantRegistry grants = core.registry();
        int b = beginSection(dst, at, CORE, VERSION);
        dst.putLong(b, core.time.raw(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 8, core.policy().versionId(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 16, grants.retentionMillis(), ByteOrder.LITTLE_ENDIAN);
        dst.putInt(b + 24, grants.initialCapacity(), ByteOrder.LITTLE_ENDIAN);
        dst.putInt(b + 28, grants.maxCapacity(), ByteOrder.LITTLE_ENDIAN);
        int next = endSection(dst, at, b + CORE_LENGTH);
        b = beginSection(dst, next, IDENTITIES, VERSION);
        next = endSection(dst, next, core.identityTable().exportState(dst, b));
        final long grantBytes = GrantRegistrySnapshot.stateLength(grants);
        b = beginSection(dst, next, GRANTS, VERSION);
        if (b + grantBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("the grant registry (" + grantBytes + " bytes) is too large for a snapshot");
        }
        dst.checkLimit((int) (b + grantBytes)); // grow once, not a doubling per row
        next = endSection(dst, next, GrantRegistrySnapshot.exportState(grants, dst, b));
        b = beginSection(dst, next, LEDGER, VERSION);
        next = endSection(dst, next, grants.ledger.exportState(dst, b));
        if (grants.ledger.foreign.grantSlots() == 0) {
            return next;
        }
        b = beginSection(dst, next, REQUESTED, VERSION);
        return endSection(dst, next, RequestedSection.exportState(grants.ledger.foreign, dst, b));
    }

    /**
     * Writes the FOREIGN and FOREIGN_REVOKED sections of a portable gate at {@code at}: the foreign chains
     * of the grants it mirrored, which replay rebuilds from FOREIGN_WARRANT records, and the foreign grants
     * it knows revoked, from FOREIGN_REVOCATION records. Allocates sorted key lists.
     *
     * @param gate the gate of the core just encoded, on its thread.
     * @return the offset after it.
     */
    public static int encodeForeign(final PortableGate gate, final ExpandableArrayBuffer dst, final int at) {
        int b = beginSection(dst, at, FOREIGN, VERSION);
        final int next = endSection(dst, at, gate.foreignChains().exportState(dst, b));
        b = beginSection(dst, next, FOREIGN_REVOKED, VERSION);
        return endSection(dst, next, gate.foreignRevocations().exportState(dst, b, gate.coreTime()));
    }

    /**
     * Collects the core's sections as a reader walks a snapshot, then rebuilds a core from them.
     * <p>
     * <b>Note:</b> not thread-safe; allocates.
     */
    public static final class Restorer {
        private final int[] offsets = new int[REQUESTED + 1];
        private final int[] lengths = new int[REQUESTED + 1];
        private final boolean[] seen = new boolean[REQUESTED + 1];

        /**
         * Offers a section.
         *
         * @return true if it is one of the core's (its offset and length are kept), false if not.
         * @throws IllegalStateException if it is the core's but of a version this build cannot read, or repeated.
         */
        public boolean accept(final int type, final int version, final int bodyOffset, final int bodyLength) {
            if (type < CORE || type > REQUESTED) {
                return false;
            }
            if (version != VERSION) {
                throw new IllegalStateException("section " + type + " has version " + version + "; this build reads "
                    + VERSION);
            }
            if (seen[type]) {
                throw new IllegalStateException("section " + type + " appears twice");
            }
            seen[type] = true;
            offsets[type] = bodyOffset;
            lengths[type] = bodyLength;
            return true;
        }

        /** @return the policy version the snapshot's core decided with (CORE section). */
        public long policyVersion(final DirectBuffer src) {
            requireAll();
            return src.getLong(offsets[CORE] + 8, ByteOrder.LITTLE_ENDIAN);
        }

        /**
         * Rebuilds the core.
         *
         * @param src      the snapshot's bytes.
         * @param policies the compiled policy of a version id (null if unknown).
         * @param clock    the clock the restored core reads.
         * @param keys     the key ring for warrants, or null.
         * @return the core, deciding as the snapshot's did.
         * @throws IllegalStateException naming the section and field if the state is malformed.
         */
        public DecisionCore restore(final DirectBuffer src, final LongFunction<CompiledPolicy> policies,
                                    final InstantSource clock, final KeyRing keys) {
            requireAll();
            final int c = offsets[CORE];
            if (lengths[CORE] != CORE_LENGTH) {
                throw new IllegalStateException("section CORE: length " + lengths[CORE] + ", expected " + CORE_LENGTH);
            }
            final long version = src.getLong(c + 8, ByteOrder.LITTLE_ENDIAN);
            final CompiledPolicy policy = policies.apply(version);
            if (policy == null) {
                throw new IllegalStateException("section CORE: policy version " + Long.toHexString(version)
                    + " is not among the snapshot's policies");
            }
            final CoreSettings settings = settings(src, keys);
            final long capacity = src.getLong(offsets[GRANTS] + 8, ByteOrder.LITTLE_ENDIAN);
            final long used = src.getLong(offsets[GRANTS] + 16, ByteOrder.LITTLE_ENDIAN);
            // The registry starts at initialGrants and only doubles when full: bound what is allocated.
            if (settings.initialGrants() < 1 || settings.initialGrants() > settings.maxGrants()
                || capacity < settings.initialGrants() || capacity > Math.max(settings.initialGrants(), 2 * used)) {
                throw new IllegalStateException("section CORE: initialGrants " + settings.initialGrants() + ", maxGrants "
                    + settings.maxGrants() + " do not fit the registry's capacity " + capacity + " for " + used
                    + " slots used");
            }
            final DecisionCore core = new DecisionCore(policy, clock, settings);
            core.time.raw(src.getLong(c, ByteOrder.LITTLE_ENDIAN));
            core.identityTable().importState(src, offsets[IDENTITIES], lengths[IDENTITIES]);
            GrantRegistrySnapshot.importState(core.registry(), src, offsets[GRANTS], lengths[GRANTS]);
            core.registry().ledger.importState(src, offsets[LEDGER], lengths[LEDGER], core.registry().capacity());
            if (seen[REQUESTED]) {
                RequestedSection.importState(policy, core.registry().ledger.foreign, src, offsets[REQUESTED],
                    lengths[REQUESTED], core.registry().capacity());
            }
            return core;
        }

        /** @return whether the snapshot holds a FOREIGN or FOREIGN_REVOKED section (its engine had portable warrants). */
        public boolean hasForeign() {
            return seen[FOREIGN] || seen[FOREIGN_REVOKED];
        }

        /**
         * Restores the foreign chains of a FOREIGN section, and the known-revoked foreign grants of a
         * FOREIGN_REVOKED section, into the gate of the restored core (none: nothing).
         *
         * @param gate the gate of the core {@link #restore} returned, fresh.
         * @throws IllegalStateException naming the field if the section is malformed.
         */
        public void restoreForeign(final DirectBuffer src, final PortableGate gate) {
            if (seen[FOREIGN]) {
                gate.foreignChains().importState(src, offsets[FOREIGN], lengths[FOREIGN]);
                gate.restoreCarriedConstraints();
            }
            if (seen[FOREIGN_REVOKED]) {
                gate.foreignRevocations().importState(src, offsets[FOREIGN_REVOKED], lengths[FOREIGN_REVOKED]);
            }
        }

        /**
         * @param src  the snapshot's bytes.
         * @param keys the key ring to put in the settings, or null.
         * @return the registry settings the snapshot's core was built with (CORE section).
         */
        public CoreSettings settings(final DirectBuffer src, final KeyRing keys) {
            requireAll();
            final int c = offsets[CORE];
            return new CoreSettings(keys, src.getInt(c + 24, ByteOrder.LITTLE_ENDIAN),
                src.getInt(c + 28, ByteOrder.LITTLE_ENDIAN), src.getLong(c + 16, ByteOrder.LITTLE_ENDIAN));
        }

        /** @return the identity table's capacity the IDENTITIES section holds (slots it allocates when restored). */
        public int identityCapacity(final DirectBuffer src) {
            requireAll();
            return src.getInt(offsets[IDENTITIES], ByteOrder.LITTLE_ENDIAN);
        }

        private void requireAll() {
            for (int t = CORE; t <= LEDGER; t++) {
                if (!seen[t]) {
                    throw new IllegalStateException("the snapshot has no section " + t
                        + " (CORE, IDENTITIES, GRANTS, LEDGER)");
                }
            }
        }
    }
}
