// Runtime: any. The web host's WebSocket framing around the IPC contract. Payloads inside are validated by the
// contract's own schemas where they enter the host.
import { z } from 'zod';

/** Path of the WebSocket endpoint on the web host. */
export const WEB_SOCKET_PATH = '/api';
/**
 * Name of the token in the fragment of the URL the host prints (`/#token=…`) and in the query of the socket's
 * URL (`/api?token=…`). Never a cookie: browsers send cookies to every port of a host, so any other server on
 * 127.0.0.1 would receive it.
 */
export const WEB_TOKEN_PARAMETER = 'token';

export const clientMessageSchema = z.object({
  type: z.literal('invoke'),
  requestId: z.number().int().nonnegative(),
  channel: z.string(),
  payload: z.unknown(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    requestId: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }) }),
    ]),
  }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
