package dev.baton.bench.peers;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cedar (cedar-java, native library through JNI) on {@code /peers/refund-dispute.cedar}: one
 * {@code isAuthorized} per hop and one for the call, with a cached policy set. Cedar keeps no grants: the
 * chain's depth and the task ride in each request's context (see the policy file's header).
 * <p>
 * <b>Note:</b> not thread-safe; every call serialises the request and the entities to the native side.
 */
public final class CedarPeer implements PeerAdapter {
    private static final EntityTypeName AGENT = type("Agent");
    private static final EntityTypeName ACTION = type("Action");
    private static final EntityTypeName TOOL = type("Tool");
    private static final EntityUID DELEGATE = ACTION.of("delegate");
    private static final EntityUID CALL = ACTION.of("call");
    private static final EntityUID TASK = type("Task").of("t1");

    private final BasicAuthorizationEngine engine = new BasicAuthorizationEngine();
    private final PolicySet policies;
    private final Set<Entity> entities = new HashSet<>();

    /** Parses and caches the policy set, and builds the entities from {@link PeerScenario}. */
    public CedarPeer() throws Exception {
        this.policies = PolicySet.parsePolicies(PeerResources.text("refund-dispute.cedar"));
        policies.cache();
        final EntityTypeName domain = type("Domain");
        final EntityUID purpose = type("Purpose").of(PeerScenario.PURPOSE);
        for (final PeerScenario.Agent a : PeerScenario.AGENTS.values()) {
            final Map<String, Value> attrs = new HashMap<>();
            attrs.put("capabilities", strings(a.capabilities()));
            attrs.put("data", strings(a.data()));
            final List<Value> to = new ArrayList<>();
            for (final String d : a.delegatesTo()) {
                to.add(AGENT.of(d));
            }
            attrs.put("delegatesTo", new CedarList(to));
            attrs.put("maxDepth", new PrimLong(a.maxDepth()));
            attrs.put("domain", domain.of(a.domain()));
            entities.add(new Entity(AGENT.of(a.name()), attrs, Set.of()));
        }
        entities.add(new Entity(purpose, Map.of("capabilities", strings(PeerScenario.PURPOSE_CAPABILITIES),
            "data", strings(PeerScenario.PURPOSE_DATA)), Set.of()));
        entities.add(new Entity(domain.of(PeerScenario.HOME), Map.of(), Set.of()));
        entities.add(new Entity(domain.of(PeerScenario.PARTNER), Map.of(
            "externalCapabilities", strings(PeerScenario.EXTERNAL_CAPABILITIES),
            "externalData", strings(PeerScenario.EXTERNAL_DATA)), Set.of()));
        entities.add(new Entity(TASK, Map.of("capabilities", strings(PeerScenario.TASK_CAPABILITIES),
            "data", strings(PeerScenario.TASK_DATA), "purpose", purpose,
            "domain", domain.of(PeerScenario.HOME)), Set.of()));
    }

    @Override
    public String name() {
        return "Cedar";
    }

    @Override
    public boolean allowed(final DelegationCase c) throws Exception {
        return prepare(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        final List<AuthorizationRequest> requests = new ArrayList<>();
        for (int i = 1; i < c.chain().size(); i++) {
            final Map<String, Value> context = context(c);
            context.put("depth", new PrimLong(i));
            requests.add(new AuthorizationRequest(AGENT.of(c.chain().get(i - 1)), DELEGATE,
                AGENT.of(c.chain().get(i)), context));
        }
        final Map<String, Value> context = context(c);
        context.put("justified", new PrimBool(true));
        requests.add(new AuthorizationRequest(AGENT.of(c.caller()), CALL, TOOL.of(c.capability()), context));
        final AuthorizationRequest[] all = requests.toArray(new AuthorizationRequest[0]);
        return () -> {
            for (final AuthorizationRequest r : all) {
                if (!allowed(engine.isAuthorized(r, policies, entities))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean allowed(final AuthorizationResponse response) {
        if (response.success.isEmpty()) {
            throw new IllegalStateException("cedar failed: " + response.errors);
        }
        return response.success.get().isAllowed();
    }

    private static Map<String, Value> context(final DelegationCase c) {
        final Map<String, Value> context = new HashMap<>();
        context.put("capability", new PrimString(c.capability()));
        context.put("data", new PrimString(c.data()));
        context.put("task", TASK);
        return context;
    }

    private static CedarList strings(final List<String> values) {
        final List<Value> list = new ArrayList<>();
        for (final String v : values) {
            list.add(new PrimString(v));
        }
        return new CedarList(list);
    }

    private static EntityTypeName type(final String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }
}
