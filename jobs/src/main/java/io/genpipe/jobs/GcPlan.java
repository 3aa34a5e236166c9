package io.genpipe.jobs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;

/**
 * What {@link MediaGc} found under {@code OUT/media}.
 *
 * @param objects every object listed (count), {@code bytes} their size
 * @param referenced objects some manifest row references
 * @param unreferenced published objects no manifest row references, old enough to delete
 * @param staging staging leftovers ({@code media/_staging/}), old enough to delete
 * @param young unreferenced or staging objects kept because they are younger than the minimum age
 */
public record GcPlan(long objects, long bytes, long referenced, List<FileStatus> unreferenced,
    List<FileStatus> staging, List<FileStatus> young) {

  static GcPlan of(Collection<FileStatus> media, Set<String> referenced, String stagingPrefix,
      long olderThanMillis) {
    List<FileStatus> unreferenced = new ArrayList<>();
    List<FileStatus> staging = new ArrayList<>();
    List<FileStatus> young = new ArrayList<>();
    long refs = 0;
    for (FileStatus f : media) {
      String uri = f.getPath().toString();
      boolean isStaging = uri.startsWith(stagingPrefix);
      if (!isStaging && referenced.contains(uri)) {
        refs++;
      } else if (f.getModificationTime() > olderThanMillis) {
        young.add(f);
      } else {
        (isStaging ? staging : unreferenced).add(f);
      }
    }
    return new GcPlan(media.size(), bytes(media), refs, List.copyOf(unreferenced),
        List.copyOf(staging), List.copyOf(young));
  }

  /** Unreferenced and staging objects: what {@code --delete} removes. */
  public List<FileStatus> garbage() {
    List<FileStatus> all = new ArrayList<>(unreferenced);
    all.addAll(staging);
    return all;
  }

  public static long bytes(Collection<FileStatus> files) {
    return files.stream().mapToLong(FileStatus::getLen).sum();
  }
}
