package io.github.tempcreds.core.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files that hold tokens or identities (the SSO token cache, the Cognito identity-id store, the
 * {@code credential_process} cache), written one way everywhere: under a JVM lock and a cross-process
 * {@link FileLock} on {@code <file>.lock}, to an owner-only temporary file in the same directory that is
 * synced and then atomically renamed over the file.
 *
 * <ul>
 *   <li>The lock file is opened without following a symbolic link: a link planted at the lock path is
 *       refused, and its target is never created or truncated.</li>
 *   <li>The temporary file is created new (never an existing path), owner-only; temporary files left by a
 *       process killed between write and rename are deleted by the next write.</li>
 *   <li>A directory that others can write to, or that another user owns, is reported once per directory
 *       with a WARN naming it and the fix (another user could replace the files in it); so is a file owned
 *       by another user. Nothing is refused: the AWS CLI shares the same directories.</li>
 *   <li>Lock files stay: deleting a lock file while another process waits on it would let two processes
 *       hold "the" lock at once. They are empty and owner-only.</li>
 * </ul>
 *
 * <p>Internal: not API, no compatibility promise; other tempcreds modules use it.
 *
 * <p>Thread-safe.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    /** Log (WARN): args: what, path, why. */
    static final String UNSAFE = "The {} {} {}; another user could read or replace the credentials in it. "
            + "Fix: chown it to this user and chmod it 700 (directory) or 600 (file)";
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Work done while holding the lock. */
    @FunctionalInterface
    public interface Locked<T> {
        /** Runs the work. */
        T run() throws IOException;
    }

    /** The lock file of {@code file}: {@code <file>.lock} beside it. */
    public static Path lockFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /**
     * Runs {@code work} holding the JVM lock and the cross-process lock of {@code file}; creates the
     * directory (owner-only) if needed. Do no user callbacks inside.
     *
     * @throws IOException when the lock file cannot be opened (a symbolic link at its path included)
     */
    @SuppressWarnings("try") // the lock is held by the try-with-resources, not referenced
    public static <T> T withLock(Path file, Locked<T> work) throws IOException {
        Path lockFile = lockFile(file.toAbsolutePath());
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        jvmLock.lock();
        try {
            createDirectory(lockFile.getParent());
            try (FileChannel ch = openLockFile(lockFile); FileLock ignored = ch.lock()) {
                return work.run();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    /**
     * Replaces {@code file} atomically with {@code content}, owner-only; creates the directory
     * (owner-only) if needed. Call under {@link #withLock}.
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path dir = createDirectory(file.toAbsolutePath().getParent());
        deleteLeftovers(dir, "." + file.getFileName() + ".");
        replaceIn(dir, file, content);
    }

    /**
     * Replaces {@code file} atomically with {@code content}, owner-only (a temporary file in the same
     * directory, flushed, then renamed over it); creates the directory (owner-only) if needed. Without a
     * lock and without removing other writers' leftovers: for files only this process writes (the
     * testkit's token caches and outputs); {@link #writeAtomically} under {@link #withLock} otherwise.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        replaceIn(createDirectory(file.toAbsolutePath().getParent()), file, content);
    }

    private static void replaceIn(Path dir, Path file, byte[] content) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        Path tmp = posix(dir) ? Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_RW))
                : Files.createTempFile(dir, prefix, ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    LinkOption.NOFOLLOW_LINKS)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** WARNs once if {@code file} exists and is owned by another user. */
    public static void checkOwner(Path file) {
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !isOurs(file)) {
                warnOnce(file, "file", "is owned by another user");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // no owner to check on this file system
        }
    }

    private static Path createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                if (posix(dir)) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                } else {
                    Files.createDirectories(dir);
                }
            } catch (FileAlreadyExistsException raced) {
                // created concurrently
            }
        } else {
            checkDirectory(dir);
        }
        return dir;
    }

    private static void checkDirectory(Path dir) {
        try {
            if (!posix(dir)) {
                return;
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (perms.contains(PosixFilePermission.OTHERS_WRITE) && !isSticky(dir)) {
                warnOnce(dir, "directory", "is writable by other users");
            } else if (!isOurs(dir)) {
                warnOnce(dir, "directory", "is owned by another user");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // nothing to check on this file system
        }
    }

    private static boolean isSticky(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode");
            return mode instanceof Integer && (((Integer) mode) & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isOurs(Path p) throws IOException {
        UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
        return owner.getName().equals(System.getProperty("user.name"));
    }

    private static void warnOnce(Path p, String what, String why) {
        if (WARNED.add(p.toAbsolutePath())) {
            LOG.warn(UNSAFE, what, SafeText.quote(p.toString()), why);
        }
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return posix(lockFile.getParent())
                ? FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(OWNER_RW))
                : FileChannel.open(lockFile, options);
    }

    private static void deleteLeftovers(Path dir, String prefix) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, prefix + "*.tmp")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("Could not clean up temporary files in {}: {}", dir, e.toString());
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
