package dev.calicoctl.model;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bytes to resources: multi-document YAML or JSON, single resources, bare lists and
 * List/&lt;Kind&gt;List objects. Strict: unknown kinds, versions and fields are errors that name
 * the document and, where known, the line. Empty documents are skipped, as calicoctl does.
 */
public final class ResourceCodec {
    /** Largest manifest accepted from one file or stdin (a documented limit; see README). */
    public static final int MAX_INPUT_BYTES = 32 * 1024 * 1024;

    private ResourceCodec() {}

    public static List<Resource> decode(byte[] bytes, String source) {
        if (bytes.length > MAX_INPUT_BYTES) {
            throw new CalicoException(source + " is " + bytes.length + " bytes, over the " + MAX_INPUT_BYTES + "-byte limit for one manifest");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CalicoException(source + " is not UTF-8 text (binary data?)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                throw new CalicoException(source + " contains control characters (binary data?) at offset " + i);
            }
        }
        return decode(text, source);
    }

    public static List<Resource> decode(String text, String source) {
        List<Resource> out = new ArrayList<>();
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            SourceLines lines = new SourceLines(source, 1);
            Object tree = Json.parse(text, lines);
            addTree(tree, lines, out);
        } else {
            for (Yaml.Document d : Yaml.parseAll(text, source)) addTree(d.tree(), d.lines(), out);
        }
        return out;
    }

    private static void addTree(Object tree, SourceLines lines, List<Resource> out) {
        if (tree == null) return; // an empty document
        if (tree instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) addResourceOrList(l.get(i), "[" + i + "]", lines, out);
        } else {
            addResourceOrList(tree, "", lines, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static void addResourceOrList(Object tree, String path, SourceLines lines, List<Resource> out) {
        String where = "document " + lines.document() + (path.isEmpty() ? "" : " item " + path);
        if (!(tree instanceof Map<?, ?> raw)) {
            throw new CalicoException(where + ": expected a resource (a map with apiVersion, kind, metadata and spec), not " + FieldType.describe(tree));
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        Object kindName = m.get("kind");
        Object apiVersion = m.get("apiVersion");
        if (kindName == null || kindName.toString().isEmpty()) {
            throw new CalicoException(where + ": Object 'Kind' is missing");
        }
        String kn = kindName.toString();
        String av = apiVersion == null ? "" : apiVersion.toString();
        if (kn.equals("List") || (kn.endsWith("List") && Kinds.byName(kn.substring(0, kn.length() - 4)) != null)) {
            Object items = m.get("items");
            for (String f : m.keySet()) {
                if (!List.of("kind", "apiVersion", "metadata", "items").contains(f)) {
                    throw new CalicoException(where + ": " + lines.at(prefixed(path, f)) + "unknown field \"" + f + "\" in " + kn);
                }
            }
            if (items != null && !(items instanceof List)) throw new CalicoException(where + ": " + kn + ".items must be a list");
            List<Object> l = items == null ? List.of() : (List<Object>) items;
            for (int i = 0; i < l.size(); i++) {
                Object item = l.get(i);
                if (!kn.equals("List") && item instanceof Map<?, ?> im && im.get("kind") == null) {
                    ((Map<String, Object>) im).put("kind", kn.substring(0, kn.length() - 4));
                    if (im.get("apiVersion") == null) ((Map<String, Object>) im).put("apiVersion", av);
                }
                addResourceOrList(item, prefixed(path, "items") + "[" + i + "]", lines, out);
            }
            return;
        }
        Kind kind = Kinds.byName(kn);
        if (kind == null || !Resource.API_VERSION.equals(av)) {
            throw new CalicoException(where + ": unknown resource type (" + kn + ") and/or version (" + av + ")");
        }
        List<String> problems = new ArrayList<>();
        // Check relative to the document root so the line index (built from the root) applies.
        checkWithPrefix(kind, m, path, lines, problems);
        if (!problems.isEmpty()) {
            String msg = String.join("; ", problems.subList(0, Math.min(3, problems.size())));
            if (problems.size() > 3) msg += "; and " + (problems.size() - 3) + " more";
            throw new CalicoException(where + ": " + msg + " in " + kn);
        }
        out.add(new Resource(kind, m));
    }

    private static void checkWithPrefix(Kind kind, Map<String, Object> m, String path, SourceLines lines, List<String> problems) {
        if (path.isEmpty()) {
            kind.schema().check(m, "", lines, problems);
            return;
        }
        // Items inside a list: check each field under its full path for line lookup, report the short path.
        for (Map.Entry<String, Object> e : m.entrySet()) {
            FieldType t = kind.schema().fields().get(e.getKey());
            String full = prefixed(path, e.getKey());
            if (t == null) {
                problems.add(lines.at(full) + "unknown field \"" + e.getKey() + "\"");
                continue;
            }
            List<String> sub = new ArrayList<>();
            t.check(e.getValue(), full, lines, sub);
            for (String s : sub) problems.add(s.replace("\"" + path + ".", "\""));
        }
    }

    private static String prefixed(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Serialises a resource as Calico stores it in etcd: compact JSON in Go's field order. */
    public static String toStoredJson(Resource r) {
        return Json.write(r.canonical());
    }

    /** Reads a stored value back; the kind comes from the key, not trusted from the value. */
    public static Resource fromStoredJson(Kind kind, String json) {
        Map<String, Object> tree = Json.parseObjectQuickly(json); // most stored values: no parser set up (start-up)
        tree.put("kind", kind.name());
        tree.put("apiVersion", Resource.API_VERSION);
        return new Resource(kind, tree);
    }
}
