package dev.calicoctl.cli.output.gotemplate;

/** One token of a template: its type, byte-free character offset, text and line (as Go's lexer items). */
record Item(Type type, int pos, String val, int line) {
    enum Type {
        ERROR, BOOL, CHAR, CHAR_CONSTANT, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER, LEFT_DELIM, LEFT_PAREN,
        NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT, VARIABLE,
        // keywords
        BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

        boolean isKeyword() { return ordinal() >= BLOCK.ordinal(); }
    }

    /** How Go prints an item in "unexpected ..." messages. */
    @Override public String toString() {
        if (type == Type.EOF) return "EOF";
        if (type == Type.ERROR) return val;
        if (type.isKeyword()) return "<" + val + ">";
        if (val.codePointCount(0, val.length()) > 10) {
            int end = val.offsetByCodePoints(0, 10);
            return GoFmt.quote(val.substring(0, end)) + "...";
        }
        return GoFmt.quote(val);
    }
}
