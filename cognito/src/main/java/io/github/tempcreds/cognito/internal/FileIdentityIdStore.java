package io.github.tempcreds.cognito.internal;

import io.github.tempcreds.core.internal.PrivateFiles;
import io.github.tempcreds.cognito.IdentityIdStore;
import io.github.tempcreds.core.internal.BoundedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link IdentityIdStore#file(Path)}: a properties file, key {@code <pool id> <user key>}, value the
 * identity id. Internal: no compatibility promise.
 *
 * <p>Concurrency: a change takes a JVM-wide lock per file (threads), then an exclusive {@link FileLock}
 * on {@code <file>.lock} (processes), re-reads the file, applies the change, writes a temporary file in the
 * same directory (owner-only) and renames it over the file atomically. Reads take no lock: a rename is
 * atomic, so a reader sees the old or the new file, never a torn one.
 */
public final class FileIdentityIdStore implements IdentityIdStore {
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;

    /** A store in {@code file}. */
    public FileIdentityIdStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    }

    private static String key(String poolId, String userKey) {
        return Objects.requireNonNull(poolId, "identityPoolId") + " " + Objects.requireNonNull(userKey, "userKey");
    }

    @Override
    public Optional<String> get(String identityPoolId, String userKey) {
        return Optional.ofNullable(read().getProperty(key(identityPoolId, userKey)));
    }

    @Override
    public void put(String identityPoolId, String userKey, String identityId) {
        Objects.requireNonNull(identityId, "identityId");
        update(p -> p.setProperty(key(identityPoolId, userKey), identityId));
    }

    @Override
    public void remove(String identityPoolId, String userKey) {
        update(p -> p.remove(key(identityPoolId, userKey)));
    }

    private Properties read() {
        Properties p = new Properties();
        try (InputStream in = new java.io.ByteArrayInputStream(BoundedFiles.read(file, BoundedFiles.FILE_LIMIT))) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Cognito identity id store " + file, e);
        }
        return p;
    }

    private void update(Consumer<Properties> change) {
        try {
            PrivateFiles.checkOwner(file);
            PrivateFiles.withLock(file, () -> {
                Properties p = read();
                change.accept(p);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                p.store(out, "Cognito identity ids by identity pool and user (tempcreds); keep private");
                PrivateFiles.writeAtomically(file, out.toByteArray());
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Cognito identity id store " + file, e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String perms) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))}
                : new FileAttribute<?>[0];
    }

    @Override
    public String toString() {
        return "IdentityIdStore(file " + file + ")";
    }
}
