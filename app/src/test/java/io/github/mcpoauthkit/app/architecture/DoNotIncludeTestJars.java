package io.github.mcpoauthkit.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Leaves out the classes of a module's test-jar ({@code *-tests.jar}), which {@link
 * ImportOption.DoNotIncludeTests} only recognises as the {@code target/test-classes} directory a
 * reactor build resolves before the {@code package} phase; after it, the same classes arrive as a
 * jar, and test code would be checked as production code.
 */
public final class DoNotIncludeTestJars implements ImportOption {

  @Override
  public boolean includes(Location location) {
    return !location.contains("-tests.jar");
  }
}
