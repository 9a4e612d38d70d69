package dev.calicoctl.cli.output.gotemplate;

import dev.calicoctl.cli.output.gotemplate.Item.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a template into items the way Go's text/template/parse lexer does: text, {{ }} actions with
 * "{{- " / " -}}" trim markers, comments, and the words inside actions. Stops at the first error item.
 */
final class Lexer {
    private static final String LEFT = "{{", RIGHT = "}}", LEFT_COMMENT = "/*", RIGHT_COMMENT = "*/";
    private static final Map<String, Type> KEYWORDS = Map.ofEntries(
            Map.entry(".", Type.DOT), Map.entry("block", Type.BLOCK), Map.entry("break", Type.BREAK),
            Map.entry("continue", Type.CONTINUE), Map.entry("define", Type.DEFINE), Map.entry("else", Type.ELSE),
            Map.entry("end", Type.END), Map.entry("if", Type.IF), Map.entry("range", Type.RANGE),
            Map.entry("nil", Type.NIL), Map.entry("template", Type.TEMPLATE), Map.entry("with", Type.WITH));
    private static final int EOF = -1;

    private final String input;
    private final List<Item> items = new ArrayList<>();
    private int pos, start, parenDepth;
    private boolean inside;

    private Lexer(String input) { this.input = input; }

    static List<Item> lex(String input) {
        Lexer l = new Lexer(input);
        l.run();
        return l.items;
    }

    private void run() {
        while (inside ? insideAction() : text()) {
            Item last = items.isEmpty() ? null : items.get(items.size() - 1);
            if (last != null && last.type() == Type.EOF) return;
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** Positions asked for only move forward, so lines are counted incrementally from the last one. */
    private int linePos, lineNo = 1;

    private int line(int at) {
        at = Math.min(at, input.length());
        if (at < linePos) { linePos = 0; lineNo = 1; }
        for (; linePos < at; linePos++) if (input.charAt(linePos) == '\n') lineNo++;
        return lineNo;
    }

    private int next() {
        if (pos >= input.length()) { pos = input.length() + 1; return EOF; }
        return input.charAt(pos++);
    }

    private void backup() { pos--; }

    private int peek() { return pos < input.length() ? input.charAt(pos) : EOF; }

    private void emit(Type t) {
        items.add(new Item(t, start, input.substring(start, pos), line(start)));
        start = pos;
    }

    private void ignore() { start = pos; }

    private boolean errorf(String msg) {
        items.add(new Item(Type.ERROR, start, msg, line(start)));
        return false;
    }

    private boolean accept(String valid) {
        int r = next();
        if (r != EOF && valid.indexOf(r) >= 0) return true;
        backup();
        return false;
    }

    private void acceptRun(String valid) {
        int r;
        do { r = next(); } while (r != EOF && valid.indexOf(r) >= 0);
        backup();
    }

    static boolean isSpace(int r) { return r == ' ' || r == '\t' || r == '\r' || r == '\n'; }

    static boolean isAlphaNumeric(int r) { return r == '_' || (r != EOF && (Character.isLetter(r) || Character.isDigit(r))); }

    private static boolean hasLeftTrimMarker(String s, int at) {
        return at + 1 < s.length() && s.charAt(at) == '-' && isSpace(s.charAt(at + 1));
    }

    private static boolean hasRightTrimMarker(String s, int at) {
        return at + 1 < s.length() && isSpace(s.charAt(at)) && s.charAt(at + 1) == '-';
    }

    /** Is the input at a right delimiter, and is it preceded by a trim marker? {delim, trim}. */
    private boolean[] atRightDelim() {
        if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + 2)) return new boolean[] {true, true};
        if (input.startsWith(RIGHT, pos)) return new boolean[] {true, false};
        return new boolean[] {false, false};
    }

    private int leftTrimLength(int from) {
        int i = from;
        while (i < input.length() && isSpace(input.charAt(i))) i++;
        return i - from;
    }

    // --- states --------------------------------------------------------------------------------

    /** Text up to the next "{{", trimmed on the right if that delimiter carries a trim marker. */
    private boolean text() {
        int x = input.indexOf(LEFT, pos);
        if (x < 0) {
            pos = input.length();
            if (pos > start) emit(Type.TEXT);
            emit(Type.EOF);
            return true;
        }
        pos = x;
        int textEnd = pos;
        if (hasLeftTrimMarker(input, x + LEFT.length())) {
            while (textEnd > start && isSpace(input.charAt(textEnd - 1))) textEnd--;
        }
        if (textEnd > start) items.add(new Item(Type.TEXT, start, input.substring(start, textEnd), line(start)));
        start = pos;
        return leftDelim();
    }

    private boolean leftDelim() {
        pos += LEFT.length();
        boolean trim = hasLeftTrimMarker(input, pos);
        int after = trim ? 2 : 0;
        if (input.startsWith(LEFT_COMMENT, pos + after)) {
            pos += after;
            ignore();
            return comment();
        }
        emit(Type.LEFT_DELIM);
        inside = true;
        pos += after;
        ignore();
        parenDepth = 0;
        return true;
    }

    private boolean comment() {
        pos += LEFT_COMMENT.length();
        int x = input.indexOf(RIGHT_COMMENT, pos);
        if (x < 0) return errorf("unclosed comment");
        pos = x + RIGHT_COMMENT.length();
        boolean[] d = atRightDelim();
        if (!d[0]) return errorf("comment ends before closing delimiter");
        if (d[1]) pos += 2;
        pos += RIGHT.length();
        if (d[1]) pos += leftTrimLength(pos);
        ignore();
        return true;
    }

    private boolean rightDelim(boolean trim) {
        if (trim) { pos += 2; ignore(); }
        pos += RIGHT.length();
        emit(Type.RIGHT_DELIM);
        inside = false;
        if (trim) { pos += leftTrimLength(pos); ignore(); }
        return true;
    }

    /** One item inside an action. */
    private boolean insideAction() {
        boolean[] d = atRightDelim();
        if (d[0]) {
            if (parenDepth == 0) return rightDelim(d[1]);
            return errorf("unclosed left paren");
        }
        int r = next();
        if (r == EOF) return errorf("unclosed action");
        if (isSpace(r)) { backup(); return space(); }
        switch (r) {
            case '=': emit(Type.ASSIGN); return true;
            case ':':
                if (next() != '=') return errorf("expected :=");
                emit(Type.DECLARE);
                return true;
            case '|': emit(Type.PIPE); return true;
            case '"': return quote();
            case '`': return rawQuote();
            case '$': return variable();
            case '\'': return charConstant();
            case '(': emit(Type.LEFT_PAREN); parenDepth++; return true;
            case ')':
                parenDepth--;
                if (parenDepth < 0) return errorf("unexpected right paren");
                emit(Type.RIGHT_PAREN);
                return true;
            default:
        }
        if (r == '.') {
            if (pos < input.length()) {
                char c = input.charAt(pos);
                if (c < '0' || c > '9') return fieldOrVariable(Type.FIELD);
            }
            backup();
            return number();
        }
        if (r == '+' || r == '-' || (r >= '0' && r <= '9')) { backup(); return number(); }
        if (isAlphaNumeric(r)) { backup(); return identifier(); }
        if (r <= 0x7f && r >= 0x20 && r != 0x7f) { emit(Type.CHAR); return true; }
        return errorf("unrecognized character in action: " + GoFmt.unicodeName(r));
    }

    private boolean space() {
        int n = 0;
        while (pos < input.length() && isSpace(input.charAt(pos))) { pos++; n++; }
        // a space that begins " -}}" belongs to the trim marker
        if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + 2)) {
            pos--;
            if (n == 1) return true;
        }
        emit(Type.SPACE);
        return true;
    }

    private boolean identifier() {
        while (isAlphaNumeric(peek())) pos++;
        String word = input.substring(start, pos);
        if (!atTerminator()) return errorf("bad character " + GoFmt.unicodeName(peek()));
        Type kw = KEYWORDS.get(word);
        if (kw != null) emit(kw);
        else if (word.equals("true") || word.equals("false")) emit(Type.BOOL);
        else emit(Type.IDENTIFIER);
        return true;
    }

    private boolean variable() {
        if (atTerminator()) { emit(Type.VARIABLE); return true; }
        return fieldOrVariable(Type.VARIABLE);
    }

    /** ".name" or "$name"; the '.' or '$' has been read. A lone "." is the dot. */
    private boolean fieldOrVariable(Type t) {
        if (atTerminator()) {
            emit(t == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
            return true;
        }
        while (isAlphaNumeric(peek())) pos++;
        if (!atTerminator()) return errorf("bad character " + GoFmt.unicodeName(peek()));
        emit(t);
        return true;
    }

    private boolean atTerminator() {
        int r = peek();
        if (r == EOF || isSpace(r)) return true;
        switch (r) {
            case '.', ',', '|', ':', ')', '(': return true;
            default: return r == RIGHT.charAt(0);
        }
    }

    private boolean charConstant() {
        while (true) {
            int r = next();
            if (r == '\\') {
                r = next();
                if (r != EOF && r != '\n') continue;
            }
            if (r == EOF || r == '\n') return errorf("unterminated character constant");
            if (r == '\'') break;
        }
        emit(Type.CHAR_CONSTANT);
        return true;
    }

    private boolean number() {
        if (!scanNumber()) return errorf("bad number syntax: " + GoFmt.quote(input.substring(start, Math.min(pos, input.length()))));
        int sign = peek();
        if (sign == '+' || sign == '-') {
            if (!scanNumber() || input.charAt(pos - 1) != 'i') {
                return errorf("bad number syntax: " + GoFmt.quote(input.substring(start, Math.min(pos, input.length()))));
            }
        }
        emit(Type.NUMBER);
        return true;
    }

    private boolean scanNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) digits = "0123456789abcdefABCDEF_";
            else if (accept("oO")) digits = "01234567_";
            else if (accept("bB")) digits = "01_";
        }
        acceptRun(digits);
        if (accept(".")) acceptRun(digits);
        if (digits.length() == 11 && accept("eE")) { accept("+-"); acceptRun("0123456789_"); }
        if (digits.length() == 23 && accept("pP")) { accept("+-"); acceptRun("0123456789_"); }
        accept("i");
        if (isAlphaNumeric(peek())) { next(); return false; }
        return true;
    }

    private boolean quote() {
        while (true) {
            int r = next();
            if (r == '\\') {
                r = next();
                if (r != EOF && r != '\n') continue;
            }
            if (r == EOF || r == '\n') return errorf("unterminated quoted string");
            if (r == '"') break;
        }
        emit(Type.STRING);
        return true;
    }

    private boolean rawQuote() {
        while (true) {
            int r = next();
            if (r == EOF) return errorf("unterminated raw quoted string");
            if (r == '`') break;
        }
        emit(Type.RAW_STRING);
        return true;
    }
}
