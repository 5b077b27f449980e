package io.github.mcpoauthkit.streamablehttp;

import io.github.mcpoauthkit.domain.token.VerifiedToken;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Map;
import java.util.Optional;

/**
 * How tool, prompt and resource handlers learn who is calling: the verified token of the request
 * travels in the SDK's {@link McpTransportContext}.
 *
 * <pre>{@code
 * VerifiedToken caller = AuthenticatedPrincipal.from(exchange.transportContext()).orElseThrow();
 * }</pre>
 */
public final class AuthenticatedPrincipal {

  /** The transport-context key under which the {@link VerifiedToken} is stored. */
  public static final String CONTEXT_KEY = "io.github.mcpoauthkit.principal";

  private AuthenticatedPrincipal() {}

  /** The verified token of the request, if the context comes from this kit's transport. */
  public static Optional<VerifiedToken> from(McpTransportContext context) {
    return context.get(CONTEXT_KEY) instanceof VerifiedToken token
        ? Optional.of(token)
        : Optional.empty();
  }

  static McpTransportContext contextFor(VerifiedToken token) {
    return McpTransportContext.create(Map.of(CONTEXT_KEY, token));
  }
}
