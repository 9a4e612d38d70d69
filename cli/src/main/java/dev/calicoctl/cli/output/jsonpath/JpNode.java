package dev.calicoctl.cli.output.jsonpath;

import java.util.ArrayList;
import java.util.List;

/** kubectl jsonpath's node kinds (k8s.io/client-go/util/jsonpath), each with its offset in the template. */
sealed interface JpNode {
    int pos();

    /** The contents of one {...} action, or a sub-expression (filter side, union member). */
    record ListNode(int pos, List<JpNode> nodes) implements JpNode {
        ListNode(int pos) { this(pos, new ArrayList<>()); }
    }

    record TextNode(int pos, String text) implements JpNode {}

    record FieldNode(int pos, String name) implements JpNode {}

    /** One slice bound: given or not, its value, and whether it was derived from [i] (meaning [i:i+1]). */
    record Param(boolean known, int value, boolean derived) {}

    record ArrayNode(int pos, Param start, Param end, Param step) implements JpNode {}

    record FilterNode(int pos, ListNode left, ListNode right, String operator) implements JpNode {}

    record IntNode(int pos, int value) implements JpNode {}

    record FloatNode(int pos, double value) implements JpNode {}

    record BoolNode(int pos, boolean value) implements JpNode {}

    record WildcardNode(int pos) implements JpNode {}

    record RecursiveNode(int pos) implements JpNode {}

    record UnionNode(int pos, List<ListNode> nodes) implements JpNode {}

    /** range and end (anything else is an execution error, as in kubectl). */
    record IdentifierNode(int pos, String name) implements JpNode {}
}
