package dev.baton.engine;

import com.lmax.disruptor.WaitStrategy;
import dev.baton.codec.KeyRing;
import dev.baton.codec.WarrantKeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.PortableGate;
import dev.baton.verifier.RevocationSource;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of a {@link JournaledEngine}. Only the policy and the journal directory are required.
 * <p>
 * <b>Note:</b> a mutable builder; the engine copies what it needs at start.
 */
public final class EngineConfig {
    CompiledPolicy policy;
    Path journal;
    RollCycle rollCycle = RollCycles.FAST_DAILY;
    int ringSize = 4096;
    WaitStrategy waitStrategy;
    ThreadFactory engineThreadFactory;
    WaitMode waitMode = WaitMode.AUTO;
    FsyncMode fsync = FsyncMode.BATCH;
    long fsyncIntervalMillis = 10;
    KeyRing keys;
    InstantSource clock = InstantSource.system();
    int initialGrants = 4096;
    int maxGrants = 1 << 24;
    long retentionMillis = 60_000;
    int maxFanOut = 64;
    CompiledPolicy shadow;
    byte[] journalKey;
    Path anchor;
    KeyPair checkpointKeys;
    long checkpointRecords = 100_000;
    long checkpointMillis = 1_000;
    DecisionListener listener;
    int engineId;
    WarrantKeyRing warrantKeys;
    final List<Integer> trustedIds = new ArrayList<>();
    final List<WarrantKeyRing> trustedRings = new ArrayList<>();
    RevocationSource revocations = RevocationSource.NONE;
    final java.util.Map<String, byte[]> holderKeys = new java.util.HashMap<>();
    Path snapshotDir;
    long snapshotRecords = 1_000_000;
    long snapshotMillis = 60_000;
    int snapshotsKept = 3;
    long pretouchBytes = DEFAULT_PRETOUCH_BYTES;

    /** The default of {@link #pretouch(long)}: 4 MiB touched ahead of the journal writer. */
    public static final long DEFAULT_PRETOUCH_BYTES = 4L << 20;

    /**
     * @param policy  the policy to decide with (on recovery, the engine swaps to it if the journal's
     *                current version differs).
     * @param journal the journal directory (created if absent).
     */
    public EngineConfig(final CompiledPolicy policy, final Path journal) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /**
     * Settings for an engine deciding with {@code policy} and journaling into {@code journal}.
     *
     * @param policy  a policy from {@link dev.baton.Policy#load}.
     * @param journal the journal directory (created if absent).
     * @return the settings, to refine with the other methods.
     */
    public static EngineConfig of(final dev.baton.Policy policy, final Path journal) {
        return new EngineConfig(dev.baton.core.InMemoryEngine.compiled(policy), journal);
    }

    /**
     * The most children one fan-out of a session may have (default 64, at most 255): each session
     * preallocates room for that many decisions and warrants.
     */
    public EngineConfig maxFanOut(final int maxFanOut) {
        if (maxFanOut < 1 || maxFanOut > 255) {
            throw new IllegalArgumentException("maxFanOut must be 1..255, found " + maxFanOut);
        }
        this.maxFanOut = maxFanOut;
        return this;
    }

    /** Chronicle Queue roll cycle of the journal files (default FAST_DAILY). */
    public EngineConfig rollCycle(final RollCycle rollCycle) {
        this.rollCycle = Objects.requireNonNull(rollCycle);
        return this;
    }

    /** Ring slots, a power of two (default 4096). */
    public EngineConfig ringSize(final int ringSize) {
        if (Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ringSize must be a power of two, found " + ringSize);
        }
        this.ringSize = ringSize;
        return this;
    }

    /**
     * How the engine thread waits for work: replaces the one {@link #waitMode} chooses (default none). The
     * engine's own strategy waits for the next slot to be published, not only claimed, and is woken by the
     * publisher when parked; a Disruptor strategy given here gets neither.
     *
     * @param waitStrategy the strategy, or null for the one of the wait mode.
     * @return this.
     */
    public EngineConfig waitStrategy(final WaitStrategy waitStrategy) {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * Makes the engine thread: the one thread that decides, journals and seals every request (default: a daemon
     * thread named {@code baton-engine}). Give one to place that thread, for example to pin it to the CPU its
     * callers run on: on a small machine an engine and its callers on one vCPU spend less CPU per decision than
     * across two, since the request's cache lines then stay in one core's caches (docs/performance.md). Called
     * once, when the engine starts; the thread it returns must not have been started.
     *
     * @param factory the factory, or null for the default.
     * @return this.
     */
    public EngineConfig engineThreadFactory(final ThreadFactory factory) {
        this.engineThreadFactory = factory;
        return this;
    }

    /**
     * How the engine's threads wait when idle: the engine thread (unless a {@link #waitStrategy} is set), the
     * completion thread, and callers of {@code decide}, {@code decideAll} and the sessions. Default {@link
     * WaitMode#AUTO}: {@link WaitMode#PARK} below {@value WaitMode#SPIN_PROCESSORS} processors, where a spinning
     * thread takes the core the thread it waits for needs, else {@link WaitMode#SPIN}.
     *
     * @param waitMode the mode.
     * @return this.
     */
    public EngineConfig waitMode(final WaitMode waitMode) {
        this.waitMode = Objects.requireNonNull(waitMode, "waitMode");
        return this;
    }

    /** When appended records are forced to disk (default BATCH). */
    public EngineConfig fsync(final FsyncMode fsync, final long intervalMillis) {
        this.fsync = Objects.requireNonNull(fsync);
        if (intervalMillis < 0) {
            throw new IllegalArgumentException("intervalMillis must be >= 0");
        }
        this.fsyncIntervalMillis = intervalMillis;
        return this;
    }

    /** The key ring that signs and verifies warrants (default none: grant ids only). */
    public EngineConfig keys(final KeyRing keys) {
        this.keys = keys;
        return this;
    }

    /** The wall clock (default the system's). */
    public EngineConfig clock(final InstantSource clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /**
     * Grant registry sizing and dead-grant retention. The registry starts with {@code initialGrants} slots
     * and doubles its arrays when every slot holds a grant (live, or dead within the retention window), up to
     * {@code maxGrants}, after which a new grant is refused with CAPACITY. Doubling happens on the engine
     * thread and copies every row; from 65,536 slots on, the doubled arrays are allocated ahead on the common
     * fork-join pool, so only the copy stops the engine (in the demo, whose grants outlive the run, the worst
     * stop went from 70-110 ms to 23-31 ms: docs/performance.md, session 13). A deployment that knows its peak
     * of held grants can start there and never grow.
     *
     * @param initialGrants   slots to start with (default 4,096).
     * @param maxGrants       the most grants held at once (default 2^24).
     * @param retentionMillis how long a dead grant stays known (REVOKED, EXPIRED) before its slot is reused
     *                        (default 60 s).
     * @return this for chaining.
     */
    public EngineConfig grants(final int initialGrants, final int maxGrants, final long retentionMillis) {
        this.initialGrants = initialGrants;
        this.maxGrants = maxGrants;
        this.retentionMillis = retentionMillis;
        return this;
    }

    /**
     * The journal key: every SEAL of the journal carries an HMAC-SHA256 under it, so whoever rewrites
     * records without it is found by anyone holding it (the engine at start-up, an auditor it was given to).
     * It is never written to the journal. Default none: SEALs carry no mac (docs/durability.md says what
     * is then lost). The engine refuses a journal whose SEALs do not verify under the key it is given.
     *
     * @param key at least 32 bytes (copied); see {@link JournalTrust#readJournalKey(Path)} for a key file.
     * @return this.
     */
    public EngineConfig journalKey(final byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a journal key must have at least 32 bytes, found " + key.length);
        }
        this.journalKey = key.clone();
        return this;
    }

    /**
     * The journal key, read from a file of raw bytes (at least 32; readable by the engine's user only).
     *
     * @param keyFile the key file; its bytes are read now.
     * @return this.
     */
    public EngineConfig journalKey(final Path keyFile) {
        this.journalKey = JournalTrust.readJournalKey(keyFile);
        return this;
    }

    /**
     * Signed checkpoints: at a bounded interval (see {@link #checkpointEvery}) and at close, the engine
     * signs the sequence and chain head of its last SEAL on disk with the Ed25519 private key and appends
     * it to {@code anchor}. An auditor holding the public key checks the journal against them
     * ({@link JournalTrust#checkpoints}); the engine checks them too before it starts.
     *
     * @param anchor a file outside the journal directory (the engine refuses one inside it).
     * @param keys   an Ed25519 key pair ({@code KeyPairGenerator.getInstance("Ed25519")}).
     * @return this.
     */
    public EngineConfig checkpoints(final Path anchor, final KeyPair keys) {
        this.anchor = Objects.requireNonNull(anchor, "anchor");
        this.checkpointKeys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /**
     * Signed checkpoints, the key pair read from files: {@code privateKeyFile} in PKCS#8 and
     * {@code publicKeyFile} in X.509 (the JDK's {@code getEncoded()} forms, DER; see
     * {@link JournalTrust#readPrivateKey} and {@link JournalTrust#readPublicKey}). As
     * {@link #checkpoints(Path, KeyPair)}.
     *
     * @return this.
     */
    public EngineConfig checkpoints(final Path anchor, final Path privateKeyFile, final Path publicKeyFile) {
        return checkpoints(anchor, new KeyPair(JournalTrust.readPublicKey(publicKeyFile),
            JournalTrust.readPrivateKey(privateKeyFile)));
    }

    /**
     * How often a checkpoint is signed: once this many records or this many milliseconds (real time)
     * have passed since the last, whichever comes first (default 100,000 records or 1,000 ms).
     *
     * @return this.
     */
    public EngineConfig checkpointEvery(final long records, final long millis) {
        if (records < 1 || millis < 1) {
            throw new IllegalArgumentException("checkpoint intervals must be positive, found " + records + " records, "
                + millis + " ms");
        }
        this.checkpointRecords = records;
        this.checkpointMillis = millis;
        return this;
    }

    /**
     * A listener told about every journaled decision and every batch, on the engine thread (default none:
     * the engine then does nothing extra). See {@link DecisionListener} for what it may do there.
     *
     * @param listener the listener, or null for none.
     * @return this.
     */
    public EngineConfig listener(final DecisionListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Portable warrants (format version 2, docs/portable-warrants.md): the engine issues version-2
     * warrants signed with {@code keys} (HMAC-SHA256 or Ed25519 per key; the newest signs) and names
     * itself {@code engineId} in every hop it issues; it accepts its own and, for {@code delegate},
     * {@code fanOut} and {@code authorize}, those of the engines given to {@link #trustEngine}. A
     * version-1 {@link #keys(KeyRing) key ring}, if also set, still verifies version-1 warrants presented.
     *
     * @param engineId this engine's id, unique among the engines that trust each other (not 0).
     * @param keys     this engine's warrant keys.
     * @return this.
     */
    public EngineConfig portableWarrants(final int engineId, final WarrantKeyRing keys) {
        if (engineId == 0) {
            throw new IllegalArgumentException("engine id 0 is reserved for replay: give each engine its own id");
        }
        this.engineId = engineId;
        this.warrantKeys = Objects.requireNonNull(keys, "keys");
        return this;
    }

    /**
     * Accepts the portable warrants another engine issued under the same policy version: verified offline
     * with its verifying keys ({@link WarrantKeyRing#verifyingOnly()} for Ed25519), every ancestor checked
     * against the {@link #revocations revocation source}, decided against this engine's policy; its grant
     * is mirrored here and the acceptance journaled (FOREIGN_WARRANT), so replay needs no key.
     *
     * @param engineId the other engine's id.
     * @param keys     its verifying keys.
     * @return this.
     */
    public EngineConfig trustEngine(final int engineId, final WarrantKeyRing keys) {
        trustedIds.add(engineId);
        trustedRings.add(Objects.requireNonNull(keys, "keys"));
        return this;
    }

    /**
     * Where the engine learns that grants of any engine were revoked: asked about every ancestor of every
     * presented portable warrant (default: none known). The fleet module feeds one from its revocation
     * stream. It is called on the engine thread and must not block or allocate. While it is not
     * {@linkplain RevocationSource#isCurrent() current}, every presented portable warrant is refused
     * {@code REVOCATION_FEED_STALE}; grants named by id keep deciding. Its answers are not journaled (each
     * refusal is, in its DECISION); revocations to keep, and to end mirrored grants named by id, go on the
     * ring: {@link JournaledEngine#revokeForeign}.
     *
     * @param source the revocations.
     * @return this.
     */
    public EngineConfig revocations(final RevocationSource source) {
        this.revocations = Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * A holder's Ed25519 public key. When the policy requires proof of possession of the holder's trust
     * domain ({@code domains.<d>.proof_of_possession: required}), the portable warrants this engine issues
     * to it bind the key, and each presentation needs the holder's fresh proof ({@link Request#proof},
     * {@code GrantRef.proof}); a holder in such a domain whose key is not given here gets warrants it can
     * never present ({@code PROOF_MISSING}): fail closed.
     *
     * @param identity     the holder's identity, as bound ({@code spiffe://...}).
     * @param rawPublicKey its 32-byte raw Ed25519 public key ({@code WarrantKey.rawPublicKey}); copied.
     * @return this.
     */
    public EngineConfig holderKey(final String identity, final byte[] rawPublicKey) {
        if (rawPublicKey.length != dev.baton.codec.WarrantKey.ED25519_PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("holder key of " + identity + ": " + rawPublicKey.length
                + " bytes, an Ed25519 public key has " + dev.baton.codec.WarrantKey.ED25519_PUBLIC_KEY_LENGTH);
        }
        holderKeys.put(Objects.requireNonNull(identity, "identity"), rawPublicKey.clone());
        return this;
    }

    /** @return the portable gate of {@code core} with this engine's keys, or null without portable warrants. */
    PortableGate portableGate(final DecisionCore core) {
        if (warrantKeys == null) {
            return null;
        }
        final int[] ids = new int[trustedIds.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = trustedIds.get(i);
        }
        final java.util.Map<String, byte[]> keys = new java.util.HashMap<>(holderKeys);
        return new PortableGate(core, engineId, warrantKeys, revocations, ids,
            trustedRings.toArray(new WarrantKeyRing[0])).holderKeys(id -> keys.get(core.identityName(id)));
    }

    /**
     * A candidate policy to run in shadow mode from the start ({@link JournaledEngine#attachShadow}):
     * attached once the journal is recovered, unless the journal already ends with this very candidate
     * attached (default none).
     *
     * @param candidate the candidate policy, or null for none.
     * @return this.
     */
    public EngineConfig shadow(final CompiledPolicy candidate) {
        this.shadow = candidate;
        return this;
    }

    /**
     * Periodic snapshots of the engine's state into {@code dir} (default: none; the engine then replays
     * the whole journal at every start). With them, a start loads the newest snapshot that verifies and
     * replays only the journal after it; see docs/durability.md, "Snapshots". When a journal key is set,
     * snapshots carry a mac under it and only those whose mac verifies are loaded.
     *
     * @param dir the snapshot directory (created if absent); may be inside the journal directory.
     * @return this.
     */
    public EngineConfig snapshots(final Path dir) {
        this.snapshotDir = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /**
     * How often a snapshot is taken: at the end of the first batch after this many records or this many
     * milliseconds (real time) have passed since the last, whichever comes first (default 1,000,000
     * records or 60,000 ms). The engine also takes one when it closes.
     *
     * @return this.
     */
    public EngineConfig snapshotEvery(final long records, final long millis) {
        if (records < 1 || millis < 1) {
            throw new IllegalArgumentException("snapshot intervals must be positive, found " + records + " records, "
                + millis + " ms");
        }
        this.snapshotRecords = records;
        this.snapshotMillis = millis;
        return this;
    }

    /**
     * How many snapshots are kept (default 3): older ones are deleted after each write. More than one, so
     * that a torn or damaged newest one falls back to the one before.
     *
     * @return this.
     */
    public EngineConfig snapshotsKept(final int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one snapshot must be kept, found " + count);
        }
        this.snapshotsKept = count;
        return this;
    }

    /**
     * How far ahead of the journal writer a background thread ({@code baton-pretouch}) touches the journal
     * file's pages, so that the engine thread does not take the page faults of a file growing under it
     * (on Linux, each first touch of a sparse file's page zero-fills it and its read-ahead window: up to
     * milliseconds on the engine thread, and every request queued behind it waits). The touch never
     * changes a byte of the file (see docs/durability.md). Default {@value #DEFAULT_PRETOUCH_BYTES}
     * bytes; 0 turns the thread off.
     *
     * @param leadBytes bytes to keep touched ahead of the writer: 0 (off), or at least 4096.
     * @return this.
     */
    public EngineConfig pretouch(final long leadBytes) {
        if (leadBytes != 0 && leadBytes < JournalPretoucher.PAGE) {
            throw new IllegalArgumentException("pretouch takes 0 (off) or at least " + JournalPretoucher.PAGE
                + " bytes, found " + leadBytes);
        }
        this.pretouchBytes = leadBytes;
        return this;
    }

    /** @return what the engine checks its journal against at start. */
    JournalTrust trust() {
        JournalTrust trust = JournalTrust.none();
        if (journalKey != null) {
            trust = trust.journalKey(journalKey);
        }
        if (anchor != null) {
            final Path dir = journal.toAbsolutePath().normalize();
            if (anchor.toAbsolutePath().normalize().startsWith(dir)) {
                throw new IllegalArgumentException("the checkpoint anchor " + anchor + " lies inside the journal"
                    + " directory " + journal + ": whoever can rewrite the journal could rewrite it too");
            }
            trust = trust.checkpoints(anchor, checkpointKeys.getPublic());
        }
        return trust;
    }

    /** @param resolved the wait mode resolved for this machine. */
    WaitStrategy waitStrategyOrDefault(final WaitMode resolved) {
        return waitStrategy != null ? waitStrategy : new EngineWaitStrategy(resolved);
    }
}
