package io.github.mcpoauthkit.app.features;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each change to every era's server that listens. Thread-safe. */
final class ChangeFanout implements FeatureChanges {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFanout.class);

  private final List<FeatureChanges> listeners = new CopyOnWriteArrayList<>();

  void listen(FeatureChanges listener) {
    listeners.add(listener);
  }

  @Override
  public void toolsChanged() {
    each(FeatureChanges::toolsChanged);
  }

  @Override
  public void promptsChanged() {
    each(FeatureChanges::promptsChanged);
  }

  @Override
  public void resourcesChanged() {
    each(FeatureChanges::resourcesChanged);
  }

  @Override
  public void resourceUpdated(String uri) {
    each(listener -> listener.resourceUpdated(uri));
  }

  private void each(Consumer<FeatureChanges> change) {
    for (FeatureChanges listener : listeners) {
      try {
        change.accept(listener);
      } catch (RuntimeException e) {
        // One era failing to hear of a change must not keep it from the other.
        LOG.warn("announcing a feature change failed", e);
      }
    }
  }
}
