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
 * Fills one {@link Request} from the public API's typed arguments: identities to the engine's ids,
 * handles to the indices of the policy version in force when the call binds them (recorded, so the
 * engine thread refuses the request if a swap lands first), grant references to an id or presented
 * warrant bytes.
 * <p>
 * <b>Note:</b> not thread-safe (one per session, or per call); allocation-free.
 */
final class RequestBinding {
    private final JournaledEngine engine;
    private final Request request;
    private final UnsafeBuffer presented = new UnsafeBuffer(new byte[0]);

    /**
     * @param engine  whose identities and policy the arguments are bound to.
     * @param request the request every call fills (reset it first).
     */
    RequestBinding(final JournaledEngine engine, final Request request) {
        this.engine = engine;
        this.request = request;
    }

    void open(final Principal principal, final Purpose purpose, final Agent agent, final Scope scope) {
        final CompiledPolicy p = engine.compiledPolicy();
        request.boundTo(p.versionId()).principal(id(principal)).purpose(PolicyNames.rebind(purpose, p))
            .child(id(agent), scope(scope));
    }

    void delegate(final GrantRef parent, final Agent holder, final Agent delegatee, final Scope scope) {
        grant(parent).presenter(id(holder)).child(id(delegatee), scope(scope));
    }

    void fanOut(final GrantRef parent, final Agent holder, final Agent[] delegatees, final Scope[] scopes) {
        final int n = delegatees.length;
        if (n != scopes.length || n == 0 || n > request.maxChildren()) {
            throw new IllegalArgumentException("fan-out of " + n + " delegatees and " + scopes.length
                + " scopes: give 1.." + request.maxChildren() + " of each, as many scopes as delegatees");
        }
        grant(parent).presenter(id(holder));
        for (int i = 0; i < delegatees.length; i++) {
            request.child(id(delegatees[i]), scope(scopes[i]));
        }
    }

    void authorize(final GrantRef grant, final Agent holder, final Capability capability, final DataClass dataClass,
                   final CharSequence justification, final byte[] inputDigest, final dev.baton.ToolArguments args) {
        final CompiledPolicy p = engine.compiledPolicy();
        if (dataClass == null) {
            throw new IllegalArgumentException("dataClass is null: pass DataClass.NONE for a call that touches no data");
        }
        final int data = dataClass == DataClass.NONE ? DecisionCore.NO_DATA_CLASS
            : Math.max(-1, PolicyNames.rebind(dataClass, p));
        grant(grant).boundTo(p.versionId()).presenter(id(holder))
            .call(PolicyNames.rebind(capability, p), data).text(justification).arguments(args);
        if (inputDigest != null) {
            request.inputDigest(inputDigest);
        }
    }

    void complete(final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        byId(grant).presenter(id(holder));
        if (outputDigest != null) {
            request.outputDigest(outputDigest);
        }
    }

    void revoke(final GrantRef grant, final Identity actor) {
        byId(grant).actor(id(actor));
    }

    void review(final GrantRef pending, final Principal reviewer, final boolean approve) {
        byId(pending).principal(id(reviewer)).approve(approve);
    }

    private Request byId(final GrantRef grant) {
        if (grant == null || !grant.isSet()) {
            throw new IllegalArgumentException("the grant reference is " + (grant == null ? "null" : "empty"));
        }
        if (grant.isWarrant()) {
            throw new IllegalArgumentException(request.op() + " names its grant by id: use GrantRef.ofId");
        }
        return request.grant(grant.grantId());
    }

    void breakGlass(final Principal principal, final BreakGlassRule rule, final Agent agent, final Purpose purpose,
                    final Scope scope, final CharSequence reason, final long ttlMillis) {
        final CompiledPolicy p = engine.compiledPolicy();
        request.boundTo(p.versionId()).principal(id(principal)).rule(PolicyNames.rebind(rule, p))
            .purpose(PolicyNames.rebind(purpose, p)).child(id(agent), scope(scope)).text(reason).ttl(ttlMillis);
    }

    private Request grant(final GrantRef ref) {
        if (ref == null || !ref.isSet()) {
            throw new IllegalArgumentException("the grant reference is " + (ref == null ? "null" : "empty"));
        }
        if (ref.isWarrant()) {
            presented.wrap(ref.warrantBytes(), 0, ref.warrantLength());
            if (ref.hasProof()) {
                request.proof(ref.proofBytes(), 0, ref.callDigest()); // copied now
            }
            return request.warrant(presented, 0, ref.warrantLength()); // copied by the submission
        }
        return request.grant(ref.grantId());
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
