package dev.baton.cli;

import dev.baton.codec.IdentityId;
import dev.baton.codec.PortableWarrantAuthenticator;
import dev.baton.codec.PortableWarrantEncoder;
import dev.baton.codec.PortableWarrantLayout;
import dev.baton.codec.WarrantKey;
import dev.baton.codec.WarrantKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton inspect} decodes portable warrants of both suites and names each check it made. */
class PortableInspectionTest {
    private static final long NOW = 1_767_225_600_000L;

    private static byte[] issue(final WarrantKeyRing ring) {
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(5, 77).validity(NOW, NOW + 600_000)
            .purpose(1).dataClasses(2).principal(IdentityId.of("user:alice")).capabilities(new long[] {5}, 1)
            .hop(11, 1, IdentityId.of("agent:root")).hop(12, 2, IdentityId.of("agent:reader"));
        final byte[] b = new byte[PortableWarrantLayout.MAX_LENGTH];
        return Arrays.copyOf(b, new PortableWarrantAuthenticator(ring).sign(b, 0, e.encode(b, 0)));
    }

    @Test
    void shouldVerifyAnHmacPortableWarrantAndNameItsChecks(@TempDir final Path dir) throws Exception {
        final byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte)(i + 1);
        }
        final Path keys = Files.writeString(dir.resolve("keys"), "4:" + HexFormat.of().formatHex(secret) + "\n");
        final byte[] w = issue(new WarrantKeyRing(0, WarrantKey.hmacSha256(4, secret)));
        final CommandRun run = CommandRun.of("inspect", HexFormat.of().formatHex(w), "--key", keys.toString(),
            "--at", "2026-01-01T00:01:00Z");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("format version 2 (portable), suite HMAC_SHA256, key id 4"), run::toString);
        assertTrue(run.out().contains("check        structure: ok"), run::toString);
        assertTrue(run.out().contains("check        signature: verified (HMAC-SHA256"), run::toString);
        assertTrue(run.out().contains("check        expiry: ok"), run::toString);
        assertTrue(run.out().contains("grant 11@engine 1 held by " + IdentityId.of("agent:root")), run::toString);
        w[w.length - 1] ^= 1;
        final CommandRun bad = CommandRun.of("inspect", HexFormat.of().formatHex(w), "--key", keys.toString());
        assertEquals(BatonCommand.FAILED, bad.code(), bad::toString);
        assertTrue(bad.out().contains("signature: NOT VERIFIED"), bad::toString);
    }

    @Test
    void shouldVerifyAnEd25519PortableWarrantWithItsPublicKey() throws Exception {
        final KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        final byte[] w = issue(new WarrantKeyRing(0, WarrantKey.ed25519(9, pair)));
        final String publicKey = "9:" + HexFormat.of().formatHex(WarrantKey.rawPublicKey(pair.getPublic()));
        final CommandRun run = CommandRun.of("inspect", HexFormat.of().formatHex(w), "--public-key", publicKey,
            "--at", "2027-01-01T00:00:00Z");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("check        signature: verified (Ed25519)"), run::toString);
        assertTrue(run.out().contains("check        expiry: EXPIRED"), run::toString);
        final CommandRun without = CommandRun.of("inspect", HexFormat.of().formatHex(w));
        assertEquals(BatonCommand.OK, without.code(), without::toString);
        assertTrue(without.out().contains("NOT CHECKED: give --public-key 9:"), without::toString);
    }

    @Test
    void shouldShowCarriedConstraintsAndBudgetsAndCheckThatTheyCompile() {
        final byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte)(i * 3 + 1);
        }
        final WarrantKeyRing ring = new WarrantKeyRing(0, WarrantKey.hmacSha256(4, secret));
        final PortableWarrantEncoder e = new PortableWarrantEncoder().reset().layout(5, 77).validity(NOW, NOW + 600_000)
            .purpose(1).dataClasses(2).principal(IdentityId.of("user:alice")).capabilities(new long[] {5}, 1)
            .hop(11, 1, IdentityId.of("agent:root")).budget(0, 48_000);
        e.constraints().range(0, 1, 20_000).texts(3, dev.baton.codec.ConstraintsLayout.GLOB, "*@customer.example");
        final byte[] b = new byte[PortableWarrantLayout.MAX_LENGTH];
        final byte[] w = Arrays.copyOf(b, new PortableWarrantAuthenticator(ring).sign(b, 0, e.encode(b, 0)));
        final CommandRun run = CommandRun.of("inspect", HexFormat.of().formatHex(w), "--at", "2026-01-01T00:01:00Z");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        assertTrue(run.out().contains("flags        CONSTRAINTS, BUDGETS"), run::toString);
        assertTrue(run.out().contains("constraint   argument #0: range [1, 20000]"), run::toString);
        assertTrue(run.out().contains("constraint   argument #3: glob '*@customer.example'"), run::toString);
        assertTrue(run.out().contains("budget       #0: 48000 left at issue"), run::toString);
        assertTrue(run.out().contains("check        constraints: ok, 2 entries compile"), run::toString);
        assertTrue(run.out().contains("not checked  holder, call scope and arguments"), run::toString);
        final PortableWarrantEncoder bad = new PortableWarrantEncoder().reset().layout(5, 77)
            .validity(NOW, NOW + 600_000).principal(IdentityId.of("user:alice")).hop(11, 1, IdentityId.of("agent:root"));
        bad.constraints().texts(2, dev.baton.codec.ConstraintsLayout.REGEX, "(a|b");
        final byte[] u = Arrays.copyOf(b, new PortableWarrantAuthenticator(ring).sign(b, 0, bad.encode(b, 0)));
        final CommandRun refused = CommandRun.of("inspect", HexFormat.of().formatHex(u), "--at", "2026-01-01T00:01:00Z");
        assertEquals(BatonCommand.FAILED, refused.code(), refused::toString);
        assertTrue(refused.out().contains("check        constraints: FAILED: entry 0 (argument #2)"), refused::toString);
    }
}
