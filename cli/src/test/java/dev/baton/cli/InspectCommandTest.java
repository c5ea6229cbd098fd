package dev.baton.cli;

import dev.baton.audit.AuditJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton inspect} on a warrant the engine issued while writing a test journal. */
class InspectCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    @Test
    void shouldDecodeWarrantFileAndVerifyItsMacWithTheKeyFile() {
        final CommandRun run = CommandRun.of("inspect", journal.warrantFile.toString(), "--key",
            journal.keyFile.toString(), "--journal", journal.journal.toString(), "--at", "2027-01-15T08:03:00Z");
        assertEquals(BatonCommand.OK, run.code(), run::toString);
        final String out = run.out();
        assertTrue(out.contains("key id " + AuditJournal.KEY_ID), run::toString);
        assertTrue(out.contains("grant        " + journal.crm + " (parent " + journal.task + ", root " + journal.task
            + "), depth 1"), run::toString);
        assertTrue(out.contains("principal    user:alice@acme.example"), run::toString);
        assertTrue(out.contains("holder       spiffe://acme.example/agent/crm-reader"), run::toString);
        assertTrue(out.contains("purpose      refund-dispute"), run::toString);
        assertTrue(out.contains("scope        crm.lookup:read; data customer_pii"), run::toString);
        assertTrue(out.contains("chain        user:alice@acme.example -> spiffe://acme.example/agent/planner "
            + "(refund-dispute) -> spiffe://acme.example/agent/crm-reader (refund-dispute)"), run::toString);
        assertTrue(out.contains("expires      2027-01-15T08:05:01Z (ttl 4m 59s): expires in 2m 1s"), run::toString);
        assertTrue(out.contains("mac          verified with key 7"), run::toString);
        final String secretHex = HexFormat.of().formatHex(AuditJournal.SECRET);
        assertFalse(out.contains(secretHex) || run.err().contains(secretHex), "the secret is never printed");
    }

    @Test
    void shouldAcceptBase64AndHexTextAndNameScopeGivenPolicy() {
        final CommandRun base64 = CommandRun.of("inspect", Base64.getEncoder().encodeToString(journal.crmWarrant),
            "--policy", journal.policyFile.toString(), "--at", "2027-01-15T09:00:00Z");
        assertEquals(BatonCommand.OK, base64.code(), base64::toString);
        assertTrue(base64.out().contains("scope        crm.lookup:read; data customer_pii"), base64::toString);
        assertTrue(base64.out().contains("EXPIRED 54m 59s ago"), base64::toString);
        assertTrue(base64.out().contains("holder       #2 (give --journal for names)"), base64::toString);
        final CommandRun hex = CommandRun.of("inspect", HexFormat.of().formatHex(journal.crmWarrant));
        assertEquals(BatonCommand.OK, hex.code(), hex::toString);
        assertTrue(hex.out().contains("scope        capabilities #0; data #2 (give --policy for names)"), hex::toString);
    }

    @Test
    void shouldReportTamperedWarrantWhenMacDoesNotVerify() throws Exception {
        final byte[] tampered = journal.crmWarrant.clone();
        tampered[48] ^= 0x01; // dataClasses: one more data class
        final Path file = dir.resolve("tampered.warrant");
        Files.write(file, tampered);
        final CommandRun run = CommandRun.of("inspect", file.toString(), "--key", journal.keyFile.toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().contains("mac          NOT VERIFIED: BAD_MAC"), run::toString);
    }

    @Test
    void shouldExplainMalformedWarrantWithoutStackTrace() throws Exception {
        final Path file = dir.resolve("short.warrant");
        Files.write(file, java.util.Arrays.copyOf(journal.crmWarrant, 40));
        final CommandRun run = CommandRun.of("inspect", file.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton inspect: not a valid warrant (40 bytes): TRUNCATED: warrant block offset=0 length=70 "
            + "capacity=40 value=0 (truncated: the buffer ends before the field)\n", run.err(), run::toString);
        final CommandRun junk = CommandRun.of("inspect", "not a warrant!");
        assertEquals(BatonCommand.USAGE, junk.code(), junk::toString);
        assertTrue(junk.err().startsWith("baton inspect: 'not a warrant!' is neither an existing file nor hex nor "
            + "base64 text"), junk::toString);
        assertFalse(junk.err().contains("Exception"), junk::toString);
    }

    @Test
    void shouldNameTheLineOfABadKeyFileWithoutPrintingIt() throws Exception {
        final Path keys = dir.resolve("bad.key");
        Files.writeString(keys, "# keys\n7:00112233\n");
        final CommandRun run = CommandRun.of("inspect", journal.warrantFile.toString(), "--key", keys.toString());
        assertEquals(BatonCommand.USAGE, run.code(), run::toString);
        assertEquals("baton inspect: " + keys + ":2: key id 7: the secret is 4 bytes; at least 32 (256 bits) are "
            + "required\n", run.err());
        Files.writeString(keys, "8:" + HexFormat.of().formatHex(AuditJournal.SECRET) + "\n");
        final CommandRun other = CommandRun.of("inspect", journal.warrantFile.toString(), "--key", keys.toString());
        assertEquals(BatonCommand.FAILED, other.code(), other::toString);
        assertTrue(other.out().contains("mac          NOT VERIFIED: the key file has no key 7 (it has [8])"),
            other::toString);
    }

    @Test
    void shouldRefuseAWeakKeyFileWithoutPrintingIt() throws Exception {
        final Path keys = dir.resolve("zero.key");
        Files.writeString(keys, "7:" + "00".repeat(32) + "\n");
        final CommandRun zero = CommandRun.of("inspect", journal.warrantFile.toString(), "--key", keys.toString());
        assertEquals(BatonCommand.USAGE, zero.code(), zero::toString);
        assertEquals("baton inspect: " + keys + ":1: key id 7: the secret is all zero bytes; use 32 or more random "
            + "bytes\n", zero.err());
        Files.writeString(keys, "# placeholder\n7:" + "ab".repeat(40) + "\n");
        final CommandRun repeated = CommandRun.of("inspect", journal.warrantFile.toString(), "--key", keys.toString());
        assertEquals(BatonCommand.USAGE, repeated.code(), repeated::toString);
        assertEquals("baton inspect: " + keys + ":2: key id 7: the secret is one byte repeated; use 32 or more random "
            + "bytes\n", repeated.err());
        assertFalse(repeated.err().contains("abab"), repeated::toString);
    }
}
