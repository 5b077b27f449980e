package io.github.mcpoauthkit.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out the classes of test-jars, such as domain's property harness, which reach app's test
 * classpath as {@code *-tests.jar}. {@link ImportOption.DoNotIncludeTests} knows only test class
 * directories, and in a reactor build a test-jar is a jar: its JUnit tests and harness would count
 * as production code of the module that published it.
 */
final class DoNotIncludeTestJars implements ImportOption {

  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

  @Override
  public boolean includes(Location location) {
    return !location.matches(TEST_JAR);
  }
}
