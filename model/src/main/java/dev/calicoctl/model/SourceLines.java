package dev.calicoctl.model;

import java.util.HashMap;
import java.util.Map;

/** Where each field path of one document starts in its source, so errors can name a line. */
public final class SourceLines {
    private final Map<String, Integer> lines = new HashMap<>();
    private final String source;
    private final int document;

    public SourceLines(String source, int document) {
        this.source = source;
        this.document = document;
    }

    public void put(String path, int line) { lines.putIfAbsent(path, line); }

    /** A prefix like "line 7: " for the path, or "" when unknown. */
    public String at(String path) {
        Integer l = lines.get(path);
        return l == null ? "" : "line " + l + ": ";
    }

    public String source() { return source; }
    public int document() { return document; }
}
