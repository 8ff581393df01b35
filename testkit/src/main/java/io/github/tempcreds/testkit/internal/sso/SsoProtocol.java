package io.github.tempcreds.testkit.internal.sso;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.tempcreds.testkit.FakeResponse;
import io.github.tempcreds.testkit.IssuedCredentials;
import io.github.tempcreds.testkit.RecordedRequest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The wire protocol of {@code FakeSso}: dispatch by method and path, request parsing, and the portal's
 * and SSO-OIDC's answer and error shapes. The state lives in {@link SsoDirectory}. Internal: no
 * compatibility promise.
 *
 * <p>Concurrency: stateless apart from the thread-safe directory.
 */
public final class SsoProtocol {
    private static final String OIDC_ERROR_SUFFIX = ":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/";
    private static final String PORTAL_TYPE_PREFIX = "com.amazonaws.switchboard.portal#";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SsoDirectory directory;
    private final Supplier<String> baseUrl;

    public SsoProtocol(SsoDirectory directory, Supplier<String> baseUrl) {
        this.directory = directory;
        this.baseUrl = baseUrl;
    }

    /** The operation name of a method and path, or {@code null}. */
    public static String operation(String method, String path) {
        switch (method + " " + path) {
            case "GET /federation/credentials": return "GetRoleCredentials";
            case "GET /assignment/accounts": return "ListAccounts";
            case "GET /assignment/roles": return "ListAccountRoles";
            case "POST /logout": return "Logout";
            case "POST /client/register": return "RegisterClient";
            case "POST /device_authorization": return "StartDeviceAuthorization";
            case "POST /token": return "CreateToken";
            case "GET /device": return "ApproveDevice";
            case "GET /authorize": return "Authorize";
            default: return null;
        }
    }

    private static boolean isOidc(RecordedRequest r) {
        String p = r.path();
        return p.equals("/client/register") || p.equals("/device_authorization") || p.equals("/token")
                || p.equals("/authorize");
    }

    /** Answers one request. */
    public FakeResponse handle(RecordedRequest r) {
        String op = operation(r.method(), r.path());
        if (op == null) {
            return portalError(404, "ResourceNotFoundException", "No such operation: " + r.method() + " " + r.path());
        }
        try {
            switch (op) {
                case "GetRoleCredentials": return roleCredentials(r);
                case "ListAccounts": return listAccounts(r);
                case "ListAccountRoles": return listRoles(r);
                case "Logout":
                    directory.logout(bearer(r));
                    return FakeResponse.status(200);
                case "Authorize": return authorize(r);
                case "ApproveDevice":
                    boolean ok = r.queryParam("user_code").map(c -> directory.decideDevice(c, true)).orElse(false);
                    return FakeResponse.of(ok ? 200 : 400, "text/html", "<html><body>" + (ok
                            ? "Request approved. You can close this window." : "Unknown or expired code.")
                            + "</body></html>");
                default: return oidc(op, body(r));
            }
        } catch (PortalError e) {
            return portalError(e.status(), e.type(), e.getMessage());
        } catch (OidcError e) {
            return oidcError(e.status(), e.exceptionName(), e.error(), e.getMessage());
        }
    }

    private FakeResponse authorize(RecordedRequest r) {
        String redirect = r.queryParam("redirect_uri").orElse(null);
        String code = directory.authorize(r.queryParam("client_id").orElse(null), redirect,
                r.queryParam("code_challenge").orElse(null), r.queryParam("code_challenge_method").orElse(null));
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + r.queryParam("state")
                .map(s -> "&state=" + URLEncoder.encode(s, StandardCharsets.UTF_8)).orElse("");
        return FakeResponse.status(302).withHeader("Location", location);
    }

    private FakeResponse roleCredentials(RecordedRequest r) {
        IssuedCredentials c = directory.roleCredentials(bearer(r), r.queryParam("account_id").orElse(null),
                r.queryParam("role_name").orElse(null));
        ObjectNode root = JSON.createObjectNode();
        ObjectNode rc = root.putObject("roleCredentials");
        rc.put("accessKeyId", c.accessKeyId());
        rc.put("secretAccessKey", c.secretAccessKey());
        rc.put("sessionToken", c.sessionToken().orElseThrow());
        rc.put("expiration", c.expiration().orElseThrow().toEpochMilli());
        return FakeResponse.json(root.toString());
    }

    private FakeResponse listAccounts(RecordedRequest r) {
        List<String> ids = directory.accounts(bearer(r));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("accountList");
        int[] page = page(r, ids.size());
        for (String id : ids.subList(page[0], page[1])) {
            list.addObject().put("accountId", id).put("accountName", "account-" + id)
                    .put("emailAddress", "aws+" + id + "@example.com");
        }
        nextToken(root, page, ids.size());
        return FakeResponse.json(root.toString());
    }

    private FakeResponse listRoles(RecordedRequest r) {
        String account = r.queryParam("account_id").orElse(null);
        List<String> roles = directory.roles(bearer(r), account);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("roleList");
        int[] page = page(r, roles.size());
        for (String role : roles.subList(page[0], page[1])) {
            list.addObject().put("roleName", role).put("accountId", account);
        }
        nextToken(root, page, roles.size());
        return FakeResponse.json(root.toString());
    }

    private static int[] page(RecordedRequest r, int size) {
        int from;
        int max;
        try {
            from = Integer.parseInt(r.queryParam("next_token").orElse("0"));
            max = Integer.parseInt(r.queryParam("max_result").orElse("100"));
        } catch (NumberFormatException e) {
            throw PortalError.invalidRequest("Invalid next_token or max_result");
        }
        if (from < 0 || from > size || max < 1) {
            throw PortalError.invalidRequest("Invalid next_token or max_result");
        }
        return new int[] {from, Math.min(size, from + max)};
    }

    private static void nextToken(ObjectNode root, int[] page, int size) {
        if (page[1] < size) {
            root.put("nextToken", Integer.toString(page[1]));
        } else {
            root.putNull("nextToken");
        }
    }

    private FakeResponse oidc(String op, JsonNode body) {
        switch (op) {
            case "RegisterClient": {
                SsoDirectory.Client c = directory.registerClient(text(body, "clientName"), text(body, "clientType"));
                ObjectNode out = JSON.createObjectNode()
                        .put("clientId", c.clientId).put("clientSecret", c.clientSecret)
                        .put("clientIdIssuedAt", c.issuedAt.getEpochSecond())
                        .put("clientSecretExpiresAt", c.expiresAt.getEpochSecond());
                return FakeResponse.json(out.toString());
            }
            case "StartDeviceAuthorization": {
                SsoDirectory.Device d = directory.startDeviceAuthorization(text(body, "clientId"),
                        text(body, "clientSecret"), text(body, "startUrl"));
                String verify = baseUrl.get() + "device";
                ObjectNode out = JSON.createObjectNode()
                        .put("deviceCode", d.deviceCode).put("userCode", d.userCode)
                        .put("verificationUri", verify)
                        .put("verificationUriComplete", verify + "?user_code="
                                + URLEncoder.encode(d.userCode, StandardCharsets.UTF_8))
                        .put("expiresIn", Duration.between(directory.now(), d.expiresAt).toSeconds())
                        .put("interval", d.interval().toSeconds());
                return FakeResponse.json(out.toString());
            }
            default:
                return createToken(body);
        }
    }

    private FakeResponse createToken(JsonNode body) {
        String grant = text(body, "grantType");
        String clientId = text(body, "clientId");
        String clientSecret = text(body, "clientSecret");
        SsoDirectory.Tokens t;
        if (SsoDirectory.DEVICE_CODE_GRANT.equals(grant)) {
            t = directory.createTokenFromDevice(clientId, clientSecret, text(body, "deviceCode"));
        } else if ("refresh_token".equals(grant)) {
            t = directory.createTokenFromRefresh(clientId, clientSecret, text(body, "refreshToken"));
        } else if ("authorization_code".equals(grant)) {
            t = directory.createTokenFromCode(clientId, clientSecret, text(body, "code"), text(body, "redirectUri"),
                    text(body, "codeVerifier"));
        } else if (grant == null) {
            return oidcError(400, "InvalidRequestException", "invalid_request", "grantType is required");
        } else {
            return oidcError(400, "UnsupportedGrantTypeException", "unsupported_grant_type",
                    "Unsupported grant type: " + grant);
        }
        ObjectNode out = JSON.createObjectNode().put("accessToken", t.accessToken).put("tokenType", "Bearer")
                .put("expiresIn", t.expiresInSeconds);
        if (t.refreshToken != null) {
            out.put("refreshToken", t.refreshToken);
        }
        return FakeResponse.json(out.toString());
    }

    private static String bearer(RecordedRequest r) {
        return r.header("x-amz-sso_bearer_token").orElse(null);
    }

    private static JsonNode body(RecordedRequest r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            if (n == null || !n.isObject()) {
                throw OidcError.invalidRequest("The request body must be a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw OidcError.invalidRequest("The request body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static FakeResponse portalError(int status, String type, String message) {
        ObjectNode body = JSON.createObjectNode().put("message", message).put("__type", PORTAL_TYPE_PREFIX + type);
        return FakeResponse.of(status, "application/json", body.toString()).withHeader("x-amzn-ErrorType", type);
    }

    private static FakeResponse oidcError(int status, String exception, String error, String description) {
        ObjectNode body = JSON.createObjectNode();
        if (error != null) {
            body.put("error", error);
        }
        body.put("error_description", description);
        return FakeResponse.of(status, "application/json", body.toString())
                .withHeader("x-amzn-ErrorType", exception + OIDC_ERROR_SUFFIX);
    }

    /** The error answer for an injected status. */
    public FakeResponse errorResponse(RecordedRequest r, int status) {
        if (isOidc(r)) {
            switch (status) {
                case 400: return oidcError(400, "InvalidRequestException", "invalid_request", "Invalid request");
                case 401: return oidcError(401, "InvalidClientException", "invalid_client", "Invalid client");
                case 403: return oidcError(403, "AccessDeniedException", "access_denied", "Access denied");
                default:
                    return oidcError(status, status >= 500 ? "InternalServerException" : "InvalidRequestException",
                            status >= 500 ? "server_error" : "invalid_request", "HTTP " + status);
            }
        }
        switch (status) {
            case 400: return portalError(400, "InvalidRequestException", "Invalid request");
            case 401: return portalError(401, "UnauthorizedException", "Session token not found or invalid");
            case 403: return portalError(403, "ForbiddenException", "No access");
            case 404: return portalError(404, "ResourceNotFoundException", "Not found");
            case 429: return throttleResponse(r);
            default:
                return portalError(status, status >= 500 ? "InternalServerException" : "InvalidRequestException",
                        "HTTP " + status);
        }
    }

    /** 429 {@code TooManyRequestsException} "Rate exceeded", in the portal's or SSO-OIDC's shape. */
    public FakeResponse throttleResponse(RecordedRequest r) {
        if (isOidc(r)) {
            return oidcError(429, "TooManyRequestsException", null, "Rate exceeded");
        }
        return portalError(429, "TooManyRequestsException", "Rate exceeded");
    }
}
