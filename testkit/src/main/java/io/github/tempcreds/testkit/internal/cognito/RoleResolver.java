package io.github.tempcreds.testkit.internal.cognito;

import io.github.tempcreds.testkit.CognitoRoleMapping;
import io.github.tempcreds.testkit.CognitoRoleMapping.Rule;
import io.github.tempcreds.testkit.FakeCognitoIdentity.PoolSpec;
import java.util.List;

/** Picks the role of an authenticated identity as Cognito does. Internal: no compatibility promise. */
final class RoleResolver {
    static final String BAD_POOL_CONFIG =
            "Invalid identity pool configuration. Check assigned IAM roles for this pool.";

    private RoleResolver() {
    }

    /**
     * The role for a login.
     *
     * @param customRoleArn the requested role, or null
     * @throws CognitoError {@code NotAuthorizedException} when the mapping denies or the custom role is not
     *     allowed by the token; {@code InvalidIdentityPoolConfigurationException} when no role is set
     */
    static String resolve(PoolSpec pool, Logins.Login login, String customRoleArn) {
        List<String> tokenRoles = login.token.stringListClaim("cognito:roles");
        if (customRoleArn != null) {
            if (!tokenRoles.contains(customRoleArn)) {
                throw CognitoError.notAuthorized("The custom role ARN is not among the roles the login token "
                        + "allows (cognito:roles).");
            }
            return customRoleArn;
        }
        CognitoRoleMapping mapping = pool.roleMappings().get(login.provider);
        if (mapping == null) {
            return authenticatedRole(pool);
        }
        String role = mapping.type() == CognitoRoleMapping.Type.TOKEN ? byToken(login, tokenRoles)
                : byRules(mapping, login);
        if (role != null) {
            return role;
        }
        if (mapping.ambiguous() == CognitoRoleMapping.Ambiguous.DENY) {
            throw CognitoError.notAuthorized("The ambiguous role mapping rules for: " + login.provider
                    + " denied this request.");
        }
        return authenticatedRole(pool);
    }

    private static String byToken(Logins.Login login, List<String> tokenRoles) {
        List<String> preferred = login.token.stringListClaim("cognito:preferred_role");
        if (preferred.size() == 1) {
            return preferred.get(0);
        }
        return tokenRoles.size() == 1 ? tokenRoles.get(0) : null;
    }

    private static String byRules(CognitoRoleMapping mapping, Logins.Login login) {
        for (Rule rule : mapping.rules()) {
            List<String> values = login.token.stringListClaim(rule.claim());
            if (values.isEmpty()) {
                values = login.token.claim(rule.claim()).map(v -> List.of(String.valueOf(v))).orElse(List.of());
            }
            if (rule.matches(values)) {
                return rule.roleArn();
            }
        }
        return null;
    }

    static String authenticatedRole(PoolSpec pool) {
        if (pool.authenticatedRoleArn() == null) {
            throw CognitoError.of("InvalidIdentityPoolConfigurationException", BAD_POOL_CONFIG);
        }
        return pool.authenticatedRoleArn();
    }

    static String unauthenticatedRole(PoolSpec pool) {
        if (pool.unauthenticatedRoleArn() == null) {
            throw CognitoError.of("InvalidIdentityPoolConfigurationException", BAD_POOL_CONFIG);
        }
        return pool.unauthenticatedRoleArn();
    }
}
