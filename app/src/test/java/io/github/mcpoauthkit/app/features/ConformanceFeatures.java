package io.github.mcpoauthkit.app.features;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.github.mcpoauthkit.streamablehttp.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools, resources, prompts and completion that the official MCP conformance suite ({@code
 * npx @modelcontextprotocol/conformance server}) calls ({@code MCP_FEATURES=conformance}). Their
 * names, contents and elicitation schemas follow the suite's scenarios; {@code .ci/conformance}
 * runs the suite against the packaged server. Logging, progress, sampling and elicitation need a
 * session, so the server must not be stateless.
 */
public final class ConformanceFeatures implements McpFeatures {

  /** A 1x1 PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  /** A valid WAV file: 8 kHz, 8-bit mono PCM, 8 samples of silence. */
  static final String WAV = Base64.getEncoder().encodeToString(wav(8_000, 8));

  private static final Pattern TEMPLATE = Pattern.compile("test://template/([^/]+)/data");
  private static final long STEP_MILLIS = 50;

  @Override
  public String name() {
    return "conformance";
  }

  @Override
  public void register(FeatureRegistry registry) {
    tools(registry);
    elicitationTools(registry);
    statelessEraTools(registry);
    resources(registry);
    prompts(registry);
  }

  // MCP SDK 2.2.0 deprecates the legacy era's server-to-client logging, sampling and roots: the
  // 2026-07-28 revision replaces them. Legacy sessions (2024-11-05 to 2025-11-25) still have them.
  @SuppressWarnings("deprecation")
  private static void tools(FeatureRegistry registry) {
    registry.tool(
        tool("test_simple_text", "Returns a simple text response"),
        (context, request) -> text("This is a simple text response for testing."));
    registry.tool(
        tool("test_image_content", "Returns a 1x1 PNG image"),
        (context, request) ->
            McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.ImageContent.builder(PNG, "image/png").build()))
                .build());
    registry.tool(
        tool("test_audio_content", "Returns a short WAV audio clip"),
        (context, request) ->
            McpSchema.CallToolResult.builder()
                .content(List.of(McpSchema.AudioContent.builder(WAV, "audio/wav").build()))
                .build());
    registry.tool(
        tool("test_embedded_resource", "Returns an embedded text resource"),
        (context, request) ->
            McpSchema.CallToolResult.builder()
                .content(
                    List.of(
                        embedded(
                            "test://embedded-resource",
                            "text/plain",
                            "This is an embedded resource content.")))
                .build());
    registry.tool(
        tool("test_multiple_content_types", "Returns text, an image and a resource together"),
        (context, request) ->
            McpSchema.CallToolResult.builder()
                .content(
                    List.of(
                        McpSchema.TextContent.builder("Multiple content types test:").build(),
                        McpSchema.ImageContent.builder(PNG, "image/png").build(),
                        embedded(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}")))
                .build());
    registry.tool(
        tool("test_tool_with_logging", "Sends three log messages while it runs"),
        (context, request) -> {
          String[] messages = {
            "Tool execution started", "Tool processing data", "Tool execution completed"
          };
          for (int i = 0; i < messages.length; i++) {
            if (i > 0) {
              pause();
            }
            context.log(McpSchema.LoggingLevel.INFO, "conformance", messages[i]);
          }
          return text("Logging tool completed");
        });
    registry.tool(
        tool("test_tool_with_progress", "Reports progress 0, 50 and 100 of 100 while it runs"),
        (context, request) -> {
          double[] steps = {0, 50, 100};
          for (int i = 0; i < steps.length; i++) {
            if (i > 0) {
              pause();
            }
            context.progress(steps[i], 100.0, "Step " + (i + 1) + " of " + steps.length);
          }
          return text("Progress tool completed");
        });
    registry.tool(
        tool("test_error_handling", "Always fails, as a tool result with isError"),
        (context, request) ->
            McpSchema.CallToolResult.builder()
                .addTextContent("This tool intentionally returns an error for testing")
                .isError(true)
                .build());
    registry.tool(
        tool(
            "test_sampling",
            "Asks the client's LLM to answer a prompt (sampling/createMessage)",
            Map.of("prompt", stringProperty("The prompt to send to the LLM")),
            List.of("prompt")),
        (context, request) ->
            text(
                "LLM response: "
                    + sampled(
                        context.sample("sample", sampling(argument(request, "prompt", ""))))));
  }

  private static void elicitationTools(FeatureRegistry registry) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("username", stringProperty("User's response"));
    user.put("email", stringProperty("User's email address"));
    Map<String, Object> userSchema = objectSchema(user);
    userSchema.put("required", List.of("username", "email"));
    registry.tool(
        tool(
            "test_elicitation",
            "Asks the user for a username and an email address (form elicitation)",
            Map.of("message", stringProperty("The message to show the user")),
            List.of("message")),
        (context, request) ->
            elicit(
                context,
                argument(request, "message", "Please provide your information"),
                userSchema,
                "User response: "));

    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("name", withDefault(typed("string"), "John Doe"));
    defaults.put("age", withDefault(typed("integer"), 30));
    defaults.put("score", withDefault(typed("number"), 95.5));
    Map<String, Object> status = typed("string");
    status.put("enum", List.of("active", "inactive", "pending"));
    defaults.put("status", withDefault(status, "active"));
    defaults.put("verified", withDefault(typed("boolean"), true));
    Map<String, Object> defaultsSchema = objectSchema(defaults);
    registry.tool(
        tool(
            "test_elicitation_sep1034_defaults",
            "Elicits a form whose fields have default values (SEP-1034)"),
        (context, request) ->
            elicit(
                context,
                "Please review and update the form fields with defaults",
                defaultsSchema,
                "Elicitation completed: "));

    Map<String, Object> enums = new LinkedHashMap<>();
    Map<String, Object> untitledSingle = typed("string");
    untitledSingle.put("enum", List.of("option1", "option2", "option3"));
    enums.put("untitledSingle", untitledSingle);
    Map<String, Object> titledSingle = typed("string");
    titledSingle.put(
        "oneOf",
        List.of(
            titled("value1", "First Option"),
            titled("value2", "Second Option"),
            titled("value3", "Third Option")));
    enums.put("titledSingle", titledSingle);
    Map<String, Object> legacyEnum = typed("string");
    legacyEnum.put("enum", List.of("opt1", "opt2", "opt3"));
    legacyEnum.put("enumNames", List.of("Option One", "Option Two", "Option Three"));
    enums.put("legacyEnum", legacyEnum);
    Map<String, Object> untitledItems = typed("string");
    untitledItems.put("enum", List.of("option1", "option2", "option3"));
    Map<String, Object> untitledMulti = typed("array");
    untitledMulti.put("items", untitledItems);
    enums.put("untitledMulti", untitledMulti);
    Map<String, Object> titledItems = new LinkedHashMap<>();
    titledItems.put(
        "anyOf",
        List.of(
            titled("value1", "First Choice"),
            titled("value2", "Second Choice"),
            titled("value3", "Third Choice")));
    Map<String, Object> titledMulti = typed("array");
    titledMulti.put("items", titledItems);
    enums.put("titledMulti", titledMulti);
    Map<String, Object> enumsSchema = objectSchema(enums);
    registry.tool(
        tool(
            "test_elicitation_sep1330_enums",
            "Elicits a form with every enum variant: untitled, titled, legacy, multi-select"
                + " (SEP-1330)"),
        (context, request) ->
            elicit(
                context,
                "Please select options from the enum fields",
                enumsSchema,
                "Elicitation completed: "));
    registry.tool(
        McpSchema.Tool.builder(JSON_SCHEMA_2020_12_TOOL, json(JSON_SCHEMA_2020_12))
            .description(
                "Declares a JSON Schema 2020-12 input schema ($schema, $defs, $anchor, $ref,"
                    + " allOf/anyOf, if/then/else) that listings must carry unchanged (SEP-1613,"
                    + " SEP-2106)")
            .build(),
        (context, request) -> text("Received " + request.arguments().keySet()));
  }

  /** The tool and schema that the suite's json-schema-2020-12 scenario looks for, verbatim. */
  private static final String JSON_SCHEMA_2020_12_TOOL = "json_schema_2020_12_tool";

  private static final String JSON_SCHEMA_2020_12 =
      """
      {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
       "$defs":{"address":{"$anchor":"addressDef","type":"object",
         "properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
       "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},
         "contactMethod":{"type":"string","enum":["phone","email"]},
         "phone":{"type":"string"},"email":{"type":"string"}},
       "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
       "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
       "then":{"required":["phone"]},"else":{"required":["email"]},
       "additionalProperties":false}
      """;

  private static Map<String, Object> json(String object) {
    try {
      return McpJson.objectMapper().readValue(object, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a schema written in this class is not JSON", e);
    }
  }

  private static McpSchema.CallToolResult elicit(
      CallContext context, String message, Map<String, Object> schema, String prefix) {
    McpSchema.ElicitResult result =
        context.elicit("form", McpSchema.ElicitFormRequest.builder(message, schema).build());
    String content;
    try {
      content = McpJson.objectMapper().writeValueAsString(result.content());
    } catch (JsonProcessingException e) {
      content = String.valueOf(result.content());
    }
    return text(
        prefix
            + "action="
            + result.action().name().toLowerCase(Locale.ROOT)
            + ", content="
            + content);
  }

  private static void resources(FeatureRegistry registry) {
    registry.resource(
        McpSchema.Resource.builder("test://static-text", "static-text")
            .title("Static text")
            .description("A static text resource")
            .mimeType("text/plain")
            .build(),
        (context, request) ->
            read(
                McpSchema.TextResourceContents.builder(
                        request.uri(), "This is the content of the static text resource.")
                    .mimeType("text/plain")
                    .build()));
    registry.resource(
        McpSchema.Resource.builder("test://static-binary", "static-binary")
            .title("Static binary")
            .description("A static binary resource: a 1x1 PNG")
            .mimeType("image/png")
            .build(),
        (context, request) ->
            read(
                McpSchema.BlobResourceContents.builder(request.uri(), PNG)
                    .mimeType("image/png")
                    .build()));
    registry.resource(
        McpSchema.Resource.builder("test://watched-resource", "watched-resource")
            .title("Watched resource")
            .description("A resource clients may subscribe to")
            .mimeType("text/plain")
            .build(),
        (context, request) ->
            read(
                McpSchema.TextResourceContents.builder(
                        request.uri(), "This is the content of the watched resource.")
                    .mimeType("text/plain")
                    .build()));
    registry.resourceTemplate(
        McpSchema.ResourceTemplate.builder("test://template/{id}/data", "template-data")
            .title("Template data")
            .description("Data for any id")
            .mimeType("application/json")
            .build(),
        (context, request) -> {
          Matcher matcher = TEMPLATE.matcher(request.uri());
          String id = matcher.matches() ? matcher.group(1) : "";
          return read(
              McpSchema.TextResourceContents.builder(
                      request.uri(),
                      "{\"id\":\""
                          + id.replace("\\", "\\\\").replace("\"", "\\\"")
                          + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                          + id.replace("\\", "\\\\").replace("\"", "\\\"")
                          + "\"}")
                  .mimeType("application/json")
                  .build());
        });
  }

  private static void prompts(FeatureRegistry registry) {
    registry.prompt(
        McpSchema.Prompt.builder("test_simple_prompt")
            .title("Simple prompt")
            .description("A prompt without arguments")
            .build(),
        (context, request) ->
            prompt(message(McpSchema.TextContent.builder("This is a simple prompt for testing."))));
    registry.prompt(
        McpSchema.Prompt.builder("test_prompt_with_arguments")
            .title("Prompt with arguments")
            .description("A prompt with two required arguments")
            .arguments(
                List.of(
                    promptArgument("arg1", "The first argument"),
                    promptArgument("arg2", "The second argument")))
            .build(),
        (context, request) ->
            prompt(
                message(
                    McpSchema.TextContent.builder(
                        "Prompt with arguments: arg1='"
                            + promptArgument(request, "arg1")
                            + "', arg2='"
                            + promptArgument(request, "arg2")
                            + "'"))));
    registry.prompt(
        McpSchema.Prompt.builder("test_prompt_with_embedded_resource")
            .title("Prompt with an embedded resource")
            .description("A prompt that embeds the resource it is given")
            .arguments(List.of(promptArgument("resourceUri", "The URI of the resource to embed")))
            .build(),
        (context, request) -> {
          String uri = promptArgument(request, "resourceUri");
          return prompt(
              McpSchema.PromptMessage.builder(
                      McpSchema.Role.USER,
                      embedded(
                          uri.isEmpty() ? "test://example-resource" : uri,
                          "text/plain",
                          "Embedded resource content for testing."))
                  .build(),
              message(
                  McpSchema.TextContent.builder("Please process the embedded resource above.")));
        });
    registry.prompt(
        McpSchema.Prompt.builder("test_prompt_with_image")
            .title("Prompt with an image")
            .description("A prompt that contains an image")
            .build(),
        (context, request) ->
            prompt(
                McpSchema.PromptMessage.builder(
                        McpSchema.Role.USER,
                        McpSchema.ImageContent.builder(PNG, "image/png").build())
                    .build(),
                message(McpSchema.TextContent.builder("Please analyze the image above."))));
    registry.completion(
        new McpSchema.PromptReference("test_prompt_with_arguments"),
        (context, request) -> {
          String prefix = request.argument() == null ? "" : request.argument().value();
          List<String> candidates = List.of("testValue1", "testValue2", "paris", "park", "party");
          List<String> values = new ArrayList<>();
          for (String candidate : candidates) {
            if (prefix == null || candidate.startsWith(prefix)) {
              values.add(candidate);
            }
          }
          return new McpSchema.CompleteResult(
              new McpSchema.CompleteResult.CompleteCompletion(values, values.size(), false));
        });
  }

  private static McpSchema.Tool tool(String name, String description) {
    return tool(name, description, Map.of(), List.of());
  }

  private static McpSchema.Tool tool(
      String name, String description, Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = objectSchema(new LinkedHashMap<>(properties));
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    return McpSchema.Tool.builder(name, schema).description(description).build();
  }

  private static Map<String, Object> objectSchema(Map<String, Object> properties) {
    Map<String, Object> schema = typed("object");
    schema.put("properties", properties);
    return schema;
  }

  private static Map<String, Object> typed(String type) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", type);
    return schema;
  }

  private static Map<String, Object> stringProperty(String description) {
    Map<String, Object> schema = typed("string");
    schema.put("description", description);
    return schema;
  }

  private static Map<String, Object> withDefault(Map<String, Object> schema, Object value) {
    schema.put("default", value);
    return schema;
  }

  private static Map<String, Object> titled(String value, String title) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("const", value);
    option.put("title", title);
    return option;
  }

  private static McpSchema.PromptArgument promptArgument(String name, String description) {
    return McpSchema.PromptArgument.builder(name).description(description).required(true).build();
  }

  private static String argument(McpSchema.CallToolRequest request, String name, String fallback) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? fallback : value.toString();
  }

  private static String promptArgument(McpSchema.GetPromptRequest request, String name) {
    Object value = request.arguments() == null ? null : request.arguments().get(name);
    return value == null ? "" : value.toString();
  }

  private static McpSchema.EmbeddedResource embedded(String uri, String mimeType, String text) {
    return McpSchema.EmbeddedResource.builder(
            McpSchema.TextResourceContents.builder(uri, text).mimeType(mimeType).build())
        .build();
  }

  private static McpSchema.PromptMessage message(McpSchema.TextContent.Builder text) {
    return McpSchema.PromptMessage.builder(McpSchema.Role.USER, text.build()).build();
  }

  private static McpSchema.GetPromptResult prompt(McpSchema.PromptMessage... messages) {
    return McpSchema.GetPromptResult.builder(List.of(messages)).build();
  }

  private static McpSchema.ReadResourceResult read(McpSchema.ResourceContents contents) {
    return McpSchema.ReadResourceResult.builder(List.of(contents)).build();
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  /**
   * What the suite's 2026-07-28 scenarios call beyond the classic set: diagnostics of the stateless
   * era (server-stateless), a parameter mirrored in a header (http-custom-header-server-validation)
   * and the multi round-trip tools and prompt (input-required-result-*). Each asks for input
   * through {@link CallContext#ask}, so it works on legacy sessions too.
   */
  private static void statelessEraTools(FeatureRegistry registry) {
    FeatureChanges changes = registry.changes();
    registry.tool(
        tool("test_missing_capability", "Needs the client's sampling capability"),
        (context, request) ->
            text("Sampled: " + sampled(context.sample("sample", sampling("Say hello")))));
    registry.tool(
        tool("test_streaming_elicitation", "Asks the user for a name (form elicitation)"),
        (context, request) -> text("Hello, " + name(context.elicit("user_name", nameForm()))));
    registry.tool(
        tool("test_logging_tool", "Logs only when the client asked for a log level"),
        (context, request) -> {
          context.log(McpSchema.LoggingLevel.INFO, "conformance", "logging tool ran");
          return text("Logging tool completed");
        });
    registry.tool(
        tool("test_trigger_tool_change", "Announces that the tool list changed"),
        (context, request) -> {
          changes.toolsChanged();
          return text("Tool list change announced");
        });
    registry.tool(
        tool("test_trigger_prompt_change", "Announces that the prompt list changed"),
        (context, request) -> {
          changes.promptsChanged();
          return text("Prompt list change announced");
        });
    registry.tool(
        tool(
            "test_header_param",
            "Echoes its region, which clients mirror in the Mcp-Param-Region header",
            Map.of("region", headerMirrored(stringProperty("A region name"), "Region")),
            List.of("region")),
        (context, request) -> text("Region: " + argument(request, "region", "")));
    registry.tool(
        tool("test_input_required_result_elicitation", "Asks for the user's name, then greets"),
        (context, request) -> text("Hello, " + name(context.elicit("user_name", nameForm()))));
    registry.tool(
        tool("test_input_required_result_sampling", "Asks the client's model for a greeting"),
        (context, request) ->
            text("Sampled: " + sampled(context.sample("greeting", sampling("Say hello")))));
    registry.tool(
        tool("test_input_required_result_list_roots", "Asks for the client's roots"),
        (context, request) -> text("Roots: " + roots(context.roots("roots"))));
    registry.tool(
        tool(
            "test_input_required_result_request_state",
            "Asks for the user's name, keeping its progress in requestState"),
        (context, request) ->
            text("state-ok: Hello, " + name(context.elicit("user_name", nameForm()))));
    registry.tool(
        tool(
            "test_input_required_result_multiple_inputs",
            "Asks for a name, a model's greeting and the roots at once"),
        (context, request) -> {
          InputResponses answers =
              context.ask(
                  InputRequests.of()
                      .elicit("user_name", nameForm())
                      .sample("greeting", sampling("Say hello"))
                      .roots("roots"));
          return text(
              "Hello, "
                  + name(answers.elicitation("user_name"))
                  + "; sampled: "
                  + sampled(answers.sample("greeting"))
                  + "; roots: "
                  + roots(answers.roots("roots")));
        });
    registry.tool(
        tool(
            "test_input_required_result_multi_round",
            "Asks for a name, then, in a second round, a favourite colour"),
        (context, request) -> {
          String name = name(context.elicit("user_name", nameForm()));
          McpSchema.ElicitResult color =
              context.elicit(
                  "color",
                  McpSchema.ElicitFormRequest.builder(
                          "Your favourite colour?",
                          objectSchema(Map.of("color", stringProperty("A colour"))))
                      .build());
          return text(
              "Hello, "
                  + name
                  + "; colour: "
                  + (color.content() == null ? "?" : color.content().get("color")));
        });
    registry.tool(
        tool(
            "test_input_required_result_tampered_state",
            "Asks for the user's name; a changed requestState is refused"),
        (context, request) -> text("Hello, " + name(context.elicit("user_name", nameForm()))));
    registry.tool(
        tool(
            "test_input_required_result_capabilities",
            "Asks only for input the client declared it can give"),
        (context, request) -> {
          McpSchema.ClientCapabilities declared = context.clientCapabilities();
          if (declared.elicitation() != null) {
            return text("Hello, " + name(context.elicit("user_name", nameForm())));
          }
          if (declared.sampling() != null) {
            return text("Sampled: " + sampled(context.sample("greeting", sampling("Say hello"))));
          }
          if (declared.roots() != null) {
            return text("Roots: " + roots(context.roots("roots")));
          }
          return text("The client declared no way to give input");
        });
    registry.prompt(
        McpSchema.Prompt.builder("test_input_required_result_prompt")
            .description("A prompt that asks for the user's name before it is made")
            .build(),
        (context, request) ->
            McpSchema.GetPromptResult.builder(
                    List.of(
                        McpSchema.PromptMessage.builder(
                                McpSchema.Role.USER,
                                McpSchema.TextContent.builder(
                                        "Please greet "
                                            + name(context.elicit("user_name", nameForm())))
                                    .build())
                            .build()))
                .description("A greeting for the named user")
                .build());
  }

  private static McpSchema.ElicitRequest nameForm() {
    Map<String, Object> schema = objectSchema(Map.of("name", stringProperty("Your name")));
    schema.put("required", List.of("name"));
    return McpSchema.ElicitFormRequest.builder("What is your name?", schema).build();
  }

  private static String name(McpSchema.ElicitResult result) {
    Object name = result.content() == null ? null : result.content().get("name");
    return name == null ? "(declined)" : String.valueOf(name);
  }

  private static McpSchema.CreateMessageRequest sampling(String prompt) {
    return McpSchema.CreateMessageRequest.builder(
            List.of(
                McpSchema.SamplingMessage.builder(
                        McpSchema.Role.USER, McpSchema.TextContent.builder(prompt).build())
                    .build()),
            100)
        .build();
  }

  private static String sampled(McpSchema.CreateMessageResult result) {
    return result.content() instanceof McpSchema.TextContent content
        ? content.text()
        : String.valueOf(result.content());
  }

  private static String roots(McpSchema.ListRootsResult result) {
    List<String> uris = new ArrayList<>();
    if (result.roots() != null) {
      result.roots().forEach(root -> uris.add(root.uri()));
    }
    return String.join(", ", uris);
  }

  private static Map<String, Object> headerMirrored(Map<String, Object> property, String header) {
    Map<String, Object> mirrored = new LinkedHashMap<>(property);
    mirrored.put("x-mcp-header", header);
    return mirrored;
  }

  private static void pause() {
    try {
      Thread.sleep(STEP_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A PCM WAV file of {@code samples} 8-bit mono samples of silence. */
  private static byte[] wav(int sampleRate, int samples) {
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    header.putInt(36 + samples);
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
    header.putInt(16); // fmt chunk size
    header.putShort((short) 1); // PCM
    header.putShort((short) 1); // mono
    header.putInt(sampleRate);
    header.putInt(sampleRate); // byte rate: rate * channels * bytes per sample
    header.putShort((short) 1); // block align
    header.putShort((short) 8); // bits per sample
    header.put("data".getBytes(StandardCharsets.US_ASCII));
    header.putInt(samples);
    ByteArrayOutputStream out = new ByteArrayOutputStream(44 + samples);
    out.writeBytes(header.array());
    for (int i = 0; i < samples; i++) {
      out.write(128); // 8-bit PCM silence
    }
    return out.toByteArray();
  }
}
