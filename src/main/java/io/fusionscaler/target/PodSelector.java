package io.fusionscaler.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: a conjunction of requirements, as a workload's {@code spec.selector} and a scale
 * subresource's {@code status.selector} state it. {@link #parse} reads the text form ({@code app=api,tier in (a,b),!canary});
 * an empty selector matches every pod.
 */
public final class PodSelector {

    /** Longer selector text is refused before parsing. */
    static final int MAX_LENGTH = 2048;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final PodSelector EVERYTHING = new PodSelector(List.of());

    /** How a requirement compares a pod's label with its values. */
    public enum Operator {
        IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN
    }

    /** One requirement on one label key; {@code values} is empty for EXISTS and DOES_NOT_EXIST. */
    public record Requirement(String key, Operator operator, Set<String> values) {

        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = Set.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case IN -> value != null && values.contains(value);
                case NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
                case GREATER_THAN -> value != null && compare(value) > 0;
                case LESS_THAN -> value != null && compare(value) < 0;
            };
        }

        /** The label value compared with the requirement's one integer; a value that is not an integer never matches. */
        private int compare(String value) {
            try {
                return Long.compare(Long.parseLong(value), Long.parseLong(values.iterator().next()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        @Override
        public String toString() {
            TreeSet<String> sorted = new TreeSet<>(values);
            return switch (operator) {
                case IN -> sorted.size() == 1 ? key + "=" + sorted.first() : key + " in (" + String.join(",", sorted) + ")";
                case NOT_IN -> sorted.size() == 1 ? key + "!=" + sorted.first() : key + " notin (" + String.join(",", sorted) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case GREATER_THAN -> key + ">" + sorted.first();
                case LESS_THAN -> key + "<" + sorted.first();
            };
        }
    }

    private final List<Requirement> requirements;

    private PodSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** Matches every pod. */
    public static PodSelector everything() {
        return EVERYTHING;
    }

    /** A selector of {@code matchLabels} and {@code matchExpressions}, as a workload's {@code spec.selector} holds them. */
    public static PodSelector of(Map<String, String> matchLabels, List<Requirement> matchExpressions) {
        List<Requirement> all = new ArrayList<>();
        new TreeMap<>(matchLabels).forEach((key, value) -> all.add(new Requirement(key, Operator.IN, Set.of(value))));
        all.addAll(matchExpressions);
        return new PodSelector(all);
    }

    /** Parses the text form of a label selector (Kubernetes' {@code labels.Parse} grammar). */
    public static PodSelector parse(String text) throws SelectorSyntaxException {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_LENGTH) {
            throw new SelectorSyntaxException("selector is longer than " + MAX_LENGTH + " characters");
        }
        return new PodSelector(new SelectorParser(text).requirements());
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** A {@code key=value} every matching pod carries, if the selector has one: the entry point of a label index. */
    Optional<String> indexEntry() {
        return requirements.stream().filter(r -> r.operator() == Operator.IN && r.values().size() == 1)
                .map(r -> r.key() + "=" + r.values().iterator().next()).findFirst();
    }

    static Optional<String> keyProblem(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of("label key prefix '" + clip(prefix) + "' must be a DNS subdomain of at most 253 characters");
            }
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.of("label key '" + clip(name) + "' must be 1-63 letters, digits, '-', '_' or '.', starting and ending "
                    + "with a letter or digit");
        }
        return Optional.empty();
    }

    static Optional<String> valueProblem(String value) {
        if (value.isEmpty() || NAME.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("label value '" + clip(value) + "' must be at most 63 letters, digits, '-', '_' or '.', starting and "
                + "ending with a letter or digit");
    }

    /** Quoted user text, cut so that messages stay short. */
    static String clip(String text) {
        return text.length() <= 70 ? text : text.substring(0, 70) + "…";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PodSelector other && Set.copyOf(requirements).equals(Set.copyOf(other.requirements));
    }

    @Override
    public int hashCode() {
        return Set.copyOf(requirements).hashCode();
    }

    /** The canonical text form, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }
}
