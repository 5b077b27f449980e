package io.github.mcpoauthkit.app.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mcpoauthkit.app.hardening.RawHttp.Header;
import io.github.mcpoauthkit.app.hardening.RawHttp.Request;
import io.github.mcpoauthkit.testing.property.Generator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Mutants of well-formed MCP 2026-07-28 requests, for fuzzing the endpoint: one to three damages to
 * the headers the revision defines (dropped, repeated, replaced by junk of every kind) and to the
 * JSON body (a member replaced by a value of another type, removed, or nested deep; the body cut
 * short; a character of {@code requestState} changed).
 *
 * <p>A mutant made by exactly one damage that makes a checked header disagree with the body is a
 * <em>lie</em>: the server must answer it 400 with {@code HeaderMismatch} (-32020). Every other
 * mutant may be served or refused; the properties of {@code AdversarialModernRequestsIT} hold for
 * all of them.
 */
final class ModernMutations {

  /** One mutant, how it was made, and whether it is a lie (see the class comment). */
  record Mutant(String base, List<String> damages, Request request, boolean lie) {
    @Override
    public String toString() {
      String body = request.body();
      return base
          + " "
          + damages
          + (lie ? " (a lie)" : "")
          + "\n  headers "
          + request.headers().stream().map(h -> h.name() + ": " + clip(h.value())).toList()
          + "\n  content-type "
          + request.contentType()
          + "\n  body "
          + clip(body);
    }
  }

  /** A request to start from, named. */
  record Base(String name, Request request) {}

  /** The headers MCP 2026-07-28 checks against the body. */
  private static final List<String> CHECKED =
      List.of("MCP-Protocol-Version", "Mcp-Method", "Mcp-Name", "Mcp-Param-Region");

  private static final List<String> OTHER_HEADERS = List.of("Accept", "Mcp-Session-Id", "Origin");

  private static final List<String> BODY_PATHS =
      List.of(
          "/method",
          "/id",
          "/jsonrpc",
          "/params",
          "/params/name",
          "/params/uri",
          "/params/arguments",
          "/params/arguments/region",
          "/params/_meta",
          "/params/_meta/io.modelcontextprotocol~1protocolVersion",
          "/params/_meta/io.modelcontextprotocol~1clientCapabilities",
          "/params/_meta/io.modelcontextprotocol~1clientInfo",
          "/params/_meta/progressToken",
          "/params/requestState",
          "/params/inputResponses");

  private static final String DEEP = "\u0000deep:";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ModernMutations() {}

  /** Mutants of the {@code bases}. */
  static Generator<Mutant> of(List<Base> bases) {
    List<Base> copy = List.copyOf(bases);
    return random -> {
      Base base = copy.get(random.nextInt(copy.size()));
      int count = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1;
      Request request = base.request();
      List<String> damages = new ArrayList<>();
      boolean lie = false;
      for (int i = 0; i < count; i++) {
        Damaged damaged = damage(request, random);
        request = damaged.request();
        damages.add(damaged.what());
        lie = damaged.lie();
      }
      return new Mutant(base.name(), damages, request, count == 1 && lie);
    };
  }

  private record Damaged(String what, Request request, boolean lie) {}

  private static Damaged damage(Request request, RandomGenerator random) {
    int kind = random.nextInt(100);
    if (kind < 15) {
      return drop(request, random);
    }
    if (kind < 25) {
      return repeat(request, random);
    }
    if (kind < 55) {
      return junkHeader(request, random);
    }
    if (kind < 85) {
      return bodyMember(request, random);
    }
    if (kind < 92) {
      int cut = random.nextInt(Math.max(1, request.body().length()));
      return new Damaged(
          "body cut at " + cut, request.withBody(request.body().substring(0, cut)), false);
    }
    return stateCharacter(request, random);
  }

  private static Damaged drop(Request request, RandomGenerator random) {
    List<String> names = new ArrayList<>(CHECKED);
    names.addAll(List.of("Accept", "Content-Type"));
    String name = names.get(random.nextInt(names.size()));
    if (name.equals("Content-Type")) {
      return new Damaged("no Content-Type", request.withContentType(null), false);
    }
    boolean present = value(request, name).isPresent();
    return new Damaged(
        "no " + name, ModernRecipes.remove(request, name), present && CHECKED.contains(name));
  }

  private static Damaged repeat(Request request, RandomGenerator random) {
    List<String> present = new ArrayList<>();
    for (Header header : request.headers()) {
      present.add(header.name());
    }
    String name = present.get(random.nextInt(present.size()));
    String value = value(request, name).orElseThrow();
    return new Damaged(
        name + " twice", ModernRecipes.add(request, name, value), CHECKED.contains(name));
  }

  private static Damaged junkHeader(Request request, RandomGenerator random) {
    List<String> names = new ArrayList<>(CHECKED);
    names.addAll(OTHER_HEADERS);
    String name = names.get(random.nextInt(names.size()));
    Optional<String> original = value(request, name);
    String junk = junk(original.orElse("x"), random);
    boolean lie =
        CHECKED.contains(name)
            && original.isPresent()
            && !junk.trim().equals(original.get())
            && !mayBeItsOwnEncoding(junk);
    return new Damaged(
        name + " = " + clip(junk) + " (" + junk.length() + " chars)",
        ModernRecipes.replace(request, name, junk),
        lie && printable(junk));
  }

  /** A header value a client should not send, or one that only looks odd. */
  private static String junk(String original, RandomGenerator random) {
    return switch (random.nextInt(10)) {
      case 0 -> visible(random, 1 + Generator.length(random, 60));
      case 1 ->
          "=?base64?"
              + Base64.getEncoder().encodeToString(bytes(random, 1 + random.nextInt(40)))
              + "?=";
      case 2 -> "=?base64?" + visible(random, 1 + random.nextInt(20)) + "?=";
      case 3 -> RawHttp.utf8(original + "é☃");
      case 4 -> original + "x".repeat(1 + random.nextInt(12 * 1024));
      case 5 ->
          original.toUpperCase(Locale.ROOT).equals(original)
              ? original.toLowerCase(Locale.ROOT) + "X"
              : original.toUpperCase(Locale.ROOT);
      case 6 -> " " + original + "\t";
      case 7 -> original + "," + original;
      case 8 -> original + (char) (1 + random.nextInt(0x1f));
      default ->
          new String(bytes(random, 1 + random.nextInt(30)), StandardCharsets.ISO_8859_1)
              .replace('\r', ' ')
              .replace('\n', ' ');
    };
  }

  private static Damaged bodyMember(Request request, RandomGenerator random) {
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (IOException e) {
      return new Damaged("body unparseable already", request, false);
    }
    if (!(root instanceof ObjectNode message)) {
      return new Damaged("body not an object already", request, false);
    }
    String path = BODY_PATHS.get(random.nextInt(BODY_PATHS.size()));
    int slash = path.lastIndexOf('/');
    JsonNode parent = message.at(path.substring(0, slash));
    String member = path.substring(slash + 1).replace("~1", "/");
    if (!(parent instanceof ObjectNode object)) {
      return new Damaged("no parent for " + path, request, false);
    }
    JsonNode before = object.get(member);
    JsonNode after;
    String what;
    if (before != null && random.nextInt(4) == 0) {
      object.remove(member);
      after = null;
      what = "removed " + path;
    } else {
      after = value(random, before);
      object.set(member, after);
      what = path + " = " + clip(after.toString());
    }
    // Which header describes this member: a different non-blank string there is a lie.
    String described =
        switch (path) {
          case "/method" -> "Mcp-Method";
          case "/params/name", "/params/uri" -> "Mcp-Name";
          case "/params/_meta/io.modelcontextprotocol~1protocolVersion" -> "MCP-Protocol-Version";
          case "/params/arguments/region" -> "Mcp-Param-Region";
          default -> null;
        };
    boolean lie =
        described != null
            && before != null
            && before.isTextual()
            && value(request, described).isPresent()
            && after != null
            && after.isTextual()
            && !after.asText().isBlank()
            && !after.equals(before);
    return new Damaged(what, request.withBody(deepened(message.toString())), lie);
  }

  /** The body with a {@link #DEEP} marker replaced by that many nested arrays. */
  private static String deepened(String body) {
    int at = body.indexOf("\"" + DEEP);
    if (at < 0) {
      return body;
    }
    int end = body.indexOf('"', at + 1);
    int depth = Integer.parseInt(body.substring(at + 1 + DEEP.length(), end));
    return body.substring(0, at) + nestedArrays(depth) + body.substring(end + 1);
  }

  /** {@code depth} empty arrays, one inside the other, as JSON text. */
  static String nestedArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** A JSON value of a random type; often of the original's type, to get past type checks. */
  private static JsonNode value(RandomGenerator random, JsonNode original) {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(random.nextLong());
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.textNode("");
      case 4 -> {
        if (random.nextInt(4) == 0) {
          // Deeper than Jackson writes: a marker, replaced by the arrays once the body is text.
          yield NODES.textNode(DEEP + (1000 + random.nextInt(2000)));
        }
        ArrayNode deep = NODES.arrayNode();
        ArrayNode at = deep;
        // Either side of the endpoint's limit (McpJson.MAX_NESTING_DEPTH, 64) now and then.
        int depth = random.nextInt(3) == 0 ? 55 + random.nextInt(20) : random.nextInt(50);
        for (int i = 0; i < depth; i++) {
          at = at.addArray();
        }
        yield deep;
      }
      case 5 -> {
        ObjectNode object = NODES.objectNode();
        int members = random.nextInt(5);
        for (int i = 0; i < members; i++) {
          object.put(visible(random, 1 + random.nextInt(10)), visible(random, random.nextInt(10)));
        }
        yield object;
      }
      case 6 ->
          NODES.textNode(
              original != null && original.isTextual()
                  ? original.asText() + visible(random, 1 + random.nextInt(3))
                  : visible(random, 1 + random.nextInt(20)));
      case 7 ->
          NODES.textNode(
              new String(bytes(random, 1 + random.nextInt(20)), StandardCharsets.ISO_8859_1));
      default -> NODES.textNode("x".repeat(Generator.length(random, 100_000)));
    };
  }

  private static Damaged stateCharacter(Request request, RandomGenerator random) {
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (IOException e) {
      return new Damaged("body unparseable already", request, false);
    }
    JsonNode state = root.at("/params/requestState");
    if (!state.isTextual() || state.asText().isEmpty()) {
      return new Damaged("no requestState to change", request, false);
    }
    String text = state.asText();
    int at = random.nextInt(text.length());
    char replacement = visible(random, 1).charAt(0);
    String changed = text.substring(0, at) + replacement + text.substring(at + 1);
    ((ObjectNode) root.path("params")).put("requestState", changed);
    return new Damaged(
        "requestState[" + at + "] = " + replacement, request.withBody(root.toString()), false);
  }

  private static Optional<String> value(Request request, String name) {
    for (Header header : request.headers()) {
      if (header.name().equalsIgnoreCase(name)) {
        return Optional.of(header.value());
      }
    }
    return Optional.empty();
  }

  /**
   * A {@code =?base64?…?=} value could decode to the very name it replaced; such junk is not
   * counted as a lie.
   */
  private static boolean mayBeItsOwnEncoding(String junk) {
    return junk.startsWith("=?base64?");
  }

  private static boolean printable(String value) {
    return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private static String visible(RandomGenerator random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (0x21 + random.nextInt(0x7e - 0x21 + 1)));
    }
    return text.toString();
  }

  private static byte[] bytes(RandomGenerator random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String clip(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "…(" + text.length() + ")";
  }
}
