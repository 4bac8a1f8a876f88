package io.fluxgate.server.ws;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code for=} node of each element of RFC 7239 {@code Forwarded} headers, honouring quoted strings (which
 * may hold {@code ,} and {@code ;}) and backslash escapes. One entry per element, left to right; null for an
 * element whose {@code for} is missing or not an IP address ({@code unknown}, {@code _hidden}).
 */
final class ForwardedHeader {
    private ForwardedHeader() {
    }

    static List<InetAddress> forHops(List<String> lines) {
        List<InetAddress> out = new ArrayList<>();
        for (String line : lines) {
            for (List<String[]> element : elements(line)) {
                String value = null;
                for (String[] pair : element) {
                    if (pair[0].equalsIgnoreCase("for")) {
                        value = pair[1];
                        break;
                    }
                }
                out.add(value == null ? null : ClientIpResolver.node(value));
            }
        }
        return out;
    }

    /** Splits a header value into elements (by {@code ,}) of name/value pairs (by {@code ;} and {@code =}). */
    static List<List<String[]>> elements(String line) {
        List<List<String[]>> elements = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        String name = null;
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    token.append(line.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    token.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == '=' && name == null) {
                name = token.toString().trim();
                token.setLength(0);
            } else if (c == ';' || c == ',') {
                addPair(pairs, name, token);
                name = null;
                if (c == ',') {
                    if (any) {
                        elements.add(pairs);
                    }
                    pairs = new ArrayList<>();
                    any = false;
                }
            } else {
                token.append(c);
                any |= !Character.isWhitespace(c);
            }
        }
        addPair(pairs, name, token);
        if (any) {
            elements.add(pairs);
        }
        return elements;
    }

    private static void addPair(List<String[]> pairs, String name, StringBuilder token) {
        String value = token.toString().trim();
        token.setLength(0);
        if (name != null && !name.isEmpty()) {
            pairs.add(new String[] {name, value});
        }
    }
}
