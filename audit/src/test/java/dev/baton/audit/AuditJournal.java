package dev.baton.audit;

import dev.baton.codec.KeyRing;
import dev.baton.core.CompiledPolicy;
import dev.baton.Outcome;
import dev.baton.core.PolicyCompiler;
import dev.baton.core.ScopeBits;
import dev.baton.engine.JournaledEngine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.Request;
import dev.baton.core.ManualClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Writes a small journal with the example policy, through the real {@link JournaledEngine}: a refund
 * dispute opened (REVIEW, approved by finance), a CRM look-up delegated and used (with and without a
 * justification), a delegation to the partner denied (NEVER_LEAVE), a refund delegated, reviewed and
 * used, and the CRM grant revoked by the planner. Also writes the key file and the CRM reader's warrant.
 * <p>
 * {@code main(dir)} writes one for trying the commands by hand. The command line's tests use it too
 * (this module's test jar).
 */
public final class AuditJournal {
    /** The journal's first instant. */
    public static final long START = 1_800_000_000_000L;
    /** Request id of the delegation to the CRM reader: a distinctive byte pattern in the journal file. */
    public static final long CRM_DELEGATION = 0x5EED_0003_C0FF_EE03L;
    /** Request id of the last decision (an authorize under the revoked grant). */
    public static final long LAST_REQUEST = 0x5EED_0011_C0FF_EE11L;
    /** Key id of the signing key. */
    public static final int KEY_ID = 7;
    /** The signing secret (a test value). */
    public static final byte[] SECRET = "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.US_ASCII);

    public final Path dir;
    public final Path journal;
    public final Path policyFile;
    public final Path keyFile;
    public final Path warrantFile;
    public final CompiledPolicy policy;
    public long task;
    public long crm;
    public long pay;
    public byte[] crmWarrant;

    private AuditJournal(final Path dir) throws Exception {
        this.dir = dir;
        this.journal = dir.resolve("journal");
        this.policyFile = repoRoot().resolve("src/policies/refund-dispute.yaml");
        this.keyFile = dir.resolve("baton.key");
        this.warrantFile = dir.resolve("crm.warrant");
        this.policy = PolicyCompiler.load(policyFile);
    }

    /** Writes the journal, key file and warrant under {@code dir}. */
    public static AuditJournal write(final Path dir) throws Exception {
        return write(dir, UnaryOperator.identity());
    }

    /**
     * Writes the journal, key file and warrant under {@code dir}, with the engine's configuration changed
     * by {@code configure} (for example a journal key and signed checkpoints).
     */
    public static AuditJournal write(final Path dir, final UnaryOperator<EngineConfig> configure) throws Exception {
        final AuditJournal j = new AuditJournal(dir);
        j.run(configure);
        return j;
    }

    private void run(final UnaryOperator<EngineConfig> configure) throws IOException {
        final ManualClock clock = new ManualClock(START);
        final KeyRing keys = new KeyRing(0, KEY_ID, SECRET);
        final EngineConfig config = configure.apply(new EngineConfig(policy, journal).fsync(FsyncMode.NONE, 0)
            .keys(keys).clock(clock));
        final UnsafeBuffer warrants = new UnsafeBuffer(new byte[4096]);
        try (JournaledEngine engine = JournaledEngine.start(config)) {
            final int alice = engine.identity("user:alice@acme.example");
            final int planner = engine.identity("spiffe://acme.example/agent/planner");
            final int crmReader = engine.identity("spiffe://acme.example/agent/crm-reader");
            final int payments = engine.identity("spiffe://acme.example/agent/payments");
            final int partner = engine.identity("spiffe://partner.example/mcp/summariser");
            final int fay = engine.identity("user:fay@finance.acme.example");
            final Request r = new Request();

            r.reset(Request.Op.OPEN, 1).principal(alice).purpose(policy.purpose("refund-dispute"))
                .child(planner, scope().capability("crm.lookup", "read").capability("ledger.refund", "refund")
                    .capability("doc.summarize", "summarize").data("public").data("internal").data("customer_pii")
                    .data("financial"));
            task = decide(engine, r, Outcome.REVIEW).grantId();
            clock.advance(1_000);
            r.reset(Request.Op.REVIEW, 2).principal(fay).grant(task).approve(true).warrantsTo(warrants, 0);
            decide(engine, r, Outcome.ALLOW);
            final byte[] taskWarrant = new byte[r.warrantLength(0)];
            warrants.getBytes(r.warrantOffset(0), taskWarrant);
            clock.advance(1_000);
            r.reset(Request.Op.DELEGATE, CRM_DELEGATION).presenter(planner)
                .warrant(new UnsafeBuffer(taskWarrant), 0, taskWarrant.length).warrantsTo(warrants, 0)
                .child(crmReader, scope().capability("crm.lookup", "read").data("customer_pii"));
            crm = decide(engine, r, Outcome.ALLOW).grantId();
            crmWarrant = new byte[r.warrantLength(0)];
            warrants.getBytes(r.warrantOffset(0), crmWarrant);
            clock.advance(1_000);
            r.reset(Request.Op.AUTHORIZE, 4).presenter(crmReader).warrant(new UnsafeBuffer(crmWarrant), 0,
                crmWarrant.length).call(policy.capability("crm.lookup", "read"), policy.dataClass("customer_pii"))
                .text("dispute #4411");
            decide(engine, r, Outcome.ALLOW);
            r.reset(Request.Op.AUTHORIZE, 5).presenter(crmReader).grant(crm)
                .call(policy.capability("crm.lookup", "read"), policy.dataClass("customer_pii"));
            decide(engine, r, Outcome.DENY);
            r.reset(Request.Op.DELEGATE, 6).grant(task).presenter(planner)
                .child(partner, scope().capability("doc.summarize", "summarize").data("customer_pii"));
            decide(engine, r, Outcome.DENY);
            clock.advance(1_000);
            r.reset(Request.Op.DELEGATE, 7).grant(task).presenter(planner)
                .child(payments, scope().capability("ledger.refund", "refund").data("financial")
                    .slice("refund-total", "300.00"));
            pay = decide(engine, r, Outcome.REVIEW).grantId();
            clock.advance(1_000);
            r.reset(Request.Op.REVIEW, 8).principal(fay).grant(pay).approve(true);
            decide(engine, r, Outcome.ALLOW);
            r.reset(Request.Op.AUTHORIZE, 9).presenter(payments).grant(pay)
                .call(policy.capability("ledger.refund", "refund"), policy.dataClass("financial"))
                .text("refund approved").arguments(new dev.baton.ToolArguments()
                    .decimal(policy.api().argument("ledger.refund", "amount"), 12_000, 2));
            decide(engine, r, Outcome.ALLOW);
            clock.advance(1_000);
            r.reset(Request.Op.REVOKE, 10).grant(crm).actor(planner); // the delegator takes it back
            decide(engine, r, Outcome.ALLOW);
            r.reset(Request.Op.AUTHORIZE, LAST_REQUEST).presenter(crmReader).grant(crm)
                .call(policy.capability("crm.lookup", "read"), policy.dataClass("customer_pii")).text("again");
            decide(engine, r, Outcome.DENY);
        }
        Files.writeString(keyFile, "# test signing key\n" + KEY_ID + ":" + HexFormat.of().formatHex(SECRET) + "\n");
        Files.write(warrantFile, crmWarrant);
    }

    private ScopeBits scope() {
        return new ScopeBits(policy);
    }

    private dev.baton.core.DecisionSlot decide(final JournaledEngine engine, final Request r, final Outcome expected) {
        if (engine.decide(r, 10, TimeUnit.SECONDS) != JournaledEngine.Outcome.DONE) {
            throw new IllegalStateException("request " + r.requestId() + " not decided");
        }
        if (r.decision().outcome() != expected) {
            throw new IllegalStateException("request " + r.requestId() + ": expected " + expected + ", got "
                + r.describe(policy));
        }
        return r.decision();
    }

    /** @return the journal's single {@code .cq4} data file. */
    public Path dataFile() throws IOException {
        try (var files = Files.list(journal)) {
            final Path[] cq4 = files.filter(f -> f.getFileName().toString().endsWith(".cq4")
                && !f.getFileName().toString().startsWith("metadata")).toArray(Path[]::new);
            if (cq4.length != 1) {
                throw new IllegalStateException("expected one data file, found " + Arrays.toString(cq4));
            }
            return cq4[0];
        }
    }

    /** @return offset in a queue file of the body of the DECISION record of {@code requestId}, or -1. */
    public static int indexOf(final byte[] bytes, final long requestId) {
        // Bodies are stored packed (zero bytes dropped), most against the record before them in their batch:
        // walk the queue file's documents (a sealed batch each) and decode each record in them, in order.
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        final org.agrona.concurrent.UnsafeBuffer file = new org.agrona.concurrent.UnsafeBuffer(bytes);
        final org.agrona.concurrent.UnsafeBuffer body = new org.agrona.concurrent.UnsafeBuffer(
            new byte[dev.baton.codec.JournalRecordLayout.MAX_BODY_LENGTH]);
        final dev.baton.codec.JournalRecordDecoder record = new dev.baton.codec.JournalRecordDecoder();
        final org.agrona.concurrent.UnsafeBuffer previous = new org.agrona.concurrent.UnsafeBuffer(
            new byte[dev.baton.codec.JournalRecordLayout.MAX_BODY_LENGTH]);
        final org.agrona.concurrent.UnsafeBuffer base = new org.agrona.concurrent.UnsafeBuffer(0, 0);
        final dev.baton.engine.DecisionRecord decision = new dev.baton.engine.DecisionRecord();
        final org.agrona.concurrent.UnsafeBuffer expanded = new org.agrona.concurrent.UnsafeBuffer(
            new byte[dev.baton.codec.JournalRecordLayout.MAX_BODY_LENGTH]); // a compact DECISION body, expanded
        int position = 0;
        int header;
        while (position + 4 <= bytes.length && (header = b.getInt(position)) != 0 && (header & 0x8000_0000) == 0) {
            final int length = header & 0x3FFF_FFFF;
            for (int at = position + 4, n; (header & 0x4000_0000) == 0 && at < position + 4 + length; at += n) {
                n = dev.baton.codec.JournalRecordLayout.MIN_LENGTH + b.getInt(at + 4);
                if (record.wrap(file, at, n, null) != dev.baton.codec.CodecError.OK) {
                    break;
                }
                int unpacked = record.bodyLength();
                if ((record.flags() & dev.baton.codec.JournalRecordLayout.FLAG_PACKED) != 0) {
                    unpacked = dev.baton.codec.BodyPacker.unpack(file, record.bodyOffset(), unpacked, body, 0,
                        body.capacity());
                } else {
                    body.putBytes(0, file, record.bodyOffset(), unpacked);
                }
                if ((record.flags() & dev.baton.codec.JournalRecordLayout.FLAG_DELTA) != 0 && unpacked > 0) {
                    dev.baton.codec.BodyPacker.xorBase(body, 0, unpacked, base);
                }
                if (unpacked > 0) {
                    previous.putBytes(0, body, 0, unpacked);
                    base.wrap(previous, 0, unpacked);
                }
                if (record.recordType() != dev.baton.engine.RecordType.DECISION) {
                    continue;
                }
                if ((record.flags() & dev.baton.codec.JournalRecordLayout.FLAG_COMPACT) != 0 && unpacked > 0) {
                    unpacked = dev.baton.codec.CompactDecisionBodies.expand(body, 0, unpacked, expanded, 0, null);
                    if (unpacked > 0 && decision.wrap(expanded, 0, unpacked) && decision.requestId() == requestId) {
                        return record.bodyOffset();
                    }
                    continue;
                }
                if (unpacked > 0 && decision.wrap(body, 0, unpacked) && decision.requestId() == requestId) {
                    return record.bodyOffset();
                }
            }
            position = (position + 4 + length + 3) & ~3;
        }
        return -1;
    }

    /** @return the repository root (Surefire sets {@code baton.repo.root}). */
    public static Path repoRoot() {
        final String prop = System.getProperty("baton.repo.root");
        return prop != null ? Path.of(prop) : Path.of("..").toAbsolutePath().normalize();
    }

    /** Writes a journal under {@code args[0]} for trying the commands by hand. */
    public static void main(final String[] args) throws Exception {
        final AuditJournal j = write(Path.of(args[0]));
        System.out.println("journal " + j.journal + "\nkey " + j.keyFile + "\nwarrant " + j.warrantFile
            + " (base64 " + java.util.Base64.getEncoder().encodeToString(j.crmWarrant) + ")");
    }
}
