package io.github.mcpoauthkit.app.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * One entry of a {@code .tar.gz}, read from its ustar header (and a pax {@code path} record, for
 * long names), so that the test sees the modes and times the archive itself holds, not what a
 * {@code tar} program makes of them.
 */
record TarEntry(String name, int mode, Instant modified, boolean directory) {

  private static final int BLOCK = 512;

  static List<TarEntry> read(Path archive) throws IOException {
    List<TarEntry> entries = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
      String paxPath = null;
      while (true) {
        byte[] header = in.readNBytes(BLOCK);
        if (header.length < BLOCK || isZero(header)) {
          return entries;
        }
        long size = octal(header, 124, 12);
        char type = (char) header[156];
        byte[] content = in.readNBytes((int) size);
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        if (type == 'x') {
          paxPath = paxPath(new String(content, StandardCharsets.UTF_8));
          continue;
        }
        String name = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        if (paxPath != null) {
          name = paxPath;
          paxPath = null;
        }
        entries.add(
            new TarEntry(
                name,
                (int) octal(header, 100, 8) & 07777,
                Instant.ofEpochSecond(octal(header, 136, 12)),
                type == '5'));
      }
    }
  }

  /** The {@code path} of pax records ({@code "<length> path=<value>\n"}), or null. */
  private static String paxPath(String records) {
    for (String record : records.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static long octal(byte[] header, int offset, int length) {
    String value = text(header, offset, length).trim();
    return value.isEmpty() ? 0 : Long.parseLong(value, 8);
  }
}
