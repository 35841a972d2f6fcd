// Runtime: Node (engine). Hands out HTTP/1.1 connections and keeps finished ones alive for the next segment.
import { Http1Connection, StaleConnectionError, type Http1Request, type Http1Response } from './http1-connection';

export interface Http1AgentOptions {
  /** An idle connection is closed after this long. Default 10 000 ms. */
  keepAliveTimeoutMs: number;
  /** Idle connections kept per origin; the engine's connection caps bound the busy ones. Default 32. */
  maxIdlePerOrigin: number;
}

const DEFAULT_OPTIONS: Http1AgentOptions = { keepAliveTimeoutMs: 10_000, maxIdlePerOrigin: 32 };

export class Http1Agent {
  private readonly options: Http1AgentOptions;
  private readonly idleByOrigin = new Map<string, Http1Connection[]>();
  private isClosed = false;

  constructor(options: Partial<Http1AgentOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /**
   * Sends `request` on an idle connection to the same origin when there is one, else on a new connection.
   * A reused connection that the server had already closed is replaced once, transparently: GET and HEAD are safe
   * to repeat.
   */
  async send(request: Http1Request): Promise<Http1Response> {
    const idle = this.takeIdle(request.url.origin);
    if (idle !== null) {
      try {
        return await idle.send(request);
      } catch (error) {
        if (!(error instanceof StaleConnectionError)) throw error;
      }
    }
    return this.openConnection(request.url).send(request);
  }

  /** Closes idle connections now and busy ones as their exchanges end. */
  close(): void {
    this.isClosed = true;
    const idle = [...this.idleByOrigin.values()].flat();
    this.idleByOrigin.clear();
    for (const connection of idle) connection.destroy();
  }

  private openConnection(url: URL): Http1Connection {
    return new Http1Connection(url, { release: (connection) => this.park(connection), closed: (connection) => this.forget(connection) });
  }

  private takeIdle(originKey: string): Http1Connection | null {
    const connections = this.idleByOrigin.get(originKey);
    while (connections !== undefined && connections.length > 0) {
      // Most recently used first: it is the least likely to have been closed by the server.
      const connection = connections.pop();
      if (connection?.isOpen === true) return connection;
    }
    return null;
  }

  private forget(connection: Http1Connection): void {
    const connections = this.idleByOrigin.get(connection.originKey);
    if (connections === undefined) return;
    const index = connections.indexOf(connection);
    if (index !== -1) connections.splice(index, 1);
    if (connections.length === 0) this.idleByOrigin.delete(connection.originKey);
  }

  private park(connection: Http1Connection): void {
    const connections = this.idleByOrigin.get(connection.originKey) ?? [];
    if (this.isClosed || connections.length >= this.options.maxIdlePerOrigin) {
      connection.destroy();
      return;
    }
    connections.push(connection);
    this.idleByOrigin.set(connection.originKey, connections);
    connection.park(this.options.keepAliveTimeoutMs);
  }
}
