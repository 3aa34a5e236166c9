package io.genpipe.model;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lists a model folder's files: regular files at any depth, following symbolic links (Hugging Face
 * cache snapshots link each file to a blob). Hidden files and folders, whose name starts with
 * {@code '.'} ({@code .git/}, {@code .cache/}, the digest cache), are not part of the model.
 */
final class ModelFolder {
  private ModelFolder() {}

  /** The folder's files, sorted by {@link ModelDescriptor#PATH_ORDER}. */
  static List<FileStat> list(Path dir) {
    List<FileStat> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir, Set.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new Collector(dir, found));
    } catch (IOException e) {
      throw new ModelException(
          "Cannot list model folder "
              + dir
              + ": "
              + e
              + ". Fix: make the folder and its files readable by the user running the driver.",
          e);
    }
    found.sort(Comparator.comparing(FileStat::path, ModelDescriptor.PATH_ORDER));
    return found;
  }

  static String relativePath(Path dir, Path file) {
    List<String> names = new ArrayList<>();
    dir.relativize(file).forEach(name -> names.add(name.toString()));
    return String.join("/", names);
  }

  private static boolean hidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static final class Collector extends SimpleFileVisitor<Path> {
    private final Path dir;
    private final List<FileStat> found;

    Collector(Path dir, List<FileStat> found) {
      this.dir = dir;
      this.found = found;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attrs) {
      return !path.equals(dir) && hidden(path)
          ? FileVisitResult.SKIP_SUBTREE
          : FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) {
      if (hidden(path)) {
        return FileVisitResult.CONTINUE;
      }
      String rel = relativePath(dir, path);
      if (attrs.isSymbolicLink()) {
        throw new ModelException(
            "Model file "
                + path
                + " is a broken symbolic link. Fix: restore its target (for a"
                + " Hugging Face cache, download the model again) or delete the link.");
      }
      if (attrs.isRegularFile()) {
        checkName(rel, path);
        long mtime = attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        found.add(new FileStat(rel, path, attrs.size(), mtime));
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
      if (e instanceof FileSystemLoopException) {
        throw new ModelException(
            "Model folder "
                + dir
                + " contains a symbolic-link loop at "
                + path
                + ". Fix: remove the link that points back into the folder.");
      }
      throw e;
    }

    private static void checkName(String rel, Path path) {
      if (rel.indexOf('\\') >= 0 || rel.chars().anyMatch(Character::isISOControl)) {
        throw new ModelException(
            "Model file "
                + path
                + " has a backslash or a control character (such as a line"
                + " break) in its name, which model paths cannot represent. Fix: rename the file.");
      }
    }
  }
}
