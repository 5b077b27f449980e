package io.github.mcpoauthkit.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The architecture of mcp-oauth-kit as executable rules: a hexagon whose core ({@code domain},
 * {@code port}, {@code application}) knows no framework, with adapters that know the core but not
 * each other, composed by Guice in {@code app} only.
 *
 * <p>Maven already keeps the modules apart; these rules hold what Maven cannot see: packages inside
 * one module, annotations and types that arrive transitively, and coding habits. {@link
 * ArchitectureTest} checks them against the production classes of every module; {@code
 * ArchitectureRulesFailOnViolationsTest} proves each one fails on a deliberate violation, because a
 * rule aimed at a package that does not exist passes while checking nothing.
 */
public final class ArchitectureRules {

  static final String BASE_PACKAGE = "io.github.mcpoauthkit";

  static final String DOMAIN = "io.github.mcpoauthkit.domain..";
  static final String PORT = "io.github.mcpoauthkit.port..";
  static final String APPLICATION = "io.github.mcpoauthkit.application..";
  static final String STREAMABLE_HTTP = "io.github.mcpoauthkit.streamablehttp..";
  static final String NIMBUS = "io.github.mcpoauthkit.adapter.nimbus..";
  static final String INTROSPECTION = "io.github.mcpoauthkit.adapter.introspection..";
  static final String HELIDON = "io.github.mcpoauthkit.adapter.helidon..";
  static final String UNDERTOW = "io.github.mcpoauthkit.adapter.undertow..";
  static final String MICROMETER = "io.github.mcpoauthkit.adapter.micrometer..";
  static final String OPENTELEMETRY = "io.github.mcpoauthkit.adapter.opentelemetry..";
  static final String DEV_ISSUER = "io.github.mcpoauthkit.devissuer..";
  static final String APP = "io.github.mcpoauthkit.app..";

  /** The packages that must hold production classes for the rules to mean anything. */
  static final List<String> PACKAGES_THAT_MUST_NOT_BE_EMPTY =
      List.of(
          DOMAIN,
          PORT,
          APPLICATION,
          STREAMABLE_HTTP,
          NIMBUS,
          INTROSPECTION,
          HELIDON,
          UNDERTOW,
          MICROMETER,
          OPENTELEMETRY,
          DEV_ISSUER,
          APP);

  private static final String[] GUICE = {
    "com.google.inject..", "jakarta.inject..", "javax.inject.."
  };
  private static final String[] HELIDON_FRAMEWORK = {"io.helidon.."};
  private static final String[] UNDERTOW_FRAMEWORK = {"io.undertow..", "org.xnio.."};
  private static final String[] NIMBUS_FRAMEWORK = {"com.nimbusds.."};
  private static final String[] MICROMETER_FRAMEWORK = {"io.micrometer..", "io.prometheus.."};
  private static final String[] OPENTELEMETRY_FRAMEWORK = {"io.opentelemetry.."};
  private static final String[] MCP_SDK = {
    "io.modelcontextprotocol..", "reactor..", "org.reactivestreams.."
  };

  /**
   * The domain decides whether a token is good, and it must be testable with nothing but a fixed
   * {@code Clock}: a library type in it would put that library into every embedding server.
   */
  public static final ArchRule domain_depends_only_on_the_jdk =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", "javax.crypto..", DOMAIN)
          .because(
              "the domain is plain JDK code that any MCP server can embed and that tests need no"
                  + " framework for (javax.crypto is the JDK's HMAC, for DPoP nonces)");

  /**
   * Ports and the application service are the contract every adapter implements or calls; a library
   * type in them would force that library on every adapter.
   */
  public static final ArchRule ports_depend_only_on_the_domain_and_the_jdk =
      classes()
          .that()
          .resideInAnyPackage(PORT, APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("java..", DOMAIN, PORT, APPLICATION)
          .because(
              "ports are the technology-neutral contract between the core and the adapters, so"
                  + " they may speak only in domain and JDK types");

  /**
   * Dependencies point inwards: domain, then ports, then the adapters and the MCP transport, then
   * the composition root. Every class of the kit must sit in a layer, so that a new package cannot
   * escape the rule by not being named in it.
   */
  public static final ArchRule layers_follow_the_hexagon =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .ensureAllClassesAreContainedInArchitecture()
          .layer("Domain")
          .definedBy(DOMAIN)
          .layer("Ports")
          .definedBy(PORT, APPLICATION)
          .layer("Nimbus")
          .definedBy(NIMBUS)
          .layer("Introspection")
          .definedBy(INTROSPECTION)
          .layer("StreamableHttp")
          .definedBy(STREAMABLE_HTTP)
          .layer("Helidon")
          .definedBy(HELIDON)
          .layer("Undertow")
          .definedBy(UNDERTOW)
          .layer("Micrometer")
          .definedBy(MICROMETER)
          .layer("OpenTelemetry")
          .definedBy(OPENTELEMETRY)
          .layer("DevIssuer")
          .definedBy(DEV_ISSUER)
          .layer("App")
          .definedBy(APP)
          .whereLayer("App")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("DevIssuer")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Helidon")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Undertow")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Nimbus")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Introspection")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("Micrometer")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("OpenTelemetry")
          .mayOnlyBeAccessedByLayers("App")
          .whereLayer("StreamableHttp")
          .mayOnlyBeAccessedByLayers("Helidon", "Undertow", "App")
          .whereLayer("Ports")
          .mayOnlyBeAccessedByLayers(
              "Nimbus",
              "Introspection",
              "StreamableHttp",
              "Helidon",
              "Undertow",
              "Micrometer",
              "OpenTelemetry",
              "App")
          .because(
              "the core must stay usable without any adapter, and only the composition root may"
                  + " know every part");

  /**
   * The development issuer is a product of its own that only {@code --dev} starts: it speaks OAuth
   * with the domain's value types, the JDK's HTTP server and the Nimbus SDK, and knows no port, no
   * adapter, no MCP transport and no container, so that it can neither leak into the server nor
   * pull the server's web frameworks into the issuer.
   */
  public static final ArchRule dev_issuer_depends_only_on_the_domain_and_its_libraries =
      classes()
          .that()
          .resideInAPackage(DEV_ISSUER)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "java..",
              "com.sun.net.httpserver..",
              "com.nimbusds..",
              "net.minidev..",
              DOMAIN,
              DEV_ISSUER)
          .because(
              "only app may start the development issuer, and the issuer must stay usable without"
                  + " any adapter or web server of the kit");

  /**
   * Each adapter is replaceable on its own: the app picks one web server at build time, and the MCP
   * transport must work the same under both.
   */
  public static final ArchRule adapters_never_depend_on_each_other =
      CompositeArchRule.of(
              slices()
                  .matching("io.github.mcpoauthkit.adapter.(*)..")
                  .should()
                  .notDependOnEachOther())
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(STREAMABLE_HTTP)
                  .should()
                  .dependOnClassesThat()
                  .resideInAPackage(NIMBUS))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(NIMBUS)
                  .should()
                  .dependOnClassesThat()
                  .resideInAPackage(STREAMABLE_HTTP))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(INTROSPECTION)
                  .should()
                  .dependOnClassesThat()
                  .resideInAPackage(STREAMABLE_HTTP))
          .because(
              "an adapter that reaches into another cannot be dropped or swapped alone; they meet"
                  + " only through the ports, wired in app");

  /**
   * The package rule above cannot see a framework that arrives transitively (Undertow and Helidon
   * are both on app's test classpath), so each adapter is also kept to its own framework, and the
   * transport-neutral module to none.
   */
  public static final ArchRule adapters_use_only_their_own_framework =
      CompositeArchRule.of(
              noClasses()
                  .that()
                  .resideInAPackage(STREAMABLE_HTTP)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          UNDERTOW_FRAMEWORK,
                          NIMBUS_FRAMEWORK,
                          MICROMETER_FRAMEWORK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(HELIDON)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          UNDERTOW_FRAMEWORK,
                          NIMBUS_FRAMEWORK,
                          MICROMETER_FRAMEWORK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(UNDERTOW)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          NIMBUS_FRAMEWORK,
                          MICROMETER_FRAMEWORK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(NIMBUS)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          UNDERTOW_FRAMEWORK,
                          MCP_SDK,
                          MICROMETER_FRAMEWORK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(INTROSPECTION)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          UNDERTOW_FRAMEWORK,
                          MCP_SDK,
                          MICROMETER_FRAMEWORK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(MICROMETER)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          UNDERTOW_FRAMEWORK,
                          NIMBUS_FRAMEWORK,
                          MCP_SDK,
                          OPENTELEMETRY_FRAMEWORK)))
          .and(
              noClasses()
                  .that()
                  .resideInAPackage(OPENTELEMETRY)
                  .should()
                  .dependOnClassesThat()
                  .resideInAnyPackage(
                      concat(
                          HELIDON_FRAMEWORK,
                          UNDERTOW_FRAMEWORK,
                          NIMBUS_FRAMEWORK,
                          MCP_SDK,
                          MICROMETER_FRAMEWORK)))
          .because(
              "the HTTP behaviour is decided once in streamable-http and must not differ between"
                  + " Helidon and Undertow, key fetching and introspection have nothing to do with"
                  + " either, and metrics"
                  + " and traces reach the kit only through their ports");

  /**
   * Spelled out although the two JDK-only rules imply it: this rule's message names the framework,
   * which is what a reviewer needs to see.
   */
  public static final ArchRule no_framework_types_in_domain_or_ports =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN, PORT, APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              concat(
                  GUICE,
                  new String[] {"com.fasterxml.jackson..", "org.slf4j.."},
                  NIMBUS_FRAMEWORK,
                  HELIDON_FRAMEWORK,
                  UNDERTOW_FRAMEWORK,
                  MICROMETER_FRAMEWORK,
                  OPENTELEMETRY_FRAMEWORK,
                  MCP_SDK))
          .because(
              "domain and ports ship to Java 17 MCP servers that bring their own web server, JSON"
                  + " library, logging and container");

  /**
   * Adapters are built by factories and wired by Guice modules in app; an {@code @Inject} elsewhere
   * would tie the library to one container. {@code jakarta.inject} counts too: it is what Guice 7
   * reads.
   */
  public static final ArchRule guice_only_in_app =
      noClasses()
          .that()
          .resideOutsideOfPackage(APP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(GUICE)
          .because(
              "the library modules must be usable with any container or none; only the"
                  + " composition root knows Guice");

  /**
   * Catches what the package rule below misses: {@code port.driving -> application -> port.driven}
   * is no cycle between packages, yet it ties {@code port} and {@code application} together. Maven
   * refuses such cycles between modules, but these two share one.
   */
  public static final ArchRule no_cycles_between_top_level_packages =
      slices()
          .matching("io.github.mcpoauthkit.(*)..")
          .should()
          .beFreeOfCycles()
          .because("a cycle makes two parts impossible to understand, test or replace alone");

  /** Also inside a module, e.g. between {@code domain.token} and {@code domain.resource}. */
  public static final ArchRule no_cycles_between_packages =
      slices()
          .matching("io.github.mcpoauthkit.(**)")
          .should()
          .beFreeOfCycles()
          .because("packages are the unit a reader learns one at a time, bottom-up");

  /**
   * Field injection hides dependencies and lets a half-built object exist; the house style is
   * constructor injection only.
   */
  public static final ArchRule no_field_injection =
      noFields()
          .should(GeneralCodingRules.BE_ANNOTATED_WITH_AN_INJECTION_ANNOTATION)
          .as("no classes should use field injection")
          .because("dependencies belong in the constructor, where they are visible and final");

  /**
   * A library must not write to the console of the server that embeds it; only the launcher's
   * {@code main} may report a startup failure there. ArchUnit's ready-made rule allows no
   * exception, hence this one.
   */
  public static final ArchRule no_standard_streams_outside_main =
      noClasses()
          .should()
          .accessTargetWhere(standardStreamAccessOutsideMain())
          .because(
              "output of an embedded library belongs to the host's logging, and only main runs"
                  + " before any logging exists");

  /**
   * The kit returns expected outcomes as values and throws only for programmer errors and startup
   * failures; those need a type that says which.
   */
  public static final ArchRule no_generic_exceptions =
      noClasses()
          .should(GeneralCodingRules.THROW_GENERIC_EXCEPTIONS)
          .because(
              "a caller can only react to an exception whose type tells what went wrong; expected"
                  + " outcomes are values anyway");

  /**
   * The kit logs through SLF4J in the adapters and {@link System.Logger} where it must stay
   * JDK-only; both let the host route the output. A {@code java.util.logging.Logger} would bypass
   * that choice.
   */
  public static final ArchRule no_java_util_logging =
      noClasses()
          .should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
          .because(
              "the embedding server chooses the logging backend, through SLF4J or System.Logger");

  private ArchitectureRules() {}

  private static DescribedPredicate<JavaAccess<?>> standardStreamAccessOutsideMain() {
    return DescribedPredicate.describe(
        "target is System.out, System.err or Throwable.printStackTrace()"
            + " and origin is not a method named main",
        access ->
            !access.getOrigin().getName().equals("main") && isStandardStream(access.getTarget()));
  }

  private static boolean isStandardStream(AccessTarget target) {
    if (target instanceof AccessTarget.FieldAccessTarget field) {
      return field.getOwner().isEquivalentTo(System.class)
          && Set.of("out", "err").contains(field.getName());
    }
    return target instanceof AccessTarget.MethodCallTarget method
        && method.getName().equals("printStackTrace")
        && method.getRawParameterTypes().isEmpty()
        && method.getOwner().isAssignableTo(Throwable.class);
  }

  private static String[] concat(String[]... groups) {
    return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
  }
}
