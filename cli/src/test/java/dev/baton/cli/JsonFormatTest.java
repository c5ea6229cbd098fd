package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.audit.AuditJournal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --format json} of every command that reports, checked against the fields docs/cli.md lists, and
 * {@code baton test --junit} against a JUnit XML schema. Each document is parsed by a real JSON parser.
 */
class JsonFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path POLICIES = CommandRun.repoRoot().resolve("src/policies");
    private static final String PLANNER = "spiffe://acme.example/agent/planner";

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static AuditJournal journal;

    @BeforeAll
    static void writeJournal() throws Exception {
        journal = AuditJournal.write(shared);
    }

    /** Runs the command, asserts its exit code and that stdout is exactly one JSON document on one line. */
    private static JsonNode json(final int code, final String... args) throws IOException {
        final CommandRun run = CommandRun.of(args);
        assertEquals(code, run.code(), run::toString);
        assertEquals(1, run.outLines().size(), "one document on one line: " + run);
        return JSON.readTree(run.out());
    }

    /** Asserts that {@code node} has exactly these fields, in this order (the documented schema). */
    private static void fields(final JsonNode node, final String... names) {
        final Iterator<String> it = node.fieldNames();
        for (final String name : names) {
            assertTrue(it.hasNext(), "missing " + name + " in " + node);
            assertEquals(name, it.next(), node::toString);
        }
        assertFalse(it.hasNext(), "undocumented field in " + node);
    }

    @Test
    void shouldReportCheckResultsAsJsonWithEveryErrorsPosition() throws IOException {
        final Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nagents: 7\n");
        final JsonNode doc = json(BatonCommand.FAILED, "check", "--format", "json",
            POLICIES.resolve("minimal.yaml").toString(), bad.toString());
        fields(doc, "valid", "policies");
        assertFalse(doc.get("valid").asBoolean());
        final JsonNode ok = doc.get("policies").get(0);
        fields(ok, "file", "valid", "version", "sha256", "counts", "warnings");
        assertTrue(ok.get("warnings").isArray(), ok::toString);
        assertEquals(64, ok.get("sha256").asText().length());
        fields(ok.get("counts"), "capabilities", "data_classes", "agents", "purposes", "review_rules", "tiers",
            "break_glass_rules");
        final JsonNode failed = doc.get("policies").get(1);
        fields(failed, "file", "valid", "errors");
        assertTrue(failed.get("errors").size() > 0, failed::toString);
        for (final JsonNode e : failed.get("errors")) {
            fields(e, "file", "line", "column", "field", "message");
            assertTrue(e.get("line").asInt() > 0, e::toString);
        }
    }

    @Test
    void shouldReportTestCasesAsJsonWithTheFirstMissedStep() throws IOException {
        final JsonNode doc = json(BatonCommand.FAILED, "test", "--format", "json", mixedTests().toString());
        fields(doc, "passed", "failed", "skipped", "files");
        assertEquals(1, doc.get("passed").asInt());
        assertEquals(1, doc.get("failed").asInt());
        assertEquals(1, doc.get("skipped").asInt());
        final JsonNode cases = doc.get("files").get(0).get("cases");
        assertEquals(List.of("passed", "failed", "skipped"), List.of(cases.get(0).get("status").asText(),
            cases.get(1).get("status").asText(), cases.get(2).get("status").asText()));
        fields(cases.get(0), "name", "at", "status");
        fields(cases.get(1), "name", "at", "status", "failure");
        fields(cases.get(1).get("failure"), "step", "operation", "expected", "actual", "missed");
        assertEquals("delegate", cases.get(1).get("failure").get("operation").asText());
        assertTrue(cases.get(1).get("failure").get("actual").asText().startsWith("DENY NEVER_LEAVE"));
    }

    @Test
    void shouldWriteJunitXmlThatTheSchemaAccepts() throws Exception {
        final Path xml = dir.resolve("report.xml");
        final CommandRun run = CommandRun.of("test", "--junit", xml.toString(), mixedTests().toString());
        assertEquals(BatonCommand.FAILED, run.code(), run::toString);
        assertTrue(run.out().endsWith("1 passed, 1 failed, 1 skipped\n"), "the text report still prints: " + run);
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(new StreamSource(getClass().getResourceAsStream("/junit-xml.xsd")))
            .newValidator().validate(new StreamSource(xml.toFile()));
        final Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        final Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        final NodeList failures = doc.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        assertTrue(failures.item(0).getTextContent().contains("NEVER_LEAVE"), failures.item(0)::getTextContent);
    }

    @Test
    void shouldRejectAReportTheJunitSchemaDoesNotAccept() throws IOException {
        // The schema check can fail: a case without a name is not JUnit XML.
        final Path xml = dir.resolve("bad.xml");
        Files.writeString(xml, "<testsuites><testsuite name=\"x\" tests=\"1\" failures=\"0\"><testcase classname=\"c\"/>"
            + "</testsuite></testsuites>");
        assertThrows(SAXException.class, () -> SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(new StreamSource(getClass().getResourceAsStream("/junit-xml.xsd")))
            .newValidator().validate(new StreamSource(xml.toFile())));
    }

    @Test
    void shouldReportReplayAsJson() throws IOException {
        final JsonNode doc = json(BatonCommand.OK, "replay", "--format", "json", journal.journal.toString());
        fields(doc, "journal", "records", "decisions", "policy_versions", "trust", "chain", "replay", "by_outcome",
            "ok");
        assertEquals(11, doc.get("decisions").asInt());
        fields(doc.get("trust"), "journal_key", "anchor", "checkpoints_verified", "checkpoints");
        assertEquals("not_checked", doc.get("trust").get("checkpoints").asText());
        fields(doc.get("chain"), "status", "kind", "problem", "clean_prefix", "stopped_cleanly");
        assertEquals("ok", doc.get("chain").get("status").asText());
        fields(doc.get("replay"), "reexecuted", "reproduced", "mismatches", "first_mismatches", "stopped_at", "elapsed_ns");
        assertEquals(11, doc.get("replay").get("reproduced").asInt());
        long counted = 0;
        for (final JsonNode row : doc.get("by_outcome")) {
            fields(row, "outcome", "reason", "rule", "count");
            counted += row.get("count").asLong();
        }
        assertEquals(11, counted);
        assertTrue(doc.get("ok").asBoolean());
    }

    @Test
    void shouldReportReplayPolicyMismatchAsJson() throws IOException {
        final JsonNode doc = json(BatonCommand.FAILED, "replay", "--format", "json", journal.journal.toString(),
            "--policy", POLICIES.resolve("minimal.yaml").toString());
        fields(doc.get("policy"), "expected", "in_force", "matches");
        assertFalse(doc.get("policy").get("matches").asBoolean());
        assertFalse(doc.get("ok").asBoolean());
    }

    @Test
    void shouldExplainADecisionAsJsonWithItsChain() throws IOException {
        final JsonNode doc = json(BatonCommand.OK, "explain", "--format", "json", journal.journal.toString(),
            "grant:" + journal.crm);
        fields(doc, "target", "decision", "grant", "chain", "reviews", "revoked_by", "created_by", "uses_total",
            "uses", "damage");
        assertEquals("grant", doc.get("target").get("kind").asText());
        assertEquals(journal.crm, doc.get("grant").asLong());
        assertEquals(2, doc.get("chain").size(), "the task's root grant, then the CRM reader's: " + doc);
        assertEquals(journal.crm, doc.get("chain").get(1).get("result").get("grant_id").asLong());
        assertEquals(journal.crm, doc.get("created_by").get("result").get("grant_id").asLong());

        final long decision = doc.get("created_by").get("journal_decision_id").asLong();
        final JsonNode one = json(BatonCommand.OK, "explain", "--format", "json", journal.journal.toString(),
            Long.toString(decision));
        fields(one, "target", "decision", "grant", "chain", "reviews", "revoked_by", "shadow", "damage");
        assertTrue(one.get("shadow").isNull(), "no candidate was attached in shadow mode");
        assertEquals("delegate", one.get("decision").get("op").asText());
        assertNotNull(one.get("decision").get("input").get("principal").asText());
    }

    @Test
    void shouldInspectAWarrantAsJsonWithItsMacCheck() throws IOException {
        final JsonNode doc = json(BatonCommand.OK, "inspect", "--format", "json", journal.warrantFile.toString(),
            "--key", journal.keyFile.toString(), "--journal", journal.journal.toString());
        fields(doc, "bytes", "format_version", "key_id", "grant_id", "parent_id", "root_id", "depth", "flags",
            "principal", "holder", "purpose", "scope", "chain", "chain_truncated", "issued_at", "expires_at", "ttl_ms",
            "expires_in_ms", "expired", "policy_version", "names_from_policy", "mac");
        assertEquals(journal.crm, doc.get("grant_id").asLong());
        fields(doc.get("holder"), "id", "name");
        assertEquals("spiffe://acme.example/agent/crm-reader", doc.get("holder").get("name").asText());
        fields(doc.get("scope"), "capabilities", "data", "by_name");
        assertTrue(doc.get("scope").get("by_name").asBoolean());
        fields(doc.get("mac"), "verified", "algorithm", "problem");
        assertTrue(doc.get("mac").get("verified").asBoolean());

        final byte[] altered = journal.crmWarrant.clone();
        altered[altered.length - 1] ^= 1;
        final JsonNode bad = json(BatonCommand.FAILED, "inspect", "--format", "json",
            Base64.getEncoder().encodeToString(altered), "--key", journal.keyFile.toString());
        assertFalse(bad.get("mac").get("verified").asBoolean());
        assertTrue(bad.get("holder").get("name").isNull(), "no journal, no names: " + bad);
    }

    @Test
    void shouldDecideOneRequestAsJson() throws IOException {
        final JsonNode doc = json(BatonCommand.FAILED, "decide", POLICIES.resolve("refund-dispute.yaml").toString(),
            "authorize", "--principal", "user:alice@acme.example", "--purpose", "refund-dispute", "--agent", PLANNER,
            "--to", "spiffe://acme.example/agent/crm-reader", "--tool", "crm.lookup:read", "--data", "customer_pii",
            "--format", "json");
        fields(doc, "operation", "decision", "deciding_step", "steps");
        fields(doc.get("decision"), "outcome", "allowed", "reason", "reason_text", "rule", "rule_source", "grant_id",
            "policy_version", "describe");
        assertEquals("DENY", doc.get("decision").get("outcome").asText());
        assertEquals("JUSTIFICATION_REQUIRED", doc.get("decision").get("reason").asText());
        assertEquals("tiers.sensitive", doc.get("decision").get("rule").asText());
        assertEquals(3, doc.get("deciding_step").asInt());
        assertEquals(3, doc.get("steps").size());
    }

    private Path mixedTests() throws IOException {
        final Path file = dir.resolve("mixed-tests.yaml");
        Files.writeString(file, String.join("\n",
            "policy: " + POLICIES.resolve("refund-dispute.yaml"),
            "cases:",
            "  - name: opens a dispute",
            "    steps:",
            "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,",
            "               agent: " + PLANNER + ", capabilities: [\"doc.summarize:summarize\"], data: [public]}",
            "        expect: ALLOW",
            "  - name: the partner may summarise <customer> records & more",
            "    steps:",
            "      - open: {as: task, principal: \"user:alice@acme.example\", purpose: refund-dispute,",
            "               agent: " + PLANNER + ", capabilities: [\"doc.summarize:summarize\"], data: [customer_pii]}",
            "        expect: ALLOW",
            "      - delegate: {from: task, to: spiffe://partner.example/mcp/summariser,",
            "                   capabilities: [\"doc.summarize:summarize\"], data: [customer_pii]}",
            "        expect: ALLOW",
            "  - name: not written yet",
            "    skip: true",
            "    steps:",
            "      - open: {principal: \"user:alice@acme.example\", purpose: refunds-v2, agent: " + PLANNER + "}",
            "        expect: ALLOW") + "\n");
        return file;
    }
}
