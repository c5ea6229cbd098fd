package dev.baton.examples.refund;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.langchain4j.AgentMapping;
import dev.baton.adapter.langchain4j.BatonAgentic;
import dev.baton.adapter.langchain4j.BatonPlanner;
import dev.baton.adapter.langchain4j.CurrentWarrant;
import dev.baton.adapter.langchain4j.WarrantBinder;
import dev.baton.adapter.mcp.LinkedMcpTransports;
import dev.baton.adapter.mcp.McpWarrantClient;
import dev.baton.codec.KeyRing;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.FsyncMode;
import dev.baton.engine.JournaledEngine;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.agentic.internal.AbstractServiceBuilder;
import dev.langchain4j.agentic.scope.ResultWithAgenticScope;
import dev.langchain4j.agentic.workflow.impl.ParallelPlanner;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The refund-dispute story end to end, with scripted models and no network: alice opens a task for the
 * planner; a LangChain4j planner fans out to three sub-agents (one Baton fan-out); their tools live on an MCP
 * server in another trust domain, which checks each call's warrant; the CRM reader reads a customer note with a
 * prompt injection and asks to mail card details out, and is refused; alice closes the task and a late call is
 * refused; the journal then explains every tool call from alice onwards.
 *
 * <pre>./mvnw -B -Pexample -DskipTests -pl examples/refund-agents -am verify</pre>
 */
public final class RefundAgentsExample {
    static final String ALICE = "user:alice@acme.example";
    static final String PLANNER = "spiffe://acme.example/agent/planner";
    static final String CRM_READER = "spiffe://acme.example/agent/crm-reader";
    static final String PAYMENTS = "spiffe://acme.example/agent/payments";
    static final String SUMMARISER = "spiffe://partner.example/mcp/summariser";
    static final List<String> TOOLS = List.of("lookup_customer", "read_ledger", "summarize_doc", "send_mail");

    /** What the run did, for the example's test. */
    record Result(Map<String, Integer> toolRuns, String injectedReply, String lateReply, int explained) {
    }

    private final PrintStream out;
    private final PartnerToolServer partner = new PartnerToolServer();
    private final Map<String, PresentedWarrant> lastPresented = new ConcurrentHashMap<>();

    private RefundAgentsExample(final PrintStream out) {
        this.out = out;
    }

    public static void main(final String[] args) throws Exception {
        final Path journal = Path.of(args.length > 0 ? args[0] : "target/refund-agents-journal");
        run(journal, System.out);
    }

    static Result run(final Path journal, final PrintStream out) throws Exception {
        deleteJournal(journal);
        final Path repo = Path.of(System.getProperty("baton.repo.root", "."));
        final Policy policy = Policy.load(repo.resolve("src/policies/refund-dispute.yaml"));
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final RefundAgentsExample example = new RefundAgentsExample(out);
        final String[] replies;
        try (DelegationEngine engine = JournaledEngine.start(EngineConfig.of(policy, journal)
            .fsync(FsyncMode.BATCH, 0).keys(new KeyRing(0, 1, secret)))) {
            replies = example.story(engine, policy);
        }
        out.println();
        out.println("== baton explain, for every tool call (./baton explain " + journal + " decision:N) ==");
        final int explained = JournalExplainer.explainToolCalls(journal, out);
        final Map<String, Integer> runs = new TreeMap<>();
        TOOLS.forEach(t -> runs.put(t, example.partner.runs(t)));
        out.println();
        out.println("tool runs on the partner's server: " + runs);
        return new Result(runs, replies[0], replies[1], explained);
    }

    private String[] story(final DelegationEngine engine, final Policy policy) {
        final Scope task = policy.scope().capability("crm.lookup", "read").capability("ledger.read", "read")
            .capability("doc.summarize", "summarize").data("customer_pii").data("financial").data("public").build();
        final Decision root;
        try (DecisionSession session = engine.session()) {
            root = session.open(engine.principal(ALICE), policy.purpose("refund-dispute"), engine.agent(PLANNER), task)
                .copy();
        }
        out.println("alice opens the task:          " + root.describe());
        try (LinkedMcpTransports link = new LinkedMcpTransports(McpJsonDefaults.getMapper())) {
            final McpSyncServer server = partner.start(link.serverProvider(),
                new EngineToolAuthorizer(engine, PartnerToolServer.MAPPING));
            final McpSyncClient client = McpClient.sync(link.clientTransport()).requestTimeout(Duration.ofSeconds(20)).build();
            try {
                client.initialize();
                final McpWarrantClient tools = new McpWarrantClient(client, this::presentAndRemember);
                final String injected = plan(engine, policy, root, tools);
                final String late = closeThenCallLate(engine, root, client);
                return new String[] {injected, late};
            } finally {
                client.closeGracefully();
                server.close();
            }
        }
    }

    /** Presents the calling sub-agent's warrant, and remembers it as a queued sub-task would still hold it. */
    private PresentedWarrant presentAndRemember() {
        final PresentedWarrant current = CurrentWarrant.get();
        if (current != null) {
            lastPresented.put(current.holder(), current);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private String plan(final DelegationEngine engine, final Policy policy, final Decision root, final McpWarrantClient tools) {
        final AgentMapping agents = AgentMapping.builder()
            .agent("crmReader", CRM_READER, policy.scope().capability("crm.lookup", "read").data("customer_pii").build())
            .agent("payments", PAYMENTS, policy.scope().capability("ledger.read", "read").data("financial").build())
            .agent("summariser", SUMMARISER, policy.scope().capability("doc.summarize", "summarize").data("public").build())
            .build();
        final var builder = AgenticServices.parallelBuilder().subAgents(
                subAgent("crmReader", tools, Scripts.crmReader()),
                subAgent("payments", tools, Scripts.payments()),
                subAgent("summariser", tools, Scripts.summariser()))
            .beforeCall(BatonAgentic.presentParent(() -> PresentedWarrant.of(PLANNER, root)))
            .listener(new WarrantBinder());
        final UntypedAgent planner = ((AbstractServiceBuilder<UntypedAgent, ?>) builder)
            .build(() -> new BatonPlanner(new ParallelPlanner(), engine, agents, BatonAgentic::parentOf));
        final ResultWithAgenticScope<String> result = planner.invokeWithAgenticScope(Map.of("request", "dispute #4411"));
        out.println("the planner fans out to three sub-agents (one Baton fan-out); their answers:");
        for (final String name : List.of("crmReader", "payments", "summariser")) {
            out.println("  " + name + ": " + result.agenticScope().readState(name));
        }
        return String.valueOf(result.agenticScope().readState("crmReader"));
    }

    private Object subAgent(final String name, final McpWarrantClient tools, final ScriptedModel model) {
        return AgenticServices.agentBuilder(SubAgent.class).name(name).outputKey(name).chatModel(model)
            .tools(McpToolExecutor.tools(tools, TOOLS)).build();
    }

    private String closeThenCallLate(final DelegationEngine engine, final Decision root, final McpSyncClient client) {
        try (DecisionSession session = engine.session()) {
            final Decision closed = session.close(GrantRef.ofId(root.grantId()), engine.principal(ALICE));
            out.println("alice closes the task:         " + closed.describe());
        }
        final PresentedWarrant stale = lastPresented.get(PAYMENTS);
        final CallToolResult late = new McpWarrantClient(client, () -> stale)
            .callTool("read_ledger", Map.of("account", "C-1042", "reason", "retry after the task closed"));
        final String text = ((TextContent) late.content().get(0)).text();
        out.println("a queued payments call, late:  " + text);
        return text;
    }

    private static void deleteJournal(final Path journal) throws IOException {
        if (!Files.exists(journal)) {
            return;
        }
        try (Stream<Path> files = Files.walk(journal)) {
            for (final Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
