package io.github.mcpoauthkit.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.github.mcpoauthkit.adapter.helidon.archfixture.HelidonAdapterStandIn;
import io.github.mcpoauthkit.adapter.helidon.archfixture.HelidonCallingUndertowAdapter;
import io.github.mcpoauthkit.adapter.helidon.archfixture.HelidonUsingJavaUtilLogging;
import io.github.mcpoauthkit.adapter.helidon.archfixture.HelidonUsingUndertowTypes;
import io.github.mcpoauthkit.adapter.introspection.archfixture.IntrospectionAdapterStandIn;
import io.github.mcpoauthkit.adapter.introspection.archfixture.IntrospectionCallingNimbusAdapter;
import io.github.mcpoauthkit.adapter.introspection.archfixture.IntrospectionCallingStreamableHttp;
import io.github.mcpoauthkit.adapter.introspection.archfixture.IntrospectionUsingHelidonTypes;
import io.github.mcpoauthkit.adapter.micrometer.archfixture.MicrometerAdapterStandIn;
import io.github.mcpoauthkit.adapter.micrometer.archfixture.MicrometerCallingStreamableHttp;
import io.github.mcpoauthkit.adapter.micrometer.archfixture.MicrometerUsingNimbusTypes;
import io.github.mcpoauthkit.adapter.nimbus.archfixture.NimbusAdapterStandIn;
import io.github.mcpoauthkit.adapter.nimbus.archfixture.NimbusCallingStreamableHttp;
import io.github.mcpoauthkit.adapter.nimbus.archfixture.NimbusThrowingRuntimeException;
import io.github.mcpoauthkit.adapter.opentelemetry.archfixture.OpenTelemetryAdapterStandIn;
import io.github.mcpoauthkit.adapter.opentelemetry.archfixture.OpenTelemetryCallingMicrometerAdapter;
import io.github.mcpoauthkit.adapter.opentelemetry.archfixture.OpenTelemetryCallingStreamableHttp;
import io.github.mcpoauthkit.adapter.opentelemetry.archfixture.OpenTelemetryUsingNimbusTypes;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowAdapterStandIn;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowAdapterWithInjectConstructor;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowCallingMicrometerAdapter;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowReachingIntoApp;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowReachingIntoDevIssuer;
import io.github.mcpoauthkit.adapter.undertow.archfixture.UndertowUsingHelidonTypes;
import io.github.mcpoauthkit.app.archfixture.AppPrintingOnlyInMain;
import io.github.mcpoauthkit.app.archfixture.AppPrintingOutsideMain;
import io.github.mcpoauthkit.app.archfixture.AppWithFieldInjection;
import io.github.mcpoauthkit.app.archfixture.CompositionRootStandIn;
import io.github.mcpoauthkit.application.archfixture.ApplicationHalfOfCycle;
import io.github.mcpoauthkit.application.archfixture.ApplicationUsingGuice;
import io.github.mcpoauthkit.application.archfixture.ApplicationUsingStreamableHttp;
import io.github.mcpoauthkit.devissuer.archfixture.DevIssuerUsingPorts;
import io.github.mcpoauthkit.devissuer.archfixture.DevIssuerUsingStreamableHttp;
import io.github.mcpoauthkit.domain.archfixture.DomainReachingIntoPorts;
import io.github.mcpoauthkit.domain.archfixture.DomainUsingJackson;
import io.github.mcpoauthkit.domain.archfixture.DomainWritingToStandardError;
import io.github.mcpoauthkit.domain.archfixture.cycle.left.LeftHalfOfCycle;
import io.github.mcpoauthkit.domain.archfixture.cycle.right.RightHalfOfCycle;
import io.github.mcpoauthkit.port.driven.archfixture.PortUsingOpenTelemetry;
import io.github.mcpoauthkit.port.driven.archfixture.PortUsingSlf4j;
import io.github.mcpoauthkit.port.driving.archfixture.DrivingPortHalfOfCycle;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpCallingIntrospectionAdapter;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpCallingNimbusAdapter;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpReachingIntoHelidon;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpUsingHelidonTypes;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpUsingMicrometerTypes;
import io.github.mcpoauthkit.streamablehttp.archfixture.StreamableHttpUsingOpenTelemetryTypes;
import io.github.mcpoauthkit.util.archfixture.ClassOutsideEveryLayer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that every rule in {@link ArchitectureRules} can fail: each one is checked against the
 * production classes plus its deliberate violations from the {@code ..archfixture..} packages and
 * must name every one of them. A rule that passes on its fixtures checks nothing.
 */
final class ArchitectureRulesFailOnViolationsTest {

  /**
   * Targets of the fixtures, imported with every case: the layer rule ignores a dependency whose
   * target was not imported, as if it lay outside every layer.
   */
  private static final List<Class<?>> STAND_INS =
      List.of(
          HelidonAdapterStandIn.class,
          UndertowAdapterStandIn.class,
          NimbusAdapterStandIn.class,
          IntrospectionAdapterStandIn.class,
          MicrometerAdapterStandIn.class,
          OpenTelemetryAdapterStandIn.class,
          CompositionRootStandIn.class);

  private static final Map<String, List<Class<?>>> FIXTURES_BY_RULE =
      Map.ofEntries(
          Map.entry("domain_depends_only_on_the_jdk", List.of(DomainUsingJackson.class)),
          Map.entry(
              "ports_depend_only_on_the_domain_and_the_jdk",
              List.of(PortUsingSlf4j.class, ApplicationUsingStreamableHttp.class)),
          Map.entry(
              "layers_follow_the_hexagon",
              List.of(
                  DomainReachingIntoPorts.class,
                  StreamableHttpReachingIntoHelidon.class,
                  UndertowReachingIntoApp.class,
                  UndertowReachingIntoDevIssuer.class,
                  DevIssuerUsingStreamableHttp.class,
                  MicrometerCallingStreamableHttp.class,
                  OpenTelemetryCallingStreamableHttp.class,
                  IntrospectionCallingNimbusAdapter.class,
                  StreamableHttpCallingIntrospectionAdapter.class,
                  ClassOutsideEveryLayer.class)),
          Map.entry(
              "dev_issuer_depends_only_on_the_domain_and_its_libraries",
              List.of(DevIssuerUsingStreamableHttp.class, DevIssuerUsingPorts.class)),
          Map.entry(
              "adapters_never_depend_on_each_other",
              List.of(
                  HelidonCallingUndertowAdapter.class,
                  UndertowCallingMicrometerAdapter.class,
                  OpenTelemetryCallingMicrometerAdapter.class,
                  StreamableHttpCallingNimbusAdapter.class,
                  NimbusCallingStreamableHttp.class,
                  IntrospectionCallingNimbusAdapter.class,
                  IntrospectionCallingStreamableHttp.class)),
          Map.entry(
              "adapters_use_only_their_own_framework",
              List.of(
                  StreamableHttpUsingHelidonTypes.class,
                  StreamableHttpUsingMicrometerTypes.class,
                  StreamableHttpUsingOpenTelemetryTypes.class,
                  HelidonUsingUndertowTypes.class,
                  UndertowUsingHelidonTypes.class,
                  MicrometerUsingNimbusTypes.class,
                  OpenTelemetryUsingNimbusTypes.class,
                  IntrospectionUsingHelidonTypes.class)),
          Map.entry(
              "no_framework_types_in_domain_or_ports",
              List.of(
                  DomainUsingJackson.class,
                  PortUsingSlf4j.class,
                  PortUsingOpenTelemetry.class,
                  ApplicationUsingGuice.class)),
          Map.entry(
              "guice_only_in_app",
              List.of(ApplicationUsingGuice.class, UndertowAdapterWithInjectConstructor.class)),
          Map.entry(
              "no_cycles_between_top_level_packages",
              List.of(DrivingPortHalfOfCycle.class, ApplicationHalfOfCycle.class)),
          Map.entry(
              "no_cycles_between_packages", List.of(LeftHalfOfCycle.class, RightHalfOfCycle.class)),
          Map.entry("no_field_injection", List.of(AppWithFieldInjection.class)),
          Map.entry(
              "no_standard_streams_outside_main",
              List.of(AppPrintingOutsideMain.class, DomainWritingToStandardError.class)),
          Map.entry("no_generic_exceptions", List.of(NimbusThrowingRuntimeException.class)),
          Map.entry("no_java_util_logging", List.of(HelidonUsingJavaUtilLogging.class)));

  static Stream<Arguments> everyRule() {
    return rules().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(rule -> arguments(Named.of(rule.getKey(), rule.getValue())));
  }

  static Stream<Arguments> everyRuleWithItsFixtures() {
    return rules().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            rule ->
                arguments(
                    Named.of(rule.getKey(), rule.getValue()),
                    FIXTURES_BY_RULE.getOrDefault(rule.getKey(), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRuleWithItsFixtures")
  void fails_on_its_fixtures(ArchRule rule, List<Class<?>> fixtures) {
    assertThat(fixtures).as("fixtures proving the rule can fail").isNotEmpty();
    JavaClasses classes =
        ArchitectureImport.productionAnd(
            Stream.concat(STAND_INS.stream(), fixtures.stream()).toList());

    assertThatThrownBy(() -> rule.check(classes))
        .isInstanceOf(AssertionError.class)
        .message()
        .contains(fixtures.stream().map(Class::getName).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRule")
  void is_not_broken_by_the_stand_ins(ArchRule rule) {
    JavaClasses classes = ArchitectureImport.productionAnd(STAND_INS);

    assertThatCode(() -> rule.check(classes)).doesNotThrowAnyException();
  }

  @Test
  void fixtures_are_listed_for_exactly_the_declared_rules() {
    assertThat(FIXTURES_BY_RULE.keySet()).containsExactlyInAnyOrderElementsOf(rules().keySet());
  }

  @Test
  void the_architecture_test_checks_every_rule() {
    assertThat(
            rulesDeclaredIn(
                ArchitectureTest.class, field -> field.isAnnotationPresent(ArchTest.class)))
        .isEqualTo(rules());
  }

  @Test
  void printing_from_main_is_allowed() {
    JavaClasses classes = ArchitectureImport.productionAnd(List.of(AppPrintingOnlyInMain.class));

    assertThatCode(() -> ArchitectureRules.no_standard_streams_outside_main.check(classes))
        .doesNotThrowAnyException();
  }

  private static Map<String, ArchRule> rules() {
    return rulesDeclaredIn(ArchitectureRules.class, field -> true);
  }

  private static Map<String, ArchRule> rulesDeclaredIn(Class<?> type, Predicate<Field> filter) {
    return Arrays.stream(type.getDeclaredFields())
        .filter(field -> Modifier.isStatic(field.getModifiers()))
        .filter(field -> field.getType() == ArchRule.class)
        .filter(filter)
        .collect(Collectors.toMap(Field::getName, ArchitectureRulesFailOnViolationsTest::valueOf));
  }

  private static ArchRule valueOf(Field field) {
    try {
      field.setAccessible(true);
      return (ArchRule) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
