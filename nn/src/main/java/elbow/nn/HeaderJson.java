package elbow.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON a safetensors header needs, read strictly and written plainly: objects (order kept,
 * duplicate keys rejected), arrays, strings, integers, and for completeness fractions, booleans and
 * null. Parsing builds {@link LinkedHashMap}, {@link List}, {@link String}, {@link Long},
 * {@link Double}, {@link Boolean} and null. Errors say where, in characters from the header's start.
 * Nesting is limited, so a hostile header cannot overflow the stack.
 */
final class HeaderJson {
    private static final int MAX_DEPTH = 64;

    private final String s;
    private int pos;

    private HeaderJson(String s) {
        this.s = s;
    }

    /** Parses one JSON value followed only by whitespace; throws {@link IllegalArgumentException} saying where it went wrong. */
    static Object parse(String text) {
        HeaderJson p = new HeaderJson(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("unexpected '" + printable(text.charAt(p.pos)) + "' after the end of the header's JSON object");
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH + " levels");
        if (pos >= s.length()) throw error("the JSON ends early");
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object(depth);
            case '[': return array(depth);
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected '" + printable(c) + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++; // {
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("expected a quoted key");
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (out.containsKey(key)) {
                pos = keyAt;
                throw error("the key \"" + key + "\" appears twice");
            }
            out.put(key, v);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return out;
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        pos++; // [
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return out;
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) throw error("a string is not closed");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) {
                pos--;
                throw error("a raw control character (code " + (int) c + ") inside a string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= s.length()) throw error("a string ends in the middle of an escape");
            char e = s.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (pos + 4 > s.length()) throw error("a \\u escape needs four hex digits");
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0) throw error("a \\u escape needs four hex digits");
                        code = code * 16 + d;
                    }
                    pos += 4;
                    sb.append((char) code);
                    break;
                default:
                    pos--;
                    throw error("unknown escape '\\" + printable(e) + "'");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') pos++;
        else if (isDigit(peek())) while (isDigit(peek())) pos++;
        else throw error("a number needs digits");
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) throw error("a number needs digits after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("a number needs digits in its exponent");
            while (isDigit(peek())) pos++;
        }
        String text = s.substring(start, pos);
        if (!integer) return Double.parseDouble(text);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("the integer " + text + " is out of range");
        }
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) throw error("unexpected '" + printable(s.charAt(pos)) + "'");
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        pos++;
    }

    /** The next character, or 0 at the end (never valid JSON there, so every caller then fails with a position). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON header at character " + pos + ": " + what);
    }

    // ---------------------------------------------------------------- writing

    /** {@code text} as a JSON string literal: quotes, backslashes and control characters escaped, the rest as is (UTF-8 on disk). */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
