package io.github.mcpoauthkit.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Checks {@link ArchitectureRules} against the production classes of every module on app's test
 * classpath, whether they arrive as jars or as reactor {@code target/classes} directories. Jars
 * stay in: excluding them would drop the very modules under test. Excluding tests keeps out app's
 * own test classes, among them the deliberate violations in {@code ..archfixture..} packages; a
 * module's test-jar (the domain's property-test harness) is test code too, whatever its location.
 */
@AnalyzeClasses(
    packages = ArchitectureRules.BASE_PACKAGE,
    importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
final class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk =
      ArchitectureRules.domain_depends_only_on_the_jdk;

  @ArchTest
  static final ArchRule ports_depend_only_on_the_domain_and_the_jdk =
      ArchitectureRules.ports_depend_only_on_the_domain_and_the_jdk;

  @ArchTest
  static final ArchRule layers_follow_the_hexagon = ArchitectureRules.layers_follow_the_hexagon;

  @ArchTest
  static final ArchRule dev_issuer_depends_only_on_the_domain_and_its_libraries =
      ArchitectureRules.dev_issuer_depends_only_on_the_domain_and_its_libraries;

  @ArchTest
  static final ArchRule adapters_never_depend_on_each_other =
      ArchitectureRules.adapters_never_depend_on_each_other;

  @ArchTest
  static final ArchRule adapters_use_only_their_own_framework =
      ArchitectureRules.adapters_use_only_their_own_framework;

  @ArchTest
  static final ArchRule no_framework_types_in_domain_or_ports =
      ArchitectureRules.no_framework_types_in_domain_or_ports;

  @ArchTest static final ArchRule guice_only_in_app = ArchitectureRules.guice_only_in_app;

  @ArchTest
  static final ArchRule no_cycles_between_top_level_packages =
      ArchitectureRules.no_cycles_between_top_level_packages;

  @ArchTest
  static final ArchRule no_cycles_between_packages = ArchitectureRules.no_cycles_between_packages;

  @ArchTest static final ArchRule no_field_injection = ArchitectureRules.no_field_injection;

  @ArchTest
  static final ArchRule no_standard_streams_outside_main =
      ArchitectureRules.no_standard_streams_outside_main;

  @ArchTest static final ArchRule no_generic_exceptions = ArchitectureRules.no_generic_exceptions;

  @ArchTest static final ArchRule no_java_util_logging = ArchitectureRules.no_java_util_logging;
}
