package dev.calicoctl.testsupport.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Kubernetes' label selector language (apimachinery's labels.Parse): requirements joined by commas,
 * each {@code key}, {@code !key}, {@code key=v}, {@code key==v}, {@code key!=v},
 * {@code key in (a,b)}, {@code key notin (a,b)}. All must hold.
 */
final class LabelSelector {
  enum Op { EXISTS, NOT_EXISTS, EQUALS, NOT_EQUALS, IN, NOT_IN }

  record Requirement(String key, Op op, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (op) {
        case EXISTS -> labels.containsKey(key);
        case NOT_EXISTS -> !labels.containsKey(key);
        case EQUALS, IN -> v != null && values.contains(v);
        // != and notin also match objects without the key, as Kubernetes' do
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
      };
    }
  }

  private static final Pattern KEY = Pattern.compile("([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
      + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = requirements;
  }

  boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  static LabelSelector parse(String text) throws ApiError {
    return new Parser(text == null ? "" : text).selector();
  }

  /** A small hand-written scanner: commas inside {@code ( )} belong to a value set. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    LabelSelector selector() throws ApiError {
      List<Requirement> out = new ArrayList<>();
      skipSpace();
      if (i == s.length()) {
        return new LabelSelector(out);
      }
      while (true) {
        out.add(requirement());
        skipSpace();
        if (i == s.length()) {
          return new LabelSelector(out);
        }
        expect(',');
      }
    }

    private Requirement requirement() throws ApiError {
      skipSpace();
      if (peek('!')) {
        i++;
        skipSpace();
        return new Requirement(key(), Op.NOT_EXISTS, Set.of());
      }
      String key = key();
      skipSpace();
      if (i == s.length() || peek(',')) {
        return new Requirement(key, Op.EXISTS, Set.of());
      }
      if (s.startsWith("==", i)) {
        i += 2;
        return new Requirement(key, Op.EQUALS, Set.of(value()));
      }
      if (s.startsWith("!=", i)) {
        i += 2;
        return new Requirement(key, Op.NOT_EQUALS, Set.of(value()));
      }
      if (peek('=')) {
        i++;
        return new Requirement(key, Op.EQUALS, Set.of(value()));
      }
      String word = word();
      Op op = switch (word) {
        case "in" -> Op.IN;
        case "notin" -> Op.NOT_IN;
        default -> throw fail("found '" + word + "', expected: in, notin, =, ==, !=, gt, lt");
      };
      skipSpace();
      expect('(');
      Set<String> values = new TreeSet<>();
      while (true) {
        skipSpace();
        if (peek(')')) {
          i++;
          break;
        }
        values.add(value());
        skipSpace();
        if (peek(',')) {
          i++;
        } else if (!peek(')')) {
          throw fail("expected ',' or ')'");
        }
      }
      if (values.isEmpty()) {
        throw fail("for 'in', 'notin' operators, values set can't be empty");
      }
      return new Requirement(key, op, values);
    }

    private String key() throws ApiError {
      String k = word();
      if (k.isEmpty() || !KEY.matcher(k).matches()) {
        throw fail("invalid label key \"" + k + "\"");
      }
      return k;
    }

    private String value() throws ApiError {
      skipSpace();
      String v = word();
      if (!VALUE.matcher(v).matches()) {
        throw fail("invalid label value: \"" + v + "\"");
      }
      return v;
    }

    private String word() {
      int start = i;
      while (i < s.length() && " \t,()=!".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      return s.substring(start, i);
    }

    private boolean peek(char c) {
      return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) throws ApiError {
      if (!peek(c)) {
        throw fail("expected '" + c + "'");
      }
      i++;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private ApiError fail(String why) {
      return ApiError.badRequest("unable to parse requirement: " + why + " in label selector \"" + s + "\"");
    }
  }
}
