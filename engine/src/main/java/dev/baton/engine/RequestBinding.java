package dev.baton.engine;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.GrantRef;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.core.CompiledPolicy;
import dev.baton.core.DecisionCore;
import dev.baton.core.IdentityHandle;
import dev.baton.core.PolicyNames;
import dev.baton.core.ScopeBits;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fills a {@link Request} from the public API's typed arguments: identities to the engine's ids,
 * handles to the indices of the policy version in force (recorded, so the engine thread refuses the
 * request if a swap lands first), grant references to an id or presented warrant bytes.
 * <p>
 * <b>Note:</b> not thread-safe (one per session); allocation-free.
 */
final class RequestBinding {
    private final JournaledEngine engine;
    private final UnsafeBuffer presented = new UnsafeBuffer(new byte[0]);

    RequestBinding(final JournaledEngine engine) {
        this.engine = engine;
    }

    void open(final Request r, final CompiledPolicy p, final Principal principal, final Purpose purpose,
              final Agent agent, final Scope scope) {
        r.boundTo(p.versionId()).principal(id(principal)).purpose(PolicyNames.rebind(purpose, p))
            .child(id(agent), scope(scope));
    }

    void delegate(final Request r, final GrantRef parent, final Agent holder, final Agent delegatee,
                  final Scope scope) {
        grant(r, parent).presenter(id(holder)).child(id(delegatee), scope(scope));
    }

    void fanOut(final Request r, final GrantRef parent, final Agent holder, final Agent[] delegatees,
                final Scope[] scopes) {
        if (delegatees.length != scopes.length || delegatees.length == 0 || delegatees.length > r.maxChildren()) {
            throw new IllegalArgumentException("fan-out of " + delegatees.length + " delegatees and " + scopes.length
                + " scopes: give 1.." + r.maxChildren() + " of each, as many scopes as delegatees");
        }
        grant(r, parent).presenter(id(holder));
        for (int i = 0; i < delegatees.length; i++) {
            r.child(id(delegatees[i]), scope(scopes[i]));
        }
    }

    void authorize(final Request r, final CompiledPolicy p, final GrantRef grant, final Agent holder,
                   final Capability capability, final DataClass dataClass, final CharSequence justification,
                   final byte[] inputDigest) {
        if (dataClass == null) {
            throw new IllegalArgumentException("dataClass is null: pass DataClass.NONE for a call that touches no data");
        }
        final int data = dataClass == DataClass.NONE ? DecisionCore.NO_DATA_CLASS
            : Math.max(-1, PolicyNames.rebind(dataClass, p));
        grant(r, grant).boundTo(p.versionId()).presenter(id(holder))
            .call(PolicyNames.rebind(capability, p), data).text(justification);
        if (inputDigest != null) {
            r.inputDigest(inputDigest);
        }
    }

    void complete(final Request r, final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        byId(r, grant).presenter(id(holder));
        if (outputDigest != null) {
            r.outputDigest(outputDigest);
        }
    }

    void revoke(final Request r, final GrantRef grant, final Identity actor) {
        byId(r, grant).actor(id(actor));
    }

    void review(final Request r, final GrantRef pending, final Principal reviewer, final boolean approve) {
        byId(r, pending).principal(id(reviewer)).approve(approve);
    }

    private static Request byId(final Request r, final GrantRef grant) {
        if (grant == null || !grant.isSet()) {
            throw new IllegalArgumentException("the grant reference is " + (grant == null ? "null" : "empty"));
        }
        if (grant.isWarrant()) {
            throw new IllegalArgumentException(r.op() + " names its grant by id: use GrantRef.ofId");
        }
        return r.grant(grant.grantId());
    }

    void breakGlass(final Request r, final CompiledPolicy p, final Principal principal, final BreakGlassRule rule,
                    final Agent agent, final Purpose purpose, final Scope scope, final CharSequence reason,
                    final long ttlMillis) {
        r.boundTo(p.versionId()).principal(id(principal)).rule(PolicyNames.rebind(rule, p))
            .purpose(PolicyNames.rebind(purpose, p)).child(id(agent), scope(scope)).text(reason).ttl(ttlMillis);
    }

    private Request grant(final Request r, final GrantRef ref) {
        if (ref == null || !ref.isSet()) {
            throw new IllegalArgumentException("the grant reference is " + (ref == null ? "null" : "empty"));
        }
        if (ref.isWarrant()) {
            presented.wrap(ref.warrantBytes(), 0, ref.warrantLength());
            return r.warrant(presented, 0, ref.warrantLength()); // copied by the submission
        }
        return r.grant(ref.grantId());
    }

    private int id(final Identity identity) {
        return IdentityHandle.idOf(identity, engine);
    }

    private static ScopeBits scope(final Scope scope) {
        if (!(scope instanceof ScopeBits)) {
            throw new IllegalArgumentException(scope == null ? "scope is null"
                : "not a scope built by Policy.scope(): " + scope.getClass().getName());
        }
        return (ScopeBits) scope;
    }
}
