package io.github.mcpoauthkit.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Imports classes the way {@link ArchitectureTest}'s {@code @AnalyzeClasses} does, read from the
 * annotation itself, so that what the plain tests check is what the rules see.
 */
final class ArchitectureImport {

  private static final AnalyzeClasses ANALYZE =
      ArchitectureTest.class.getAnnotation(AnalyzeClasses.class);

  private ArchitectureImport() {}

  static JavaClasses production() {
    return importClasses(location -> false);
  }

  /**
   * The production classes plus the given test classes, which the production import leaves out.
   * Imported afresh rather than filtered from a larger import: a filtered {@code JavaClasses} still
   * reports dependencies from the classes filtered out, and the layer rule counts them.
   */
  static JavaClasses productionAnd(List<Class<?>> extraClasses) {
    return importClasses(location -> extraClasses.stream().anyMatch(c -> holds(location, c)));
  }

  private static JavaClasses importClasses(Predicate<Location> alsoInclude) {
    List<ImportOption> production =
        Arrays.stream(ANALYZE.importOptions()).map(ArchitectureImport::instantiate).toList();
    ImportOption option =
        location ->
            production.stream().allMatch(o -> o.includes(location)) || alsoInclude.test(location);
    return new ClassFileImporter().withImportOption(option).importPackages(ANALYZE.packages());
  }

  private static boolean holds(Location location, Class<?> topLevelClass) {
    String path = "/" + topLevelClass.getName().replace('.', '/');
    return location.contains(path + ".class") || location.contains(path + "$");
  }

  private static ImportOption instantiate(Class<? extends ImportOption> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create import option " + type.getName(), e);
    }
  }
}
