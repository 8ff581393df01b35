package io.github.tempcreds.examples;

import io.github.tempcreds.core.internal.BoundedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Looks at the IAM Identity Center token caches ({@code ~/.aws/sso/cache/*.json}): access tokens that
 * expired and cannot be refreshed, tokens about to expire, client registrations that expire (after
 * which no token can be refreshed), and files that cannot be read. Tokens are never printed; the fix
 * names the exact {@code aws sso login} command when the config file tells which session a file
 * belongs to (file name = SHA-1 of the session name, or of the start URL for legacy profiles).
 */
final class SsoCacheCheck implements DoctorCheck {
    static final String ID = "sso-cache";
    /** A token closer than this to expiry, and not refreshable, is a warning. */
    static final Duration TOKEN_WARNING = Duration.ofHours(1);
    /** A registration closer than this to expiry is a warning. */
    static final Duration REGISTRATION_WARNING = Duration.ofDays(7);

    private static final Pattern SSO_SESSION_SECTION =
            Pattern.compile("^\\s*\\[\\s*sso-session\\s+([^\\]]+?)\\s*\\]", Pattern.MULTILINE);

    @Override
    public List<DoctorFinding> run(DoctorContext context) {
        Path dir = context.files().ssoCacheDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Map<String, String> logins = loginCommands(context.files());
        List<DoctorFinding> findings = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                checkFile(file, context.now(), logins, findings);
            }
        } catch (IOException e) {
            findings.add(DoctorFinding.warning(ID, "cannot list " + dir + ": " + e.getMessage(),
                    "Make " + dir + " readable by this user."));
        }
        return findings;
    }

    private static void checkFile(Path file, Instant now, Map<String, String> logins, List<DoctorFinding> out) {
        String name = file.getFileName().toString();
        String login = logins.getOrDefault(name.substring(0, name.length() - ".json".length()), "aws sso login");
        JsonNode json;
        try {
            json = JsonNode.parser().parse(BoundedFiles.readString(file, BoundedFiles.FILE_LIMIT));
        } catch (IOException | RuntimeException e) {
            out.add(DoctorFinding.problem(ID, "SSO cache file " + file + " cannot be read as JSON",
                    "Delete " + file + " and run `" + login + "`."));
            return;
        }
        if (!json.isObject()) {
            out.add(DoctorFinding.problem(ID, "SSO cache file " + file + " is not a JSON object",
                    "Delete " + file + " and run `" + login + "`."));
            return;
        }
        if (json.field("accessToken").isPresent()) {
            checkToken(file, json, now, login, out);
        } else if (json.field("clientSecret").isPresent()) {
            // A client registration written by the CLI (botocore-client-id-<region>.json): expiresAt is the registration's.
            time(json, "expiresAt").filter(t -> !t.isAfter(now)).ifPresent(t -> out.add(DoctorFinding.note(ID,
                    "SSO client registration " + file.getFileName() + " expired at " + t + "; the CLI registers anew"
                            + " at the next login")));
        }
    }

    private static void checkToken(Path file, JsonNode json, Instant now, String login, List<DoctorFinding> out) {
        String what = "SSO token " + file.getFileName() + text(json, "startUrl").map(u -> " (" + u + ")").orElse("");
        Optional<Instant> expiresAt = time(json, "expiresAt");
        if (expiresAt.isEmpty()) {
            out.add(DoctorFinding.problem(ID, what + " has no readable expiresAt",
                    "Run `" + login + "` to write a new token."));
            return;
        }
        Optional<Instant> registrationExpiresAt = time(json, "registrationExpiresAt");
        boolean refreshable = text(json, "refreshToken").isPresent() && text(json, "clientId").isPresent()
                && registrationExpiresAt.map(now::isBefore).orElse(false);
        Instant expiry = expiresAt.get();
        if (!expiry.isAfter(now)) {
            if (refreshable) {
                out.add(DoctorFinding.note(ID, what + " expired at " + expiry
                        + "; it has a refresh token and a valid registration, so tempcreds refreshes it"));
            } else {
                out.add(DoctorFinding.problem(ID, what + " expired at " + expiry + " and cannot be refreshed"
                        + " (no refresh token or registration expired)", "Run `" + login + "`."));
            }
        } else if (!refreshable && Duration.between(now, expiry).compareTo(TOKEN_WARNING) < 0) {
            out.add(DoctorFinding.warning(ID, what + " expires at " + expiry + " (in "
                    + Duration.between(now, expiry).toMinutes() + " min) and cannot be refreshed",
                    "Run `" + login + "` before it expires."));
        } else {
            out.add(DoctorFinding.note(ID, what + " valid until " + expiry + (refreshable ? ", refreshable" : "")));
        }
        registrationExpiresAt.ifPresent(reg -> {
            if (!reg.isAfter(now)) {
                out.add(DoctorFinding.warning(ID, "client registration of " + what + " expired at " + reg
                        + ": the token can no longer be refreshed", "Run `" + login + "` to register anew."));
            } else if (Duration.between(now, reg).compareTo(REGISTRATION_WARNING) < 0) {
                out.add(DoctorFinding.warning(ID, "client registration of " + what + " expires at " + reg
                        + " (in " + Duration.between(now, reg).toDays() + " days)",
                        "Run `" + login + "` before then; after it the token cannot be refreshed."));
            }
        });
    }

    private static Optional<String> text(JsonNode json, String field) {
        return json.field(field).filter(JsonNode::isString).map(JsonNode::asString).filter(s -> !s.isBlank());
    }

    /** Both timestamp forms real clients write ({@code …SSZ}, {@code ….mmmZ}) and the old {@code …UTC}. */
    static Optional<Instant> time(JsonNode json, String field) {
        return text(json, field).flatMap(s -> {
            String t = s.endsWith("UTC") ? s.substring(0, s.length() - 3) + "Z" : s;
            try {
                return Optional.of(Instant.parse(t));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** SHA-1 of a session name or start URL → the {@code aws sso login} command for it. */
    private static Map<String, String> loginCommands(AwsFiles files) {
        Map<String, String> logins = new LinkedHashMap<>();
        Path config = files.configFile();
        try {
            Optional<ProfileFile> parsed = files.read(config, ProfileFile.Type.CONFIGURATION);
            if (parsed.isEmpty()) {
                return logins;
            }
            for (Map.Entry<String, Profile> e : parsed.get().profiles().entrySet()) {
                Map<String, String> p = e.getValue().properties();
                if (p.containsKey("sso_start_url") && !p.containsKey("sso_session")) {
                    logins.putIfAbsent(sha1(p.get("sso_start_url")), "aws sso login --profile " + e.getKey());
                }
            }
            Matcher m = SSO_SESSION_SECTION.matcher(BoundedFiles.readString(config, BoundedFiles.FILE_LIMIT));
            while (m.find()) {
                logins.put(sha1(m.group(1)), "aws sso login --sso-session " + m.group(1));
            }
        } catch (IOException | RuntimeException e) {
            // The file-keys check reports an unreadable config file; fall back to the generic command.
        }
        return logins;
    }

    static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }
}
