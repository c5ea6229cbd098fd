package dev.baton.adapter.bench;

import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.DelegationEngine;
import dev.baton.GrantRef;
import dev.baton.Policy;
import dev.baton.Scope;
import dev.baton.adapter.EngineToolAuthorizer;
import dev.baton.adapter.PresentedWarrant;
import dev.baton.adapter.RefusalMode;
import dev.baton.adapter.ToolBinding;
import dev.baton.adapter.ToolCall;
import dev.baton.adapter.ToolMapping;
import dev.baton.adapter.ToolVerdict;
import dev.baton.adapter.langchain4j.BatonToolExecutor;
import dev.baton.adapter.mcp.McpToolGuard;
import dev.baton.adapter.mcp.McpWarrantMeta;
import dev.baton.adapter.springai.BatonToolCallback;
import dev.baton.adapter.springai.BatonToolContext;
import dev.baton.codec.KeyRing;
import dev.baton.core.ManualClock;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Each adapter's cost per tool call: the same trivial handler called bare and through the adapter, on an
 * in-memory engine with signed warrants (every guarded call verifies the warrant's MAC and checks the grant).
 * {@code authorizerOnly} is the engine decision without any framework. Run from the repository root:
 * <pre>java -jar adapters/bench/target/adapter-benchmarks.jar AdapterOverhead -prof gc</pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class AdapterOverheadBenchmark {
    static final String PLANNER = "spiffe://acme.example/agent/planner";
    static final String CRM_READER = "spiffe://acme.example/agent/crm-reader";
    static final String ARGS = "{\"customer_id\":\"c-1\",\"reason\":\"dispute #4411\"}";

    private DelegationEngine engine;
    private EngineToolAuthorizer authorizer;
    private ToolCall call;

    private BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> mcpBare;
    private BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> mcpGuarded;
    private CallToolRequest mcpRequest;

    private ToolExecutor lc4jBare;
    private ToolExecutor lc4jGuarded;
    private ToolExecutionRequest lc4jRequest;

    private ToolCallback springBare;
    private ToolCallback springGuarded;
    private ToolContext springContext;

    @Setup
    public void setUp() throws Exception {
        final Policy policy = Policy.load(Path.of(System.getProperty("baton.policy", "src/policies/refund-dispute.yaml")));
        engine = DelegationEngine.inMemory(policy, new ManualClock(1_800_000_000_000L),
            new KeyRing(0, 1, Arrays.copyOf("adapter-benchmark-secret".getBytes(StandardCharsets.UTF_8), 32)));
        final PresentedWarrant warrant = crmReaderWarrant(policy);
        authorizer = new EngineToolAuthorizer(engine, ToolMapping.builder().tool("lookup_customer",
            ToolBinding.capability("crm.lookup", "read").data("customer_pii").justifiedBy("reason")).build());
        call = ToolCall.of("lookup_customer", Map.of("customer_id", "c-1", "reason", "dispute #4411"), warrant);
        if (!authorizer.authorize(call).allowed()) {
            throw new IllegalStateException("the benchmark's call must be allowed: " + authorizer.authorize(call));
        }
        final CallToolResult ok = CallToolResult.builder().addTextContent("customer c-1 found").build();
        mcpBare = (exchange, request) -> ok;
        mcpGuarded = new McpToolGuard(authorizer).guard(new SyncToolSpecification(
            McpSchema.Tool.builder("lookup_customer", Map.<String, Object>of("type", "object")).build(), mcpBare)).callHandler();
        mcpRequest = CallToolRequest.builder("lookup_customer").arguments(Map.of("customer_id", "c-1", "reason", "dispute #4411"))
            .meta(McpWarrantMeta.write(null, warrant)).build();
        final ToolExecutionResult lc4jOk = ToolExecutionResult.builder().resultText("customer c-1 found").build();
        lc4jBare = new ToolExecutor() {
            @Override
            public String execute(final ToolExecutionRequest request, final Object memoryId) {
                return "customer c-1 found";
            }

            @Override
            public ToolExecutionResult executeWithContext(final ToolExecutionRequest request,
                                                          final dev.langchain4j.invocation.InvocationContext context) {
                return lc4jOk;
            }
        };
        lc4jGuarded = new BatonToolExecutor(lc4jBare, authorizer, () -> warrant, RefusalMode.TELL_MODEL);
        lc4jRequest = ToolExecutionRequest.builder().id("1").name("lookup_customer").arguments(ARGS).build();
        springBare = new FixedToolCallback();
        springGuarded = new BatonToolCallback(springBare, authorizer, RefusalMode.TELL_MODEL);
        springContext = new ToolContext(BatonToolContext.of(warrant));
    }

    private PresentedWarrant crmReaderWarrant(final Policy policy) {
        final Scope scope = policy.scope().capability("crm.lookup", "read").data("customer_pii").build();
        try (DecisionSession s = engine.session()) {
            final Decision root = s.open(engine.principal("user:alice@acme.example"), policy.purpose("refund-dispute"),
                engine.agent(PLANNER), scope);
            final GrantRef parent = GrantRef.of(root);
            return PresentedWarrant.of(CRM_READER, s.delegate(parent, engine.agent(PLANNER), engine.agent(CRM_READER), scope));
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public ToolVerdict authorizerOnly() {
        return authorizer.authorize(call);
    }

    @Benchmark
    public CallToolResult mcpBare() {
        return mcpBare.apply(null, mcpRequest);
    }

    @Benchmark
    public CallToolResult mcpGuarded() {
        return mcpGuarded.apply(null, mcpRequest);
    }

    @Benchmark
    public ToolExecutionResult langchain4jBare() {
        return lc4jBare.executeWithContext(lc4jRequest, null);
    }

    @Benchmark
    public ToolExecutionResult langchain4jGuarded() {
        return lc4jGuarded.executeWithContext(lc4jRequest, null);
    }

    @Benchmark
    public String springAiBare() {
        return springBare.call(ARGS, springContext);
    }

    @Benchmark
    public String springAiGuarded() {
        return springGuarded.call(ARGS, springContext);
    }

    /** A tool that answers at once: the bare call's cost is the framework interface, nothing else. */
    static final class FixedToolCallback implements ToolCallback {
        private final ToolDefinition definition = ToolDefinition.builder().name("lookup_customer")
            .description("looks a customer up").inputSchema("{\"type\":\"object\"}").build();

        @Override
        public ToolDefinition getToolDefinition() {
            return definition;
        }

        @Override
        public String call(final String toolInput) {
            return "customer c-1 found";
        }

        @Override
        public String call(final String toolInput, final ToolContext toolContext) {
            return "customer c-1 found";
        }
    }
}
