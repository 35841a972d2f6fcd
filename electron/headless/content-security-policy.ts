// Runtime: Node (no electron). The one Content-Security-Policy for the renderer, whether the Electron app or the
// web host serves it: only its own scripts and styles, nothing inline, no eval, no frames, no plugins.

export interface ContentSecurityPolicyOptions {
  /** Extra sources the page may connect to besides its own origin, e.g. `ws://127.0.0.1:7690`. Default none. */
  connectSources?: readonly string[];
}

/** Builds the policy header value. */
export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const connect = ["'self'", ...(options.connectSources ?? [])].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
