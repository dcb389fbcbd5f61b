package io.fusionscaler.testing.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A dynamic class-data-sharing archive per kind of JVM (broker, each tool), made by its first run and used
 * by the later ones. The first run dumps into a private file that is renamed into place only after the JVM
 * has exited, so that concurrent runs never see a half-written archive. An archive that does not match the
 * JVM or the jars is ignored by the JVM ({@code -Xshare:auto}).
 */
final class AppCdsArchive {

    private static final AppCdsArchive NONE = new AppCdsArchive(null, null);

    private final Path archive;
    private final Path pending;

    private AppCdsArchive(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /** {@code cds} next to the libs folder, when that is writable; else {@code null}, no archives. */
    static Path defaultDir(Path libs) {
        Path parent = libs.getParent();
        return parent != null && Files.isWritable(parent) ? parent.resolve("cds") : null;
    }

    /** @param cdsDir {@code null} for no archive */
    static AppCdsArchive forLaunch(Path cdsDir, String name, Path libs) {
        if (cdsDir == null) {
            return NONE;
        }
        try {
            Files.createDirectories(cdsDir);
            Path archive = cdsDir.resolve(name + "-" + fingerprint(libs) + ".jsa");
            if (Files.isRegularFile(archive)) {
                return new AppCdsArchive(archive, null);
            }
            deleteAbandonedDumps(cdsDir);
            return new AppCdsArchive(archive,
                    cdsDir.resolve(archive.getFileName() + "." + UUID.randomUUID() + ".tmp"));
        } catch (IOException | UncheckedIOException e) {
            return NONE; // only slower
        }
    }

    List<String> flags() {
        if (archive == null) {
            return List.of();
        }
        return pending == null
                ? List.of("-XX:SharedArchiveFile=" + archive)
                : List.of("-XX:ArchiveClassesAtExit=" + pending);
    }

    /** Moves a freshly dumped archive into place; call it once its JVM has exited. */
    void publish() {
        if (pending == null) {
            return;
        }
        try {
            if (Files.isRegularFile(pending) && Files.size(pending) > 0 && !Files.exists(archive)) {
                moveAtomically(pending, archive);
            }
        } catch (IOException e) {
            // another JVM published first, or the folder went away: the archive is only an optimization
        } finally {
            UncheckedFiles.deleteQuietly(pending);
        }
    }

    /** Removes dumps of JVMs that were killed before they could be published (dumps take seconds, not hours). */
    private static void deleteAbandonedDumps(Path cdsDir) throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.list(cdsDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .filter(f -> lastModified(f).compareTo(cutoff) < 0)
                    .forEach(UncheckedFiles::deleteQuietly);
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.from(Instant.now());
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            // leave it: a non-atomic move could expose a partial file
        }
    }

    /** Identifies the JVM and the jars; any change makes a new archive. */
    private static String fingerprint(Path libs) throws IOException {
        StringBuilder key = new StringBuilder()
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(libs).append('\n');
        try (Stream<Path> jars = Files.list(libs)) {
            for (Path jar : jars.sorted().collect(Collectors.toList())) {
                key.append(jar.getFileName()).append(' ').append(Files.size(jar)).append('\n');
            }
        }
        return sha256(key.toString()).substring(0, 16);
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
