package dev.baton.bench.peers;

import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

import java.util.ArrayList;
import java.util.List;

/**
 * jCasbin on {@code /peers/refund-dispute.casbin.conf}: one {@code enforce} per hop and one for the call.
 * The relations (ceilings, edges, depths, rule membership) are grouping rows built from
 * {@link PeerScenario}. jCasbin keeps no grants: the chain's depth and the task ride in each request.
 * <p>
 * <b>Note:</b> not thread-safe (one enforcer per adapter).
 */
public final class CasbinPeer implements PeerAdapter {
    private static final String TASK = "task:t1";
    private static final String PURPOSE = "purpose:" + PeerScenario.PURPOSE;

    private final Enforcer enforcer;

    /** Loads the model and adds the policy and grouping rows. */
    public CasbinPeer() {
        final Model model = Model.newModelFromString(PeerResources.text("refund-dispute.casbin.conf"));
        this.enforcer = new Enforcer(model);
        enforcer.enableAutoBuildRoleLinks(false);
        enforcer.addPolicy("delegate");
        enforcer.addPolicy("call");
        for (final PeerScenario.Agent a : PeerScenario.AGENTS.values()) {
            holds(a.name(), a.capabilities(), a.data());
            for (final String to : a.delegatesTo()) {
                enforcer.addNamedGroupingPolicy("g", a.name(), "to:" + to);
            }
            for (int d = 1; d <= a.maxDepth(); d++) {
                enforcer.addNamedGroupingPolicy("g4", a.name(), "depth:" + d);
            }
        }
        holds(PURPOSE, PeerScenario.PURPOSE_CAPABILITIES, PeerScenario.PURPOSE_DATA);
        holds(TASK, PeerScenario.TASK_CAPABILITIES, PeerScenario.TASK_DATA);
        holds(PeerScenario.PARTNER, PeerScenario.EXTERNAL_CAPABILITIES, PeerScenario.EXTERNAL_DATA);
        rule(PeerScenario.NON_TRANSITIVE, "non_transitive");
        rule(PeerScenario.NEVER_LEAVE, "never_leave");
        rule(PeerScenario.REVIEW_ALWAYS, "review:always");
        rule(PeerScenario.REVIEW_DELEGATED, "review:delegated");
        rule(PeerScenario.REVIEW_EXTERNAL_DATA, "review:external");
        enforcer.buildRoleLinks();
    }

    private void holds(final String subject, final List<String> capabilities, final List<String> data) {
        for (final String c : capabilities) {
            enforcer.addNamedGroupingPolicy("g2", subject, c);
        }
        for (final String d : data) {
            enforcer.addNamedGroupingPolicy("g3", subject, d);
        }
    }

    private void rule(final List<String> members, final String rule) {
        for (final String m : members) {
            enforcer.addNamedGroupingPolicy("g5", m, rule);
        }
    }

    @Override
    public String name() {
        return "jCasbin";
    }

    @Override
    public boolean allowed(final DelegationCase c) throws Exception {
        return prepare(c).run();
    }

    @Override
    public Prepared prepare(final DelegationCase c) {
        final List<Object[]> requests = new ArrayList<>();
        for (int i = 1; i < c.chain().size(); i++) {
            final String target = c.chain().get(i);
            requests.add(new Object[] {"delegate", c.chain().get(i - 1), target, PeerScenario.domain(target),
                c.capability(), c.data(), i, TASK, PURPOSE, PeerScenario.HOME});
        }
        requests.add(new Object[] {"call", c.caller(), c.caller(), PeerScenario.domain(c.caller()),
            c.capability(), c.data(), 0, TASK, PURPOSE, PeerScenario.HOME});
        final Object[][] all = requests.toArray(new Object[0][]);
        return () -> {
            for (final Object[] r : all) {
                if (!enforcer.enforce(r)) {
                    return false;
                }
            }
            return true;
        };
    }
}
