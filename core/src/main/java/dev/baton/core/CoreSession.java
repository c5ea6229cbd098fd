package dev.baton.core;

import dev.baton.Agent;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Decision;
import dev.baton.DecisionSession;
import dev.baton.FanOut;
import dev.baton.GrantRef;
import dev.baton.Identity;
import dev.baton.Principal;
import dev.baton.Purpose;
import dev.baton.Reason;
import dev.baton.Scope;
import dev.baton.ToolArguments;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link DecisionSession} of an {@link InMemoryEngine}: binds the typed arguments to the core's ids
 * under the engine's lock and calls the {@link DecisionCore} on the caller's thread.
 * <p>
 * <b>Note:</b> not thread-safe (one per thread); allocation-free per call once its buffers have grown
 * to the largest fan-out seen.
 */
final class CoreSession implements DecisionSession {
    private final InMemoryEngine engine;
    private final DecisionCore core;
    private final DecisionView view;
    // Agrona's buffers need a JVM option (jdk.internal.misc): made only once warrants are used.
    private UnsafeBuffer in;
    private UnsafeBuffer out;
    private FanOutView fan = new FanOutView(new DecisionView[0]);
    private DecisionSlot[] slots = new DecisionSlot[0];
    private int[] delegateeIds = new int[0];
    private ScopeBits[] scopeBits = new ScopeBits[0];
    private boolean closed;

    CoreSession(final InMemoryEngine engine) {
        this.engine = engine;
        this.core = engine.core;
        this.view = new DecisionView(new DecisionSlot(), 0);
    }

    @Override
    public Decision open(final Principal principal, final Purpose purpose, final Agent agent, final Scope scope) {
        final int p = id(principal);
        final int a = id(agent);
        final ScopeBits s = scope(scope);
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            final DecisionSlot d = view.slot();
            if (!sameLayout(s, policy, d)) {
                return view.decided(policy, 0);
            }
            final int purposeIndex = PolicyNames.rebind(purpose, policy);
            reserveWarrant(view);
            return view.decided(policy, issued(core.open(p, purposeIndex, a, s, d), view));
        }
    }

    @Override
    public Decision delegate(final GrantRef parent, final Agent holder, final Agent delegatee, final Scope scope) {
        requireSet(parent);
        final int h = id(holder);
        final int c = id(delegatee);
        final ScopeBits s = scope(scope);
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            final DecisionSlot d = view.slot();
            if (!sameLayout(s, policy, d)) {
                return view.decided(policy, 0);
            }
            reserveWarrant(view);
            final long parentId = grantOf(parent, h, d);
            if (parentId == 0) {
                return view.decided(policy, 0);
            }
            return view.decided(policy, issued(core.delegate(parentId, h, c, s, d), view));
        }
    }

    @Override
    public FanOut fanOut(final GrantRef parent, final Agent holder, final Agent[] delegatees, final Scope[] scopes) {
        requireSet(parent);
        final int n = delegatees.length;
        if (n != scopes.length || n == 0 || n > engine.maxFanOut()) {
            throw new IllegalArgumentException("fan-out of " + n + " delegatees and " + scopes.length
                + " scopes: give 1.." + engine.maxFanOut() + " of each, as many scopes as delegatees");
        }
        final int h = id(holder);
        ensureFanOut(n);
        for (int i = 0; i < n; i++) {
            delegateeIds[i] = id(delegatees[i]);
            scopeBits[i] = scope(scopes[i]);
        }
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            for (int i = 0; i < n; i++) {
                if (scopeBits[i].policy().layoutId() != policy.layoutId()) {
                    for (int k = 0; k < n; k++) {
                        DecisionSlot.deny(slots[k], core.time.now(), policy.versionId(), Reason.SCOPE_LAYOUT_CHANGED);
                        fan.view(k).decided(policy, 0);
                    }
                    return fan.size(n);
                }
            }
            for (int i = 0; i < n; i++) {
                reserveWarrant(fan.view(i));
            }
            final long parentId = grantOf(parent, h, slots[0]);
            if (parentId == 0) { // a refused warrant refuses every child
                for (int i = 0; i < n; i++) {
                    slots[i].copyFrom(slots[0]);
                    fan.view(i).decided(policy, 0);
                }
                return fan.size(n);
            }
            core.fanOut(parentId, h, n, delegateeIds, scopeBits, slots);
            for (int i = 0; i < n; i++) {
                fan.view(i).decided(policy, issued(slots[i], fan.view(i)));
            }
            return fan.size(n);
        }
    }

    @Override
    public Decision authorize(final GrantRef grant, final Agent holder, final Capability capability,
                              final DataClass dataClass, final CharSequence justification, final byte[] inputDigest) {
        return authorize(grant, holder, capability, dataClass, justification, inputDigest, null);
    }

    @Override
    public Decision authorize(final GrantRef grant, final Agent holder, final Capability capability,
                              final DataClass dataClass, final CharSequence justification, final byte[] inputDigest,
                              final ToolArguments arguments) {
        requireSet(grant);
        final int h = id(holder);
        if (dataClass == null) {
            throw new IllegalArgumentException("dataClass is null: pass DataClass.NONE for a call that touches no data");
        }
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            final int c = PolicyNames.rebind(capability, policy);
            final int data = dataClass == DataClass.NONE ? DecisionCore.NO_DATA_CLASS
                : Math.max(-1, PolicyNames.rebind(dataClass, policy));
            final DecisionSlot d = view.slot();
            final long grantId = grantOf(grant, h, d);
            if (grantId != 0) {
                core.authorize(grantId, h, c, data, justification, arguments, d);
            }
            return view.decided(policy, 0);
        }
    }

    @Override
    public Decision complete(final GrantRef grant, final Agent holder, final byte[] outputDigest) {
        final int h = id(holder);
        synchronized (engine.lock) {
            core.complete(grantId(grant), h, view.slot());
            return view.decided(core.policy(), 0);
        }
    }

    @Override
    public Decision revoke(final GrantRef grant, final Identity actor) {
        final int a = id(actor);
        synchronized (engine.lock) {
            core.revoke(grantId(grant), a, view.slot());
            return view.decided(core.policy(), 0);
        }
    }

    @Override
    public Decision close(final GrantRef root, final Identity actor) {
        final int a = id(actor);
        synchronized (engine.lock) {
            core.close(grantId(root), a, view.slot());
            return view.decided(core.policy(), 0);
        }
    }

    @Override
    public Decision review(final GrantRef pending, final Principal reviewer, final boolean approve) {
        final int r = id(reviewer);
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            reserveWarrant(view);
            return view.decided(policy, issued(core.review(grantId(pending), r, approve, view.slot()), view));
        }
    }

    @Override
    public Decision breakGlass(final Principal principal, final BreakGlassRule rule, final Agent agent,
                               final Purpose purpose, final Scope scope, final CharSequence reason,
                               final long ttlMillis) {
        final int p = id(principal);
        final int a = id(agent);
        final ScopeBits s = scope(scope);
        synchronized (engine.lock) {
            final CompiledPolicy policy = core.policy();
            final DecisionSlot d = view.slot();
            if (!sameLayout(s, policy, d)) {
                return view.decided(policy, 0);
            }
            final int g = PolicyNames.rebind(rule, policy);
            final int u = PolicyNames.rebind(purpose, policy);
            reserveWarrant(view);
            core.breakGlass().principal(p).rule(g).agent(a).purpose(u).scope(s).reason(reason).ttlMillis(ttlMillis)
                .decide(d);
            return view.decided(policy, issued(d, view));
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    // ------------------------------------------------------------------------------------ binding

    private int id(final Identity identity) {
        if (closed) {
            throw new IllegalStateException("this session is closed");
        }
        return IdentityHandle.idOf(identity, engine);
    }

    private static ScopeBits scope(final Scope scope) {
        if (!(scope instanceof ScopeBits)) {
            throw new IllegalArgumentException(scope == null ? "scope is null"
                : "not a scope built by Policy.scope(): " + scope.getClass().getName());
        }
        return (ScopeBits) scope;
    }

    private static void requireSet(final GrantRef ref) {
        if (ref == null || !ref.isSet()) {
            throw new IllegalArgumentException("the grant reference is " + (ref == null ? "null" : "empty"));
        }
    }

    /** Operations that take no warrant (complete, revoke, close, review) name their grant by id. */
    private static long grantId(final GrantRef ref) {
        requireSet(ref);
        if (ref.isWarrant()) {
            throw new IllegalArgumentException("this operation names its grant by id: use GrantRef.ofId");
        }
        return ref.grantId();
    }

    private boolean sameLayout(final ScopeBits s, final CompiledPolicy policy, final DecisionSlot d) {
        if (s.policy().layoutId() == policy.layoutId()) {
            return true;
        }
        DecisionSlot.deny(d, core.time.now(), policy.versionId(), Reason.SCOPE_LAYOUT_CHANGED);
        return false;
    }

    /**
     * On an engine with keys, grows the view's warrant buffer to a warrant's most bytes under the current
     * policy: before deciding, so that no grant is created whose warrant cannot be written.
     */
    private void reserveWarrant(final DecisionView v) {
        if (engine.warrants) {
            v.warrantCapacity(core.maxWarrantLength());
        }
    }

    /**
     * The grant a reference names: its id, or the id its presented warrant names once verified.
     *
     * @return the grant id, or 0 when the warrant is refused ({@code d} then holds the DENY).
     */
    private long grantOf(final GrantRef ref, final int presenter, final DecisionSlot d) {
        if (!ref.isWarrant()) {
            return ref.grantId();
        }
        if (in == null) {
            in = new UnsafeBuffer(new byte[0]);
        }
        in.wrap(ref.warrantBytes(), 0, ref.warrantLength());
        return core.warrants().verify(in, 0, ref.warrantLength(), presenter, d);
    }

    /** On an engine with keys, the warrant of a grant {@code d} allowed, written into the view. */
    private int issued(final DecisionSlot d, final DecisionView v) {
        if (!engine.warrants || !d.allowed()) {
            return 0;
        }
        if (out == null) {
            out = new UnsafeBuffer(new byte[0]);
        }
        out.wrap(v.warrantBuffer());
        return core.warrants().write(d.grantId(), out, 0);
    }

    private void ensureFanOut(final int n) {
        if (slots.length >= n) {
            return;
        }
        final DecisionView[] views = new DecisionView[n];
        slots = new DecisionSlot[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new DecisionSlot();
            views[i] = new DecisionView(slots[i], 0);
        }
        fan = new FanOutView(views);
        delegateeIds = new int[n];
        scopeBits = new ScopeBits[n];
    }
}
