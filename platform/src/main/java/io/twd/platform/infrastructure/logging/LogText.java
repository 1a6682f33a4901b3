package io.twd.platform.infrastructure.logging;

/**
 * A value that came from outside (a request path, an event's type, a message id) as it goes into
 * a log line: quoted, with every character that could end the line or fake another one escaped.
 * The local run logs in Liberty's plain-text format ({@code SIMPLE}), where a line break in a
 * logged value would start a forged log line; the cluster's JSON format escapes by itself, and the
 * quoting keeps the two readable alike.
 */
public final class LogText {

    /** Longest value written, in characters; a longer one is cut and marked with "...". */
    static final int MAX_LENGTH = 200;

    private LogText() {
    }

    /**
     * @param value any value, or null
     * @return {@code "null"} for null, else the value's text in double quotes, at most
     *     {@value #MAX_LENGTH} characters of it, with backslash and double quote escaped by a
     *     backslash, line feed, carriage return and tab as {@code \n}, {@code \r}, {@code \t}, and
     *     every other control or line-separating character (C0, DEL, C1, U+2028, U+2029) as
     *     {@code \}{@code uXXXX}
     */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        boolean cut = text.length() > MAX_LENGTH;
        if (cut) {
            text = text.substring(0, MAX_LENGTH);
        }
        StringBuilder quoted = new StringBuilder(text.length() + 8).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> quoted.append("\\\\");
                case '"' -> quoted.append("\\\"");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append(cut ? "...\"" : "\"").toString();
    }
}
