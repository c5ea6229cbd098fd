package dev.baton.policy;

import java.util.List;

/**
 * A named class of reviewers ({@code reviewer_classes.<class>}): the principals whose approvals a review
 * rule may count ({@code review.<rule>.approvals.from}). A principal belongs to the first class, in file
 * order, one of whose patterns matches it.
 *
 * @param name    the class name.
 * @param members principal patterns, at least one.
 * @param at      where the entry starts.
 */
public record ReviewerClass(NameRef name, List<PatternRef> members, SourceRef at) {
    /** Copies the pattern list. */
    public ReviewerClass {
        members = List.copyOf(members);
    }
}
