package io.genpipe.model;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Folders whose content genpipe trusts without re-checking it (digest caches, model caches) must be
 * writable by this user only: anyone else who could write there could make a changed model look
 * verified. A folder is created owner-only ({@code rwx------}); an existing one is used only if
 * this user owns it and neither group nor others may write it (not a symbolic link).
 */
final class PrivateFolder {
  /** In a configured cache folder, replaced by the name of the user the JVM runs as. */
  static final String USER_TOKEN = "{user}";
  private static final Logger LOG = Logger.getLogger(PrivateFolder.class.getName());
  private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

  private PrivateFolder() {}

  /**
   * The model cache root for {@code configured} ({@value #USER_TOKEN} expanded): the folder
   * itself if it is private to this user, else {@code <folder>-<user>} (logged once; e.g. a
   * {@code /tmp} path that another user created first).
   *
   * @throws ModelException naming both folders when neither can be made private
   */
  static Path cacheRoot(Path configured) {
    String user = userName();
    Path root = Path.of(configured.toString().replace(USER_TOKEN, user));
    if (ensure(root)) {
      return root;
    }
    Path mine = root.resolveSibling(root.getFileName() + "-" + user);
    if (ensure(mine)) {
      if (WARNED.add(root)) {
        LOG.warning("model cache folder " + root + " is not private to user " + user
            + " (another user owns it, or group/others may write it); using " + mine
            + " instead. Fix: set model-cache-dir to a folder only this user can write, e.g. "
            + "/tmp/genpipe-model-cache-" + USER_TOKEN);
      }
      return mine;
    }
    throw new ModelException("model cache folder " + root + " is not private to user " + user
        + " (another user owns it, group/others may write it, or it cannot be created), nor is "
        + mine + ". Fix: set model-cache-dir to a folder only this user can write, e.g. "
        + "/tmp/genpipe-model-cache-" + USER_TOKEN);
  }

  /** Creates the folder owner-only if absent; true if it is safe to use. */
  static boolean ensure(Path folder) {
    try {
      if (folder.getParent() != null) {
        Files.createDirectories(folder.getParent());
      }
      if (isPosix(folder)) {
        Files.createDirectory(folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(folder);
      }
    } catch (FileAlreadyExistsException e) {
      // checked below
    } catch (IOException e) {
      return false;
    }
    return ownedPrivately(folder);
  }

  private static boolean ownedPrivately(Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!isPosix(folder)) {
      return true;
    }
    try {
      UserPrincipal me = folder.getFileSystem().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
      return me.equals(Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS))
          && !mode.contains(PosixFilePermission.GROUP_WRITE)
          && !mode.contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The JVM's user name, reduced to characters safe in a folder name. */
  private static String userName() {
    return System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
