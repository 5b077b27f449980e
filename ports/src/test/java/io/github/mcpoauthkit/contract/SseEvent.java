package io.github.mcpoauthkit.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One server-sent event, as the HTML event-stream parser reads it: comments are skipped, {@code
 * data} lines joined with newlines, and an event whose block has neither id nor data is dropped.
 *
 * @param id the {@code id} field, if any
 * @param data the data, empty for a priming event
 */
record SseEvent(Optional<String> id, String data) {

  static List<SseEvent> parse(String stream) {
    List<SseEvent> events = new ArrayList<>();
    String id = null;
    StringBuilder data = null;
    String normalized = stream.replace("\r\n", "\n").replace('\r', '\n');
    for (String line : normalized.split("\n", -1)) {
      if (line.isEmpty()) {
        if (id != null || data != null) {
          events.add(new SseEvent(Optional.ofNullable(id), data == null ? "" : data.toString()));
        }
        id = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("id")) {
        id = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return events;
  }

  /** The data as a JSON-RPC message; fails the test if it is not JSON. */
  JsonNode json() {
    try {
      return RawHttp.JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new AssertionError("expected JSON in an event's data, got: " + data, e);
    }
  }
}
