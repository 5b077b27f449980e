package io.github.mcpoauthkit.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Guards {@link ArchitectureTest} against passing vacuously: if a module fell off app's test
 * classpath or a package were renamed, every rule about it would still be green. The layer rule
 * would even ignore dependencies into the missing module, as it only sees imported classes.
 */
final class ProductionImportTest {

  private static final JavaClasses PRODUCTION = ArchitectureImport.production();

  @ParameterizedTest
  @FieldSource(
      "io.github.mcpoauthkit.app.architecture.ArchitectureRules#PACKAGES_THAT_MUST_NOT_BE_EMPTY")
  void the_production_import_holds_classes_in(String packageIdentifier) {
    assertThat(PRODUCTION.that(JavaClass.Predicates.resideInAPackage(packageIdentifier)))
        .as("production classes in %s", packageIdentifier)
        .isNotEmpty();
  }

  @Test
  void the_production_import_leaves_out_the_violation_fixtures_and_app_tests() {
    assertThat(PRODUCTION)
        .extracting(JavaClass::getPackageName)
        .noneMatch(name -> name.contains(".archfixture"))
        .noneMatch(name -> name.startsWith("io.github.mcpoauthkit.app.architecture"));
  }
}
