package io.github.tempcreds.sso.internal;

import io.github.tempcreds.core.internal.PrivateFiles;
import io.github.tempcreds.core.internal.BoundedFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The token cache file of one SSO session, {@code ~/.aws/sso/cache/<sha1 hex>.json}, and its lock.
 *
 * <p>Writes are atomic (a temporary file in the same directory, flushed to disk, then renamed over the
 * target) and owner-only ({@code rw-------} where the file system is POSIX). Refreshes run under
 * {@link #withLock}, an exclusive {@link FileChannel#lock()} on the sibling {@code <sha1>.json.lock},
 * which also serializes threads of this JVM (the JDK forbids overlapping locks of one file in one JVM).
 *
 * <p>Concurrency: {@link #withLock} holds a JVM-wide {@link ReentrantLock} per lock path, then the OS
 * file lock; both are released in {@code finally}. The OS releases the file lock if the process dies.
 * Reads take no lock: a reader sees the old or the new file, never a partial one, thanks to the rename.
 */
public final class TokenCacheFile {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private final Path file;
    private final Path lockFile;

    private TokenCacheFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    /** The cache file for a session name (or a legacy start URL) under a home directory. */
    public static TokenCacheFile of(Path home, String sessionNameOrStartUrl) {
        return new TokenCacheFile(home.resolve(".aws").resolve("sso").resolve("cache")
                .resolve(cacheKey(sessionNameOrStartUrl) + ".json"));
    }

    /** Lower-case hex SHA-1 of the text, the cache key the CLI and the SDKs use. */
    public static String cacheKey(String sessionNameOrStartUrl) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(sessionNameOrStartUrl.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    /** The file. */
    public Path path() {
        return file;
    }

    /**
     * Reads and parses the file.
     *
     * @return the entry, or empty when the file does not exist
     * @throws TokenCacheEntry.MalformedException when the content is not a token cache entry
     * @throws IOException when the file exists but cannot be read
     */
    public Optional<TokenCacheEntry> read() throws IOException {
        byte[] bytes;
        try {
            bytes = BoundedFiles.read(file, BoundedFiles.FILE_LIMIT);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(TokenCacheEntry.parse(bytes));
    }

    /**
     * Replaces the file atomically with the entry, owner-only; creates the directory (owner-only) if
     * needed. Call under {@link #withLock}.
     */
    public void write(TokenCacheEntry entry) throws IOException {
        PrivateFiles.writeAtomically(file, entry.toJson());
    }

    /** Work done while holding the lock. */
    @FunctionalInterface
    public interface Locked<T> {
        /** Runs the work. */
        T run() throws IOException;
    }

    /**
     * Runs {@code work} holding this session's JVM lock and cross-process file lock ({@code <file>.lock},
     * never followed if it is a symbolic link); blocks until both are free. Do no user callbacks inside.
     */
    public <T> T withLock(Locked<T> work) throws IOException {
        PrivateFiles.checkOwner(file);
        return PrivateFiles.withLock(file, work::run);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
