package dev.calicoctl.cli;

import dev.calicoctl.model.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON merge patch (RFC 7386, also used for "strategic") and JSON patch (RFC 6902) on trees. */
final class Patches {
    private Patches() {}

    @SuppressWarnings("unchecked")
    static Object mergePatch(Object target, Object patch) {
        if (!(patch instanceof Map<?, ?> pm)) return Json.deepCopy(patch);
        Map<String, Object> out = target instanceof Map<?, ?> tm ? Json.deepCopyMap((Map<String, Object>) tm) : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : pm.entrySet()) {
            String k = (String) e.getKey();
            if (e.getValue() == null) out.remove(k);
            else out.put(k, mergePatch(out.get(k), e.getValue()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object jsonPatch(Object target, Object patch) {
        if (!(patch instanceof List<?> ops)) throw new CliException("a json patch must be a list of operations");
        Object doc = Json.deepCopy(target);
        for (Object o : ops) {
            if (!(o instanceof Map<?, ?> op)) throw new CliException("a json patch operation must be an object");
            String kind = String.valueOf(op.get("op"));
            String path = String.valueOf(op.get("path"));
            List<String> parts = pointer(path);
            if (parts.isEmpty()) throw new CliException("json patch: cannot operate on the whole document");
            Object parent = doc;
            for (int i = 0; i < parts.size() - 1; i++) parent = child(parent, parts.get(i), path);
            String last = parts.get(parts.size() - 1);
            switch (kind) {
                case "add", "replace" -> {
                    Object value = Json.deepCopy(op.get("value"));
                    if (parent instanceof Map<?, ?> m) {
                        if (kind.equals("replace") && !m.containsKey(last)) throw new CliException("json patch: path " + path + " does not exist");
                        ((Map<String, Object>) m).put(last, value);
                    } else if (parent instanceof List<?> l) {
                        List<Object> list = (List<Object>) l;
                        if (last.equals("-")) list.add(value);
                        else {
                            int idx = index(last, path, list.size() + (kind.equals("add") ? 1 : 0));
                            if (kind.equals("add")) list.add(idx, value); else list.set(idx, value);
                        }
                    } else throw new CliException("json patch: path " + path + " does not exist");
                }
                case "remove" -> {
                    if (parent instanceof Map<?, ?> m) {
                        if (m.remove(last) == null && !m.containsKey(last)) throw new CliException("json patch: path " + path + " does not exist");
                    } else if (parent instanceof List<?> l) l.remove(index(last, path, l.size()));
                    else throw new CliException("json patch: path " + path + " does not exist");
                }
                case "test" -> {
                    Object cur = child(parent, last, path);
                    if (!Json.write(cur).equals(Json.write(op.get("value")))) throw new CliException("json patch: test failed at " + path);
                }
                default -> throw new CliException("json patch: unsupported operation '" + kind + "'");
            }
        }
        return doc;
    }

    private static List<String> pointer(String path) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) return parts;
        if (!path.startsWith("/")) throw new CliException("json patch: path must start with '/': " + path);
        for (String p : path.substring(1).split("/", -1)) parts.add(p.replace("~1", "/").replace("~0", "~"));
        return parts;
    }

    private static Object child(Object parent, String key, String path) {
        if (parent instanceof Map<?, ?> m && m.containsKey(key)) return m.get(key);
        if (parent instanceof List<?> l) return l.get(index(key, path, l.size()));
        throw new CliException("json patch: path " + path + " does not exist");
    }

    private static int index(String s, String path, int bound) {
        try {
            int i = Integer.parseInt(s);
            if (i < 0 || i >= bound) throw new CliException("json patch: index out of range in " + path);
            return i;
        } catch (NumberFormatException e) {
            throw new CliException("json patch: bad index in " + path);
        }
    }
}
