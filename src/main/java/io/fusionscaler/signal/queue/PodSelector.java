package io.fusionscaler.signal.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector in kubectl's syntax ({@code app=gateway,tier in (a,b),!canary}): every requirement
 * must hold. Its requirements map one to one onto a {@code LabelSelector}'s {@code matchExpressions} (equality is
 * {@code In} with one value, inequality {@code NotIn}), so target discovery can hand it to the API server or a cache.
 */
public record PodSelector(List<Requirement> requirements) {

    /** The operators of {@code LabelSelectorRequirement}. */
    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** One requirement; {@code values} is sorted, empty for EXISTS and DOES_NOT_EXIST. */
    public record Requirement(String key, Operator operator, List<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(new TreeSet<>(values));
        }

        /** Kubernetes semantics: NotIn and DoesNotExist hold for a pod without the label. */
        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case IN -> values.size() == 1 ? key + "=" + values.get(0) : key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> values.size() == 1 ? key + "!=" + values.get(0) : key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    private static final Pattern SET = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern EQUALITY = Pattern.compile("([^=!\\s]+)\\s*(==|=|!=)\\s*(\\S*)");
    private static final Pattern EXISTENCE = Pattern.compile("(!?)\\s*([^=!\\s(),]+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public PodSelector {
        requirements = List.copyOf(requirements);
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("a pod selector has at least one requirement");
        }
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** The selector, or why {@code text} is not one (short, quoting at most a bounded part of it). */
    public static Parsed parse(String text) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitOutsideParentheses(text)) {
            String requirement = part.trim();
            if (requirement.isEmpty()) {
                return new Parsed.Invalid("has an empty requirement (two commas in a row, or one at an end)");
            }
            Parsed.Invalid problem = add(requirement, requirements);
            if (problem != null) {
                return problem;
            }
        }
        return new Parsed.Valid(new PodSelector(requirements));
    }

    /** A parse result: errors are values. */
    public sealed interface Parsed {
        record Valid(PodSelector selector) implements Parsed {
        }

        record Invalid(String reason) implements Parsed {
        }
    }

    private static Parsed.Invalid add(String requirement, List<Requirement> into) {
        Matcher set = SET.matcher(requirement);
        Matcher equality = EQUALITY.matcher(requirement);
        Matcher existence = EXISTENCE.matcher(requirement);
        String key;
        Operator operator;
        List<String> values = new ArrayList<>();
        if (set.matches()) {
            key = set.group(1);
            operator = set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN;
            if (set.group(3).isBlank()) {
                return new Parsed.Invalid("'" + PrometheusText.shorten(requirement) + "' needs at least one value in the parentheses");
            }
            for (String value : set.group(3).split(",", -1)) {
                values.add(value.trim());
            }
        } else if (equality.matches()) {
            key = equality.group(1);
            operator = equality.group(2).equals("!=") ? Operator.NOT_IN : Operator.IN;
            values.add(equality.group(3));
        } else if (existence.matches()) {
            key = existence.group(2);
            operator = existence.group(1).isEmpty() ? Operator.EXISTS : Operator.DOES_NOT_EXIST;
        } else {
            return new Parsed.Invalid("'" + PrometheusText.shorten(requirement)
                    + "' is not a requirement (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)");
        }
        Optional<String> keyProblem = keyProblem(key);
        if (keyProblem.isPresent()) {
            return new Parsed.Invalid(keyProblem.get());
        }
        for (String value : values) {
            if (!value.isEmpty() && !NAME.matcher(value).matches()) {
                return new Parsed.Invalid("'" + PrometheusText.shorten(value) + "' is not a label value (at most 63 of "
                        + "letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
            }
        }
        into.add(new Requirement(key, operator, values));
        return null;
    }

    private static Optional<String> keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            boolean validPrefix = !prefix.isEmpty() && prefix.length() <= 253;
            for (String label : prefix.split("\\.", -1)) {
                validPrefix &= label.length() <= 63 && DNS_LABEL.matcher(label).matches();
            }
            if (!validPrefix) {
                return Optional.of("the prefix of label key '" + PrometheusText.shorten(key) + "' is not a DNS subdomain");
            }
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("'" + PrometheusText.shorten(key) + "' is not a label key (an optional DNS prefix and '/', "
                    + "then at most 63 of letters, digits, '-', '_', '.', starting and ending with a letter or digit)");
        }
        return Optional.empty();
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
