package dev.baton.cli;

import dev.baton.codec.CodecError;
import dev.baton.codec.ErrorDetail;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantDecoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code baton inspect} for a portable warrant (format version 2): prints its fields, chain, carried
 * argument constraints (by argument index, read with the engine's own matchers) and budget snapshot, then
 * names each check it made and its outcome: structure, key, signature (HMAC with {@code --key}, Ed25519
 * with {@code --public-key}), expiry, that the constraints compile; and the checks only a verifier with a
 * presentation can make (holder, scope and arguments of a call, revocation, proof of possession), as not made.
 */
final class PortableInspection {
    private PortableInspection() {
    }

    /**
     * @return {@link BatonCommand#OK}, {@link BatonCommand#FAILED} (signature refused, key missing) or
     *     {@link BatonCommand#USAGE} (malformed).
     */
    static int inspect(final PrintWriter out, final PrintWriter err, final byte[] bytes, final KeyFile secrets,
                       final List<String> publicKeys, final long now) {
        final PortableWarrantDecoder w = new PortableWarrantDecoder();
        final ErrorDetail detail = new ErrorDetail();
        if (w.wrap(bytes, 0, bytes.length, detail) != CodecError.OK) {
            err.println("baton inspect: not a valid portable warrant (" + bytes.length + " bytes): " + detail.message());
            out.println("check        structure: FAILED");
            return BatonCommand.USAGE;
        }
        print(out, w);
        out.println("check        structure: ok (version, suite, flags, counts, depth, canonical scope, extensions"
            + " as the flags say, length)");
        final int signed = signature(out, w, secrets, publicKeys, now);
        final int code = WarrantExtensions.check(out, w) || signed != BatonCommand.OK ? signed : BatonCommand.FAILED;
        final long left = w.expiresAt() - now;
        out.printf("check        expiry: %s%n", left > 0 ? "ok, expires in " + InspectCommand.duration(left)
            : w.issuedAt() > now ? "NOT YET VALID" : "EXPIRED " + InspectCommand.duration(-left) + " ago");
        out.println("not checked  holder, call scope" + (w.hasConstraints() ? " and arguments" : "")
            + ", revocation of the " + w.hopCount() + " ancestors"
            + (w.proofRequired() ? ", proof of possession" : "") + ": they need a presentation (OfflineVerifier)");
        return code;
    }

    private static void print(final PrintWriter out, final PortableWarrantDecoder w) {
        out.printf("warrant      %d bytes, format version 2 (portable), suite %s, key id %d%n", w.length(), w.suite(),
            w.keyId());
        out.printf("grant        %d of engine %d, depth %d%n", w.grantId(), w.engineId(), w.depth());
        out.printf("flags        %s%n", flags(w.flags()));
        out.printf("principal    %s%n", id(w.principalHigh(), w.principalLow()));
        out.printf("holder       %s%n", id(w.holderHigh(), w.holderLow()));
        if (w.proofRequired()) {
            out.printf("holder key   %s (Ed25519; presentations need a proof of possession)%n",
                HexFormat.of().formatHex(w.buffer(), w.holderKeyIndex(), w.holderKeyIndex() + 32));
        }
        out.printf("purpose      #%d%n", w.purpose());
        final List<String> caps = new ArrayList<>();
        for (int i = 0; i < w.capabilityWordCount() * 64; i++) {
            if (w.hasCapability(i)) {
                caps.add("#" + i);
            }
        }
        final List<String> data = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((w.dataClasses() & (1L << i)) != 0) {
                data.add("#" + i);
            }
        }
        out.printf("scope        capabilities %s; data %s%n", caps.isEmpty() ? "none" : String.join(", ", caps),
            data.isEmpty() ? "none" : String.join(", ", data));
        final List<String> hops = new ArrayList<>();
        for (int i = 0; i < w.hopCount(); i++) {
            hops.add("grant " + w.hopGrantId(i) + "@engine " + w.hopEngineId(i) + " held by "
                + id(w.hopHolderHigh(i), w.hopHolderLow(i)));
        }
        out.printf("chain        %s%n", String.join(" -> ", hops));
        out.printf("issued       %s%n", JournalArgument.instant(w.issuedAt()));
        out.printf("expires      %s%n", JournalArgument.instant(w.expiresAt()));
        out.printf("policy       version %s, layout fingerprint %016x%n", JournalArgument.version(w.policyVersion()),
            w.layoutFingerprint());
        WarrantExtensions.print(out, w);
    }

    private static int signature(final PrintWriter out, final PortableWarrantDecoder w, final KeyFile secrets,
                                 final List<String> publicKeys, final long now) {
        final WarrantKey key = key(w, secrets, publicKeys);
        if (key == null) {
            out.printf("check        key %d (%s): NOT CHECKED: give %s%n", w.keyId(), w.suite(),
                w.suite() == dev.baton.codec.SignatureSuite.HMAC_SHA256 ? "--key FILE with its secret"
                    : "--public-key " + w.keyId() + ":<hex public key>");
            return secrets == null && publicKeys.isEmpty() ? BatonCommand.OK : BatonCommand.FAILED;
        }
        out.printf("check        key %d (%s): given%n", w.keyId(), key.suite());
        final CodecError result = new PortableWarrantAuthenticator(new WarrantKeyRing(0, key)).verify(w, now, null);
        if (result != CodecError.OK) {
            out.printf("check        signature: NOT VERIFIED: %s%n", result.description());
            return BatonCommand.FAILED;
        }
        out.printf("check        signature: verified (%s)%n", w.suite() == dev.baton.codec.SignatureSuite.HMAC_SHA256
            ? "HMAC-SHA256, 16-byte tag" : "Ed25519");
        return BatonCommand.OK;
    }

    private static WarrantKey key(final PortableWarrantDecoder w, final KeyFile secrets, final List<String> publicKeys) {
        for (final String spec : publicKeys) {
            final int colon = spec.indexOf(':');
            if (colon > 0 && spec.substring(0, colon).strip().equals(Integer.toString(w.keyId()))) {
                return WarrantKey.ed25519Verifying(w.keyId(), HexFormat.of().parseHex(spec.substring(colon + 1).strip()));
            }
        }
        return secrets == null ? null : secrets.warrantKey(w.keyId());
    }

    private static String id(final long high, final long low) {
        return dev.baton.codec.IdentityId.of(high, low).toString();
    }

    private static String flags(final int flags) {
        final List<String> out = new ArrayList<>();
        if ((flags & PortableWarrantLayout.FLAG_BREAK_GLASS) != 0) {
            out.add("BREAK_GLASS");
        }
        if ((flags & PortableWarrantLayout.FLAG_EXTERNAL) != 0) {
            out.add("EXTERNAL");
        }
        if ((flags & PortableWarrantLayout.FLAG_REVIEWED) != 0) {
            out.add("REVIEWED");
        }
        if ((flags & PortableWarrantLayout.FLAG_PROOF_REQUIRED) != 0) {
            out.add("PROOF_REQUIRED");
        }
        if ((flags & PortableWarrantLayout.FLAG_CONSTRAINTS) != 0) {
            out.add("CONSTRAINTS");
        }
        if ((flags & PortableWarrantLayout.FLAG_BUDGETS) != 0) {
            out.add("BUDGETS");
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
