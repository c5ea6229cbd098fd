package dev.baton.cli;

import dev.baton.audit.AuditLog;
import dev.baton.audit.DecisionEntry;
import dev.baton.audit.ProgressListener;
import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.KeyRing;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantAuthenticator;
import dev.baton.codec.WarrantDecoder;
import dev.baton.codec.WarrantLayout;
import dev.baton.core.CompiledPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;

/**
 * {@code baton inspect WARRANT [--key FILE] [--policy FILE] [--journal DIR]}: decodes a warrant and prints
 * its fields, chain, purpose, scope by name and time to expiry; with the key, verifies its MAC. A portable
 * warrant (format version 2) goes to {@link PortableInspection}, which also names each check it made.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Decodes a warrant and prints its fields: grant, parent and root, depth, flags, principal, holder, "
            + "purpose, scope, the chain summary, issue time and time to expiry, and the policy version. "
            + "With --key, verifies its MAC (never printing the secret). Decodes both formats: version 1 "
            + "(engine-local) and version 2 (portable: HMAC with --key, Ed25519 with --public-key), and names each "
            + "check it made.",
        "",
        "WARRANT is a file (the raw bytes, or text holding hex or base64) or the hex or base64 text itself. "
            + "Purpose and scope are shown by name given --policy (or --journal); identities are ids in the "
            + "engine's table, shown by name given --journal.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:decoded (and, with --key, its MAC verifies)",
        "1:with --key: the MAC does not verify, or the key file lacks the warrant's key id",
        "2:bad usage or input: not a warrant (malformed, truncated), unreadable key, policy or journal"})
final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WARRANT",
        description = "A file holding the warrant (bytes, hex or base64), or its hex or base64 text.")
    private String warrant;

    @Option(names = "--key", paramLabel = "FILE",
        description = "Key file, one '<keyId>:<hex secret>' per line ('#' comments): verify the MAC.")
    private Path keyFile;

    @Option(names = "--public-key", paramLabel = "KEYID:HEX",
        description = "An Ed25519 verifying key of a portable warrant's issuer, as <keyId>:<hex of its 32 raw bytes>; "
            + "repeatable.")
    private List<String> publicKeys = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE", description = "Policy file, for purpose and scope by name.")
    private Path policyFile;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "Journal directory, for identity names (and the policy, if --policy is not given).")
    private Path journal;

    @Option(names = "--at", paramLabel = "INSTANT",
        description = "Compute the time to expiry at this ISO-8601 instant (e.g. 2027-01-15T08:00:00Z) "
            + "instead of now.")
    private String at;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final byte[] bytes;
        final KeyFile keys;
        final long now;
        try {
            bytes = WarrantInput.read(warrant);
            keys = keyFile == null ? null : KeyFile.read(keyFile);
            now = at == null ? System.currentTimeMillis() : Instant.parse(at).toEpochMilli();
        } catch (final IllegalArgumentException e) {
            err.println("baton inspect: " + e.getMessage());
            return BatonCommand.USAGE;
        } catch (final DateTimeParseException e) {
            err.println("baton inspect: --at '" + at + "' is not an ISO-8601 instant, e.g. 2027-01-15T08:00:00Z");
            return BatonCommand.USAGE;
        }
        if (bytes.length > 0 && bytes[0] == PortableWarrantLayout.FORMAT_VERSION) {
            final int code = PortableInspection.inspect(out, err, bytes, keys, publicKeys, now);
            out.flush();
            return code;
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final WarrantDecoder w = new WarrantDecoder();
        final ErrorDetail detail = new ErrorDetail();
        if (w.wrap(buffer, 0, bytes.length, detail) != CodecError.OK) {
            err.println("baton inspect: not a valid warrant (" + bytes.length + " bytes): " + detail.message());
            return BatonCommand.USAGE;
        }
        IntFunction<String> names = id -> null;
        CompiledPolicy policy = null;
        if (journal != null) {
            if (!JournalArgument.check("inspect", journal, err)) {
                return BatonCommand.USAGE;
            }
            final AuditLog log = AuditLog.read(journal, false, ProgressListener.NONE);
            names = log.identityNames();
            policy = log.policies().get(w.policyVersion());
            if (policy == null) {
                policy = log.currentPolicy();
            }
        }
        if (policyFile != null) {
            policy = JournalArgument.policy("inspect", policyFile, err);
            if (policy == null) {
                return BatonCommand.USAGE;
            }
        }
        print(out, w, bytes.length, policy, names, now);
        final int code = keys == null ? BatonCommand.OK : verify(out, w, buffer, bytes.length, keys, now);
        out.flush();
        return code;
    }

    private void print(final PrintWriter out, final WarrantDecoder w, final int length, final CompiledPolicy policy,
                       final IntFunction<String> names, final long now) {
        out.printf("warrant      %d bytes, format version %d, key id %d%n", length, w.formatVersion(), w.keyId());
        out.printf("grant        %d (parent %s, root %d), depth %d%n", w.grantId(),
            w.parentId() == 0 ? "none: a root grant" : Long.toString(w.parentId()), w.rootId(), w.depth());
        out.printf("flags        %s%n", flags(w.flags()));
        out.printf("principal    %s%n", identity(w.principal(), names));
        out.printf("holder       %s%n", identity(w.holder(), names));
        out.printf("purpose      %s%n", policy == null ? "#" + w.purpose() + " (give --policy for names)"
            : policy.purposeName(w.purpose()));
        final long[] words = new long[64];
        final int n = w.getCapabilities(words);
        out.printf("scope        %s%n", policy == null ? rawScope(words, n, w.dataClasses()) + " (give --policy for names)"
            : DecisionEntry.Scopes.of(policy, words, n, w.dataClasses()));
        final List<String> hops = new ArrayList<>();
        hops.add(name(w.principal(), names));
        for (int i = 0; i < w.hopCount(); i++) {
            hops.add(name(w.hopIdentity(i), names) + " (" + (policy == null ? "purpose #" + w.hopPurpose(i)
                : policy.purposeName(w.hopPurpose(i))) + ")");
        }
        out.printf("chain        %s%s%n", String.join(" -> ", hops),
            (w.flags() & WarrantLayout.FLAG_CHAIN_TRUNCATED) != 0 ? " (truncated: only the last hops are kept)" : "");
        out.printf("issued       %s%n", JournalArgument.instant(w.issuedAt()));
        final long left = w.expiresAt() - now;
        out.printf("expires      %s (ttl %s): %s%n", JournalArgument.instant(w.expiresAt()), duration(w.ttlMillis()),
            left > 0 ? "expires in " + duration(left) : "EXPIRED " + duration(-left) + " ago");
        out.printf("policy       version %s%s%n", JournalArgument.version(w.policyVersion()), policy == null ? ""
            : policy.versionId() == w.policyVersion() ? ", " + policy.label() + " (" + policy.file() + ")"
            : "; names are from " + policy.label() + " (" + JournalArgument.version(policy.versionId())
            + "), another version: they may not match");
    }

    private static int verify(final PrintWriter out, final WarrantDecoder w, final UnsafeBuffer buffer,
                              final int length, final KeyFile keys, final long now) {
        final KeyRing ring = keys.ring(w.keyId());
        if (ring == null) {
            out.printf("mac          NOT VERIFIED: the key file has no key %d (it has %s)%n", w.keyId(), keys.ids());
            return BatonCommand.FAILED;
        }
        final ErrorDetail detail = new ErrorDetail();
        final CodecError result = new WarrantAuthenticator(ring).verify(buffer, 0, length, w.holder(), now,
            new WarrantDecoder(), detail);
        if (result != CodecError.OK) {
            out.printf("mac          NOT VERIFIED: %s: the warrant was altered or signed with another key%n",
                result);
            return BatonCommand.FAILED;
        }
        out.printf("mac          verified with key %d (%s)%n", w.keyId(), ring.algorithm());
        return BatonCommand.OK;
    }

    private static String identity(final int id, final IntFunction<String> names) {
        final String name = names.apply(id);
        return name != null ? name : "#" + id + (id >= 0 ? " (give --journal for names)" : "");
    }

    private static String name(final int id, final IntFunction<String> names) {
        final String name = names.apply(id);
        return name != null ? name : "#" + id;
    }

    private static String flags(final int flags) {
        final List<String> out = new ArrayList<>();
        if ((flags & WarrantLayout.FLAG_BREAK_GLASS) != 0) {
            out.add("BREAK_GLASS");
        }
        if ((flags & WarrantLayout.FLAG_EXTERNAL) != 0) {
            out.add("EXTERNAL");
        }
        if ((flags & WarrantLayout.FLAG_REVIEWED) != 0) {
            out.add("REVIEWED");
        }
        if ((flags & WarrantLayout.FLAG_CHAIN_TRUNCATED) != 0) {
            out.add("CHAIN_TRUNCATED");
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    private static String rawScope(final long[] words, final int count, final long data) {
        final List<String> caps = new ArrayList<>();
        for (int i = 0; i < count * 64; i++) {
            if ((words[i >> 6] & (1L << (i & 63))) != 0) {
                caps.add("#" + i);
            }
        }
        final List<String> classes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((data & (1L << i)) != 0) {
                classes.add("#" + i);
            }
        }
        return "capabilities " + (caps.isEmpty() ? "none" : String.join(", ", caps)) + "; data "
            + (classes.isEmpty() ? "none" : String.join(", ", classes));
    }

    /** @return e.g. {@code 20m}, {@code 1h 5m 3s}, {@code 2d 3h}. */
    static String duration(final long millis) {
        long s = millis / 1000;
        final long d = s / 86_400;
        s %= 86_400;
        final long h = s / 3600;
        s %= 3600;
        final long m = s / 60;
        s %= 60;
        final StringBuilder sb = new StringBuilder();
        if (d > 0) {
            sb.append(d).append("d ");
        }
        if (h > 0) {
            sb.append(h).append("h ");
        }
        if (m > 0 && d == 0) {
            sb.append(m).append("m ");
        }
        if (s > 0 && d == 0 && h == 0) {
            sb.append(s).append("s ");
        }
        return sb.length() == 0 ? (millis % 1000) + "ms" : sb.toString().strip();
    }
}
