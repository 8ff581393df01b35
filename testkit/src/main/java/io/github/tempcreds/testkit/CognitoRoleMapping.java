package io.github.tempcreds.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a fake Cognito identity pool picks the role of an authenticated identity from one identity
 * provider's token, as Cognito's {@code RoleMappings} do: by token ({@code cognito:preferred_role}, else
 * a single entry of {@code cognito:roles}), or by rules on the token's claims, evaluated in order, the
 * first match winning. When neither gives one role, the {@link Ambiguous} setting decides: the pool's
 * authenticated role, or deny.
 *
 * <pre>{@code
 * CognitoRoleMapping.rules(Ambiguous.DENY,
 *         Rule.equals("custom:tier", "gold", "arn:aws:iam::123456789012:role/Gold"),
 *         Rule.contains("cognito:groups", "admins", "arn:aws:iam::123456789012:role/Admin"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CognitoRoleMapping {
    /** Cognito's {@code AmbiguousRoleResolution}. */
    public enum Ambiguous {
        /** Use the pool's authenticated role. */
        AUTHENTICATED_ROLE,
        /** Refuse with {@code NotAuthorizedException}. */
        DENY
    }

    /** Cognito's {@code MatchType}. */
    public enum MatchType {
        /** The claim equals the value (for a list claim: one element equals it). */
        EQUALS,
        /** The claim contains the value (substring; for a list claim: an element equals it). */
        CONTAINS,
        /** The claim starts with the value. */
        STARTS_WITH,
        /** The claim is present and does not equal the value. */
        NOT_EQUAL
    }

    /** One mapping rule: claim, match type, value, role ARN. Immutable. */
    public static final class Rule {
        private final String claim;
        private final MatchType matchType;
        private final String value;
        private final String roleArn;

        private Rule(String claim, MatchType matchType, String value, String roleArn) {
            this.claim = Objects.requireNonNull(claim, "claim");
            this.matchType = Objects.requireNonNull(matchType, "matchType");
            this.value = Objects.requireNonNull(value, "value");
            this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
        }

        /** A rule of any match type. */
        public static Rule of(String claim, MatchType matchType, String value, String roleArn) {
            return new Rule(claim, matchType, value, roleArn);
        }

        /** {@code Equals}. */
        public static Rule equals(String claim, String value, String roleArn) {
            return new Rule(claim, MatchType.EQUALS, value, roleArn);
        }

        /** {@code Contains}. */
        public static Rule contains(String claim, String value, String roleArn) {
            return new Rule(claim, MatchType.CONTAINS, value, roleArn);
        }

        /** {@code StartsWith}. */
        public static Rule startsWith(String claim, String value, String roleArn) {
            return new Rule(claim, MatchType.STARTS_WITH, value, roleArn);
        }

        /** {@code NotEqual}. */
        public static Rule notEqual(String claim, String value, String roleArn) {
            return new Rule(claim, MatchType.NOT_EQUAL, value, roleArn);
        }

        /** The claim name. */
        public String claim() {
            return claim;
        }

        /** The match type. */
        public MatchType matchType() {
            return matchType;
        }

        /** The value compared with. */
        public String value() {
            return value;
        }

        /** The role granted on a match. */
        public String roleArn() {
            return roleArn;
        }

        /**
         * Whether the rule matches a claim's values (one value for a string claim, the elements for a list
         * claim, none when absent).
         */
        public boolean matches(List<String> claimValues) {
            switch (matchType) {
                case EQUALS:
                    return claimValues.contains(value);
                case CONTAINS:
                    return claimValues.size() > 1 ? claimValues.contains(value)
                            : claimValues.stream().anyMatch(v -> v.contains(value));
                case STARTS_WITH:
                    return claimValues.stream().anyMatch(v -> v.startsWith(value));
                case NOT_EQUAL:
                    return !claimValues.isEmpty() && !claimValues.contains(value);
                default:
                    throw new IllegalStateException("unknown match type " + matchType);
            }
        }

        @Override
        public String toString() {
            return "Rule(" + claim + " " + matchType + " " + value + " -> " + roleArn + ")";
        }
    }

    /** The kind of mapping. */
    public enum Type {
        /** {@code Token}: roles from {@code cognito:preferred_role} / {@code cognito:roles}. */
        TOKEN,
        /** {@code Rules}: claim rules. */
        RULES
    }

    private final Type type;
    private final Ambiguous ambiguous;
    private final List<Rule> rules;

    private CognitoRoleMapping(Type type, Ambiguous ambiguous, List<Rule> rules) {
        this.type = type;
        this.ambiguous = Objects.requireNonNull(ambiguous, "ambiguous");
        this.rules = List.copyOf(rules);
    }

    /** A token-based mapping. */
    public static CognitoRoleMapping token(Ambiguous ambiguous) {
        return new CognitoRoleMapping(Type.TOKEN, ambiguous, List.of());
    }

    /**
     * A rules-based mapping.
     *
     * @throws IllegalArgumentException if there is no rule or more than 25 (Cognito's limit)
     */
    public static CognitoRoleMapping rules(Ambiguous ambiguous, Rule... rules) {
        List<Rule> list = new ArrayList<>(List.of(rules));
        if (list.isEmpty() || list.size() > 25) {
            throw new IllegalArgumentException("a rules mapping has 1 to 25 rules, was " + list.size());
        }
        return new CognitoRoleMapping(Type.RULES, ambiguous, list);
    }

    /** The kind of mapping. */
    public Type type() {
        return type;
    }

    /** What happens when no single role results. */
    public Ambiguous ambiguous() {
        return ambiguous;
    }

    /** The rules, in evaluation order; empty for a token mapping. */
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "CognitoRoleMapping(" + type + ", ambiguous " + ambiguous + (rules.isEmpty() ? "" : ", " + rules)
                + ")";
    }
}
