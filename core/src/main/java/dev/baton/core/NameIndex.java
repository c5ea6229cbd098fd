package dev.baton.core;

import dev.baton.UnknownNameException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of one kind a policy declares (data classes, purposes, rules, ...), in index order, with the
 * look-ups {@link CompiledPolicy} offers on them: a name's index, a test, an index's name. A name given
 * twice keeps its first index.
 * <p>
 * <b>Note:</b> immutable and thread-safe once built; look-ups hash strings (set-up time).
 */
final class NameIndex {
    private final String kind;
    private final String file;
    private final List<String> names;
    private final Map<String, Integer> index;

    /**
     * @param kind  what the names name, for {@link UnknownNameException} ({@code data class}).
     * @param file  the policy file, for the same.
     * @param names in index order.
     */
    NameIndex(final String kind, final String file, final List<String> names) {
        this.kind = kind;
        this.file = file;
        this.names = List.copyOf(names);
        final Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.putIfAbsent(names.get(i), i);
        }
        this.index = Map.copyOf(map);
    }

    /** @return number of names. */
    int size() {
        return names.size();
    }

    /** @return the index of {@code name}, or -1. */
    int find(final String name) {
        final Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /**
     * @return the index of {@code name}.
     * @throws UnknownNameException naming the nearest declared name, if there is no such name.
     */
    int require(final String name) {
        final Integer i = index.get(name);
        if (i == null) {
            throw UnknownNameException.of(kind, name, file, names);
        }
        return i;
    }

    /** @return whether {@code name} is declared. */
    boolean has(final String name) {
        return index.containsKey(name);
    }

    /** @return the name at {@code i}, or {@code fallback} when {@code i} is out of range. */
    String name(final int i, final String fallback) {
        return i >= 0 && i < names.size() ? names.get(i) : fallback;
    }

    /** @return the name at {@code i}. */
    String name(final int i) {
        return names.get(i);
    }

    /** @return every name, in index order. */
    List<String> names() {
        return names;
    }
}
