package io.github.mcpoauthkit.streamablehttp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An unmodifiable JSON object that carries its own serialised form: read as a map, and written by
 * Jackson as the bytes made once ({@link JsonGenerator#writeRawValue(SerializableString)}) instead
 * of a walk over its entries with a serializer looked up for each value. For values that recur in
 * answer after answer unchanged (the tools of a {@code tools/list}). The JSON must be the map's
 * own, written by the mapper that writes the answers, so that the answer is byte for byte what it
 * would be without this class.
 */
@JsonSerialize(using = SerializedMap.Writer.class)
final class SerializedMap extends AbstractMap<String, Object> {

  private final Map<String, Object> fields;
  private final SerializedString json;

  /**
   * @param fields an unmodifiable map, nested values included
   * @param json that map as the answers' mapper writes it
   */
  SerializedMap(Map<String, Object> fields, String json) {
    this.fields = Objects.requireNonNull(fields, "fields");
    this.json = new SerializedString(Objects.requireNonNull(json, "json"));
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return fields.entrySet();
  }

  @Override
  public Object get(Object key) {
    return fields.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return fields.containsKey(key);
  }

  @Override
  public int size() {
    return fields.size();
  }

  /** Writes the JSON made once; Jackson finds it through the class's annotation. */
  static final class Writer extends StdSerializer<SerializedMap> {

    private static final long serialVersionUID = 1L;

    Writer() {
      super(SerializedMap.class);
    }

    @Override
    public void serialize(SerializedMap value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeRawValue(value.json);
    }
  }
}
