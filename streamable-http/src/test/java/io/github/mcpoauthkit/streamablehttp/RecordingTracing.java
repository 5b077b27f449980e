package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.port.driven.Tracing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Tracing} that keeps every span it started, with its parent and attributes. */
final class RecordingTracing implements Tracing {

  /** One span as the handler described it. */
  static final class RecordedSpan implements Tracing.Span {
    final Operation operation;
    final Optional<RemoteParent> parent;
    final Map<Attribute, Object> attributes = new ConcurrentHashMap<>();
    volatile String failure;
    volatile int ends;

    RecordedSpan(Operation operation, Optional<RemoteParent> parent) {
      this.operation = operation;
      this.parent = parent;
    }

    @Override
    public void attribute(Attribute key, String value) {
      attributes.put(key, value);
    }

    @Override
    public void attribute(Attribute key, long value) {
      attributes.put(key, value);
    }

    @Override
    public void failed(String description) {
      failure = description;
    }

    @Override
    public void end() {
      ends++;
    }
  }

  final List<RecordedSpan> spans = new CopyOnWriteArrayList<>();

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public Span start(Operation operation, Optional<RemoteParent> parent) {
    RecordedSpan span = new RecordedSpan(operation, parent);
    spans.add(span);
    return span;
  }

  List<RecordedSpan> of(Operation operation) {
    return spans.stream().filter(span -> span.operation == operation).toList();
  }
}
