package dev.baton.engine;

import org.agrona.collections.Object2IntHashMap;

import java.util.Arrays;

/**
 * Interns identities (workload identities and principals) to ints the first time they are seen, and
 * binds each to the compiled policy at that moment: its agent class, its trust domain, which
 * purposes, review rules and break-glass rules it matches, and whether it is an administrator. This
 * is the only place identity patterns are matched; decisions read the bindings from arrays.
 * <p>
 * <b>Note:</b> not thread-safe. {@link #intern(String)} allocates for a new identity only.
 */
final class IdentityTable {
    static final int UNKNOWN = -1;

    private final Object2IntHashMap<String> idByName = new Object2IntHashMap<>(UNKNOWN);
    private CompiledPolicy policy;
    private int purposeWords;
    private int count;
    private String[] names = new String[64];
    private int[] agent = new int[64];
    private int[] domain = new int[64];
    private long[] openMask = new long[64];
    private long[] reviewerMask = new long[64];
    private long[] breakGlassMask = new long[64];
    private boolean[] administrator = new boolean[64];

    IdentityTable(final CompiledPolicy policy) {
        bind(policy);
    }

    /** Re-binds every known identity to {@code newPolicy} (policy swap; allocates). */
    void bind(final CompiledPolicy newPolicy) {
        this.policy = newPolicy;
        this.purposeWords = Bits.words(newPolicy.purposeCount);
        openMask = new long[Math.max(names.length, 1) * purposeWords];
        for (int id = 0; id < count; id++) {
            bindOne(id);
        }
    }

    int intern(final String identity) {
        if (identity == null || identity.isEmpty()) {
            throw new IllegalArgumentException("identity must be a non-empty string");
        }
        final int existing = idByName.getValue(identity);
        if (existing != UNKNOWN) {
            return existing;
        }
        if (count == names.length) {
            grow(count * 2);
        }
        final int id = count++;
        names[id] = identity;
        idByName.put(identity, id);
        bindOne(id);
        return id;
    }

    /** @return the id, or {@link #UNKNOWN} if never interned (does not intern). */
    int find(final String identity) {
        return idByName.getValue(identity);
    }

    int size() {
        return count;
    }

    String name(final int id) {
        return id >= 0 && id < count ? names[id] : "(unknown identity #" + id + ")";
    }

    int agent(final int id) {
        return id >= 0 && id < count ? agent[id] : UNKNOWN;
    }

    int domain(final int id) {
        return id >= 0 && id < count ? domain[id] : UNKNOWN;
    }

    boolean mayOpen(final int id, final int purpose) {
        return id >= 0 && id < count && Bits.get(openMask, id * purposeWords, purpose);
    }

    boolean mayReview(final int id, final int reviewRule) {
        return id >= 0 && id < count && (reviewerMask[id] & (1L << reviewRule)) != 0;
    }

    boolean mayBreakGlass(final int id, final int rule) {
        return id >= 0 && id < count && (breakGlassMask[id] & (1L << rule)) != 0;
    }

    boolean isAdministrator(final int id) {
        return id >= 0 && id < count && administrator[id];
    }

    private void bindOne(final int id) {
        final String name = names[id];
        agent[id] = policy.agentFor(name);
        domain[id] = policy.domainFor(name);
        for (int p = 0; p < policy.purposeCount; p++) {
            if (policy.mayOpen(p, name)) {
                Bits.set(openMask, id * purposeWords, p);
            }
        }
        long reviews = 0;
        for (int r = 0; r < policy.reviewCount; r++) {
            if (policy.mayReview(r, name)) {
                reviews |= 1L << r;
            }
        }
        reviewerMask[id] = reviews;
        long glass = 0;
        for (int b = 0; b < policy.breakGlassCount; b++) {
            if (policy.mayBreakGlass(b, name)) {
                glass |= 1L << b;
            }
        }
        breakGlassMask[id] = glass;
        administrator[id] = policy.isAdministrator(name);
    }

    private void grow(final int newSize) {
        names = Arrays.copyOf(names, newSize);
        agent = Arrays.copyOf(agent, newSize);
        domain = Arrays.copyOf(domain, newSize);
        openMask = Arrays.copyOf(openMask, newSize * purposeWords);
        reviewerMask = Arrays.copyOf(reviewerMask, newSize);
        breakGlassMask = Arrays.copyOf(breakGlassMask, newSize);
        administrator = Arrays.copyOf(administrator, newSize);
    }
}
