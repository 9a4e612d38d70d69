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

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** Why a label key is invalid (apimachinery's IsQualifiedName), or null. */
  static String keyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
        return "prefix part must be a lowercase RFC 1123 subdomain of at most 253 characters";
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
          + "alphanumeric character, at most 63 characters";
    }
    return null;
  }

  /** Why a label value is invalid (apimachinery's IsValidLabelValue), or null. */
  static String valueProblem(String value) {
    if (value.length() > 63) {
      return "must be no more than 63 characters";
    }
    if (!value.isEmpty() && !NAME.matcher(value).matches()) {
      return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must "
          + "start and end with an alphanumeric character";
    }
    return null;
  }

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
