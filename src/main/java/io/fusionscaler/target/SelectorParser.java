package io.fusionscaler.target;

import io.fusionscaler.target.PodSelector.Operator;
import io.fusionscaler.target.PodSelector.Requirement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the text form of a label selector: requirements separated by commas, each {@code key}, {@code !key},
 * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key>n}, {@code key<n},
 * {@code key in (v1,v2)} or {@code key notin (v1,v2)}; blanks around tokens are ignored.
 */
final class SelectorParser {

    private final String text;
    private int pos;

    SelectorParser(String text) {
        this.text = text;
    }

    List<Requirement> requirements() throws SelectorSyntaxException {
        List<Requirement> requirements = new ArrayList<>();
        skipBlanks();
        if (atEnd()) {
            return requirements;
        }
        while (true) {
            requirements.add(requirement());
            skipBlanks();
            if (atEnd()) {
                return requirements;
            }
            expect(',');
        }
    }

    private Requirement requirement() throws SelectorSyntaxException {
        skipBlanks();
        if (peek('!')) {
            pos++;
            skipBlanks();
            return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
        }
        String key = key();
        int afterKey = pos;
        skipBlanks();
        if (atEnd() || peek(',')) {
            return new Requirement(key, Operator.EXISTS, Set.of());
        }
        if (text.startsWith("!=", pos)) {
            pos += 2;
            return new Requirement(key, Operator.NOT_IN, Set.of(value()));
        }
        if (text.startsWith("==", pos)) {
            pos += 2;
            return new Requirement(key, Operator.IN, Set.of(value()));
        }
        if (peek('=')) {
            pos++;
            return new Requirement(key, Operator.IN, Set.of(value()));
        }
        if (peek('>') || peek('<')) {
            Operator operator = peek('>') ? Operator.GREATER_THAN : Operator.LESS_THAN;
            pos++;
            String number = value();
            if (!number.matches("-?[0-9]{1,18}")) {
                throw problem("'" + PodSelector.clip(key) + "' must be compared with an integer, got '" + PodSelector.clip(number) + "'");
            }
            return new Requirement(key, operator, Set.of(number));
        }
        if (pos > afterKey && word("notin")) {
            return new Requirement(key, Operator.NOT_IN, valueSet());
        }
        if (pos > afterKey && word("in")) {
            return new Requirement(key, Operator.IN, valueSet());
        }
        throw problem("expected an operator (=, ==, !=, >, <, in, notin), ',' or the end after '" + PodSelector.clip(key) + "'");
    }

    private String key() throws SelectorSyntaxException {
        int start = pos;
        while (!atEnd() && isKeyChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw problem("expected a label key");
        }
        String key = text.substring(start, pos);
        Optional<String> problem = PodSelector.keyProblem(key);
        if (problem.isPresent()) {
            throw problem(problem.get());
        }
        return key;
    }

    private String value() throws SelectorSyntaxException {
        skipBlanks();
        int start = pos;
        while (!atEnd() && isValueChar(text.charAt(pos))) {
            pos++;
        }
        String value = text.substring(start, pos);
        Optional<String> problem = PodSelector.valueProblem(value);
        if (problem.isPresent()) {
            throw problem(problem.get());
        }
        return value;
    }

    private Set<String> valueSet() throws SelectorSyntaxException {
        skipBlanks();
        expect('(');
        Set<String> values = new LinkedHashSet<>();
        while (true) {
            values.add(value());
            skipBlanks();
            if (peek(')')) {
                pos++;
                return values;
            }
            expect(',');
        }
    }

    private boolean word(String word) {
        if (!text.startsWith(word, pos)) {
            return false;
        }
        int end = pos + word.length();
        if (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '(') {
            return false;
        }
        pos = end;
        return true;
    }

    private void expect(char c) throws SelectorSyntaxException {
        if (!peek(c)) {
            throw problem("expected '" + c + "'");
        }
        pos++;
    }

    private boolean peek(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private void skipBlanks() {
        while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isKeyChar(char c) {
        return isValueChar(c) || c == '/';
    }

    private static boolean isValueChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
    }

    private SelectorSyntaxException problem(String what) {
        return new SelectorSyntaxException("at character " + (pos + 1) + ": " + what);
    }
}
