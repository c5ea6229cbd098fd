package dev.baton.core;

import dev.baton.Argument;
import dev.baton.BreakGlassRule;
import dev.baton.Capability;
import dev.baton.DataClass;
import dev.baton.Policy;
import dev.baton.Purpose;
import dev.baton.Scope;
import dev.baton.UnknownNameException;
import dev.baton.core.PolicyHandles.ArgumentHandle;
import dev.baton.core.PolicyHandles.BreakGlassHandle;
import dev.baton.core.PolicyHandles.CapabilityHandle;
import dev.baton.core.PolicyHandles.DataClassHandle;
import dev.baton.core.PolicyHandles.Handle;
import dev.baton.core.PolicyHandles.PurposeHandle;

import java.util.HashMap;
import java.util.Map;

/**
 * The public face of a {@link CompiledPolicy}: its names bound once to preallocated typed handles.
 * A look-up of an unknown name throws {@link UnknownNameException} with the closest declared name.
 * <p>
 * <b>Note:</b> immutable and thread-safe; look-ups allocate nothing, except to build the exception.
 */
public final class PolicyNames implements Policy {
    private final CompiledPolicy compiled;
    private final Map<String, PurposeHandle> purposes = new HashMap<>();
    private final Map<String, CapabilityHandle> capabilities = new HashMap<>();
    private final Map<String, DataClassHandle> dataClasses = new HashMap<>();
    private final Map<String, BreakGlassHandle> breakGlass = new HashMap<>();
    private final Map<String, ArgumentHandle> arguments = new HashMap<>();
    private final CapabilityHandle[] capabilityByIndex;
    private final DataClassHandle[] dataByIndex;
    private final ArgumentHandle[] argumentByIndex;

    PolicyNames(final CompiledPolicy compiled) {
        this.compiled = compiled;
        for (int p = 0; p < compiled.purposeCount(); p++) {
            purposes.put(compiled.purposeName(p), new PurposeHandle(compiled, p, compiled.purposeName(p)));
        }
        capabilityByIndex = new CapabilityHandle[compiled.capabilityCount()];
        for (int c = 0; c < compiled.capabilityCount(); c++) {
            capabilityByIndex[c] = new CapabilityHandle(compiled, c, compiled.capabilityName(c));
            capabilities.put(compiled.capabilityName(c), capabilityByIndex[c]);
        }
        dataByIndex = new DataClassHandle[compiled.dataClassCount()];
        for (int d = 0; d < compiled.dataClassCount(); d++) {
            dataByIndex[d] = new DataClassHandle(compiled, d, compiled.dataClassName(d));
            dataClasses.put(compiled.dataClassName(d), dataByIndex[d]);
        }
        for (int b = 0; b < compiled.breakGlass.count; b++) {
            breakGlass.put(compiled.breakGlassName(b), new BreakGlassHandle(compiled, b, compiled.breakGlassName(b)));
        }
        final ConstraintTable t = compiled.constraints;
        argumentByIndex = new ArgumentHandle[t.argumentCount];
        for (int a = 0; a < t.argumentCount; a++) {
            final ArgumentHandle h = t.argumentHandles[a];
            argumentByIndex[a] = h;
            arguments.put(h.name(), h);
        }
    }

    /** @return the compiled tables behind these names. */
    public CompiledPolicy compiled() {
        return compiled;
    }

    @Override
    public Purpose purpose(final String name) {
        return require(purposes, "purpose", name);
    }

    @Override
    public Capability capability(final String tool, final String action) {
        return require(capabilities, "capability", tool + ':' + action);
    }

    @Override
    public Argument argument(final String tool, final String argument) {
        return require(arguments, "argument", tool + '(' + argument + ')');
    }

    @Override
    public DataClass dataClass(final String name) {
        return require(dataClasses, "data class", name);
    }

    @Override
    public BreakGlassRule breakGlassRule(final String name) {
        return require(breakGlass, "break-glass rule", name);
    }

    /** @return the handle of capability {@code index} (for decisions that name one). */
    CapabilityHandle capabilityAt(final int index) {
        return index >= 0 && index < capabilityByIndex.length ? capabilityByIndex[index] : null;
    }

    /**
     * The handle of declared argument {@code index} (declaration order): how a journal reader turns a recorded
     * argument index back into the key of a {@link dev.baton.ToolArguments} list. Allocation-free.
     *
     * @param index an argument index of this policy.
     * @return its handle, or null when out of range.
     */
    public Argument argumentAt(final int index) {
        return index >= 0 && index < argumentByIndex.length ? argumentByIndex[index] : null;
    }

    /** @return the handle of data class {@code index} (for decisions that name one). */
    DataClassHandle dataClassAt(final int index) {
        return index >= 0 && index < dataByIndex.length ? dataByIndex[index] : null;
    }

    @Override
    public Scope.Builder scope() {
        return new ScopeBuilder(this);
    }

    @Override
    public String file() {
        return compiled.file();
    }

    @Override
    public String label() {
        return compiled.label();
    }

    @Override
    public String versionHash() {
        return compiled.versionHash();
    }

    /**
     * The index of a handle in {@code current}: its own index when it was bound by {@code current},
     * else (after a policy swap) the index of the same name there, or -1 when {@code current} lacks it.
     * Allocation-free.
     *
     * @throws IllegalArgumentException if {@code handle} is not one of Baton's handles.
     */
    public static int rebind(final Object handle, final CompiledPolicy current) {
        if (!(handle instanceof Handle)) {
            throw new IllegalArgumentException(handle == null ? "a handle is null"
                : "not a handle bound by a Baton policy: " + handle.getClass().getName());
        }
        final Handle h = (Handle) handle;
        if (h.policy == current || h.index < 0) {
            return h.index;
        }
        final PolicyNames names = current.api();
        final Handle same;
        if (h instanceof PurposeHandle) {
            same = names.purposes.get(h.name);
        } else if (h instanceof CapabilityHandle) {
            same = names.capabilities.get(h.name);
        } else if (h instanceof DataClassHandle) {
            same = names.dataClasses.get(h.name);
        } else if (h instanceof ArgumentHandle) {
            same = names.arguments.get(h.name);
        } else {
            same = names.breakGlass.get(h.name);
        }
        return same == null ? -1 : same.index;
    }

    private <T> T require(final Map<String, T> names, final String kind, final String name) {
        final T handle = name == null ? null : names.get(name);
        if (handle == null) {
            throw UnknownNameException.of(kind, String.valueOf(name), compiled.file(), names.keySet());
        }
        return handle;
    }

    @Override
    public String toString() {
        return compiled.toString();
    }
}
