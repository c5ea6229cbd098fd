package dev.baton.engine;

import dev.baton.core.CompiledPolicy;
import dev.baton.core.CoreSnapshot;
import dev.baton.core.PolicyCompiler;
import dev.baton.policy.PolicyException;
import dev.baton.policy.PolicyParser;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of a snapshot file: a fixed header, sections ({@link CoreSnapshot} frames them: the core's
 * and the engine's), and a trailer holding a SHA-256 digest of everything before it and, when the
 * engine has a journal key, an HMAC-SHA256 of that digest under the key.
 *
 * <pre>
 *   0         8          10      12             16            24              32          64
 *   +---------+----------+-------+--------------+-------------+---------------+-----------+
 *   | "BATONSN"| version | flags | header length| body length | SEAL sequence | reserved  |
 *   +---------+----------+-------+--------------+-------------+---------------+-----------+
 *   | sections (body length bytes): JOURNAL (64), POLICIES (65), CORE (1), IDENTITIES (2), GRANTS (3) |
 *   +------------------------------------------+----------------------------------------------------+
 *   | SHA-256 of bytes [0, 64 + body) (32)      | HMAC-SHA256(journal key, tag + digest) or zeros (32) |
 *   +------------------------------------------+----------------------------------------------------+
 *   little-endian; flags bit 0: KEYED (the mac is set).
 *
 *   JOURNAL  (64, v1): SEAL sequence i64, its Chronicle index i64, its document's byte offset i64,
 *                      records i64, decisions i64, last record's sequence i64, clock i64, stopped i8,
 *                      pad 7, head 32, journal file name (i32 length, UTF-8)
 *   POLICIES (65, v1): count i32, then per version in the order first journaled: version id i64,
 *                      file name (i32 length, UTF-8), text (i32 length, UTF-8)
 * </pre>
 * A reader refuses (and so ignores) a snapshot whose digest or mac does not verify, whose format version
 * or any section's type or version it does not know: a later build adds state as new sections.
 * <p>
 * <b>Note:</b> stateless; {@link #read} allocates.
 */
final class SnapshotFile {
    static final long MAGIC = 0x004E53_4E4F544142L; // "BATONSN\0" read as a little-endian long
    static final int FORMAT_VERSION = 1;
    static final int FLAG_KEYED = 1;
    static final int HEADER_LENGTH = 64;
    static final int TRAILER_LENGTH = 64;
    static final int SECTION_JOURNAL = 64;
    static final int SECTION_POLICIES = 65;
    static final int SECTION_VERSION = 1;
    private static final int JOURNAL_FIXED = 8 * 7 + 8 + 32;
    private static final byte[] MAC_TAG = "baton snapshot v1".getBytes(StandardCharsets.US_ASCII);

    private SnapshotFile() {
    }

    /** Writes the header (body length and flags filled by {@link #seal}) and returns where sections start. */
    static int beginHeader(final ExpandableArrayBuffer dst, final long sealSequence) {
        dst.setMemory(0, HEADER_LENGTH, (byte) 0);
        dst.putLong(0, MAGIC, ByteOrder.LITTLE_ENDIAN);
        dst.putShort(8, (short) FORMAT_VERSION, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(12, HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(24, sealSequence, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH;
    }

    /** The JOURNAL section at {@code at}: @return the offset after it. */
    static int journal(final ExpandableArrayBuffer dst, final int at, final Journal journal, final long decisions,
                       final long clock, final byte[] file, final byte[] head) {
        final int b = CoreSnapshot.beginSection(dst, at, SECTION_JOURNAL, SECTION_VERSION);
        dst.putLong(b, journal.lastSeal(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 8, journal.lastSealIndex(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 16, journal.lastSealPosition(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 24, journal.applied(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 32, decisions, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 40, journal.lastApplied(), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 48, clock, ByteOrder.LITTLE_ENDIAN);
        dst.putLong(b + 56, journal.lastIsStop() ? 1 : 0, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(b + 64, head);
        dst.putInt(b + JOURNAL_FIXED, file.length, ByteOrder.LITTLE_ENDIAN);
        dst.putBytes(b + JOURNAL_FIXED + 4, file);
        return CoreSnapshot.endSection(dst, at, b + JOURNAL_FIXED + 4 + file.length);
    }

    /** The POLICIES section at {@code at} (each entry: version id, file name and text in UTF-8). */
    static int policies(final ExpandableArrayBuffer dst, final int at, final Map<Long, byte[][]> policies) {
        final int b = CoreSnapshot.beginSection(dst, at, SECTION_POLICIES, SECTION_VERSION);
        dst.putInt(b, policies.size(), ByteOrder.LITTLE_ENDIAN);
        int o = b + 4;
        for (final Map.Entry<Long, byte[][]> e : policies.entrySet()) {
            dst.putLong(o, e.getKey(), ByteOrder.LITTLE_ENDIAN);
            o += 8;
            for (final byte[] bytes : e.getValue()) {
                dst.putInt(o, bytes.length, ByteOrder.LITTLE_ENDIAN);
                dst.putBytes(o + 4, bytes);
                o += 4 + bytes.length;
            }
        }
        return CoreSnapshot.endSection(dst, at, o);
    }

    /**
     * Completes a snapshot whose sections end at {@code end}: body length, flags, digest and mac.
     *
     * @param key the journal key, or null.
     * @return the snapshot's total length.
     */
    static int seal(final ExpandableArrayBuffer dst, final int end, final byte[] key) {
        dst.putShort(10, (short) (key != null ? FLAG_KEYED : 0), ByteOrder.LITTLE_ENDIAN);
        dst.putLong(16, end - HEADER_LENGTH, ByteOrder.LITTLE_ENDIAN);
        dst.checkLimit(end + TRAILER_LENGTH);
        final byte[] digest = sha256(dst.byteArray(), end);
        dst.putBytes(end, digest);
        dst.putBytes(end + 32, key != null ? mac(key, digest) : new byte[32]);
        return end + TRAILER_LENGTH;
    }

    /**
     * Verifies and parses a snapshot.
     *
     * @param bytes the file's bytes.
     * @param key   the journal key the engine holds, or null; with one, only a keyed snapshot whose mac
     *              verifies is accepted.
     * @return the snapshot, its core not yet rebuilt.
     * @throws IllegalStateException describing why the snapshot cannot be used.
     */
    static Snapshot read(final byte[] bytes, final byte[] key) {
        final UnsafeBuffer b = new UnsafeBuffer(bytes);
        require(bytes.length >= HEADER_LENGTH + TRAILER_LENGTH, "it has " + bytes.length + " bytes: torn or not a snapshot");
        require(b.getLong(0, ByteOrder.LITTLE_ENDIAN) == MAGIC, "it does not begin with the snapshot magic");
        final int version = b.getShort(8, ByteOrder.LITTLE_ENDIAN);
        require(version == FORMAT_VERSION, "format version " + version + ", this build reads " + FORMAT_VERSION);
        final long body = b.getLong(16, ByteOrder.LITTLE_ENDIAN);
        require(b.getInt(12, ByteOrder.LITTLE_ENDIAN) == HEADER_LENGTH
            && body == (long) bytes.length - HEADER_LENGTH - TRAILER_LENGTH, "its length (" + bytes.length
            + " bytes) is not what its header says (body " + body + "): torn or truncated");
        final int end = HEADER_LENGTH + (int) body;
        final byte[] digest = sha256(bytes, end);
        require(MessageDigest.isEqual(digest, Arrays.copyOfRange(bytes, end, end + 32)),
            "its SHA-256 digest does not match its content: torn or altered");
        final boolean keyed = (b.getShort(10, ByteOrder.LITTLE_ENDIAN) & FLAG_KEYED) != 0;
        if (key != null) {
            require(keyed, "it carries no mac, but the engine holds a journal key: written without the key");
            require(MessageDigest.isEqual(mac(key, digest), Arrays.copyOfRange(bytes, end + 32, end + 64)),
                "its mac does not verify under the journal key: forged or written under another key");
        }
        return sections(b, end, keyed);
    }

    private static Snapshot sections(final UnsafeBuffer b, final int end, final boolean keyed) {
        final Snapshot s = new Snapshot(b, keyed);
        int o = HEADER_LENGTH;
        while (o < end) {
            require(o + CoreSnapshot.SECTION_HEADER <= end, "a section header at byte " + o + " runs past the body");
            final int type = b.getShort(o, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int version = b.getShort(o + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final long length = b.getLong(o + 8, ByteOrder.LITTLE_ENDIAN);
            final int at = o + CoreSnapshot.SECTION_HEADER;
            require(length >= 0 && at + length <= end, "section " + type + " at byte " + o + " has length " + length
                + ", past the body");
            if (!s.restorer.accept(type, version, at, (int) length)) {
                require(version == SECTION_VERSION && (type == SECTION_JOURNAL || type == SECTION_POLICIES),
                    "section " + type + " version " + version + " at byte " + o + " is unknown to this build");
                if (type == SECTION_JOURNAL) {
                    journalSection(b, at, (int) length, s);
                } else {
                    policiesSection(b, at, (int) length, s);
                }
            }
            o = (int) ((at + length + 7) & ~7L);
        }
        require(s.head != null && s.policies != null, "it lacks the JOURNAL or POLICIES section");
        return s;
    }

    private static void journalSection(final UnsafeBuffer b, final int at, final int length, final Snapshot s) {
        require(length >= JOURNAL_FIXED + 4, "section JOURNAL: length " + length);
        s.sealSequence = b.getLong(at, ByteOrder.LITTLE_ENDIAN);
        s.index = b.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
        s.position = b.getLong(at + 16, ByteOrder.LITTLE_ENDIAN);
        s.records = b.getLong(at + 24, ByteOrder.LITTLE_ENDIAN);
        s.decisions = b.getLong(at + 32, ByteOrder.LITTLE_ENDIAN);
        s.lastSequence = b.getLong(at + 40, ByteOrder.LITTLE_ENDIAN);
        s.clock = b.getLong(at + 48, ByteOrder.LITTLE_ENDIAN);
        s.stopped = b.getLong(at + 56, ByteOrder.LITTLE_ENDIAN) != 0;
        s.head = new byte[32];
        b.getBytes(at + 64, s.head);
        final int n = b.getInt(at + JOURNAL_FIXED, ByteOrder.LITTLE_ENDIAN);
        require(n > 0 && JOURNAL_FIXED + 4L + n == length, "section JOURNAL: file name length " + n);
        s.file = b.getStringWithoutLengthUtf8(at + JOURNAL_FIXED + 4, n);
        require(s.sealSequence >= 0 && s.position > 0 && s.records >= 0 && s.decisions >= 0,
            "section JOURNAL: SEAL sequence " + s.sealSequence + ", byte offset " + s.position);
    }

    private static void policiesSection(final UnsafeBuffer b, final int at, final int length, final Snapshot s) {
        final int end = at + length;
        final int count = b.getInt(at, ByteOrder.LITTLE_ENDIAN);
        final Map<Long, CompiledPolicy> policies = new LinkedHashMap<>();
        int o = at + 4;
        for (int i = 0; i < count; i++) {
            require(o + 16 <= end, "section POLICIES: entry " + i + " runs past the section");
            final long version = b.getLong(o, ByteOrder.LITTLE_ENDIAN);
            final int fileLength = b.getInt(o + 8, ByteOrder.LITTLE_ENDIAN);
            require(fileLength >= 0 && (long) o + 16 + fileLength <= end, "section POLICIES: entry " + i + " file name");
            final String file = b.getStringWithoutLengthUtf8(o + 12, fileLength);
            o += 12 + fileLength;
            final int textLength = b.getInt(o, ByteOrder.LITTLE_ENDIAN);
            require(textLength >= 0 && (long) o + 4 + textLength <= end, "section POLICIES: entry " + i + " text");
            final String text = b.getStringWithoutLengthUtf8(o + 4, textLength);
            o += 4 + textLength;
            final CompiledPolicy p = compile(file, text, i);
            require(p.versionId() == version, "section POLICIES: entry " + i + " hashes to "
                + Long.toHexString(p.versionId()) + ", not " + Long.toHexString(version));
            policies.put(version, p);
        }
        require(o == end, "section POLICIES: length " + length);
        s.policies = policies;
    }

    private static CompiledPolicy compile(final String file, final String text, final int entry) {
        try {
            return PolicyCompiler.compile(PolicyParser.parse(file, text));
        } catch (final PolicyException | RuntimeException e) {
            throw new IllegalStateException("section POLICIES: entry " + entry + " no longer compiles: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(final byte[] bytes, final int length) {
        try {
            final MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(bytes, 0, length);
            return d.digest();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    private static byte[] mac(final byte[] key, final byte[] digest) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(MAC_TAG);
            return mac.doFinal(digest);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
        }
    }

    private static void require(final boolean ok, final String why) {
        if (!ok) {
            throw new IllegalStateException(why);
        }
    }
}
