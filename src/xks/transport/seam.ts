/**
 * The seam between the XKS request handling (xks/server.ts) and the HTTP server it runs in. A
 * transport parses HTTP and hands each request to the handler synchronously; the handler reads the
 * request, asks for the body, and writes one answer. The names follow uWebSockets.js so its request
 * object is the view itself: the fast path pays nothing for the seam.
 */

/** A request's line and headers. Valid only during the synchronous `handle` call (uWS reuses it). */
export interface RequestView {
  /** lower case: "post", "get", ... */
  getMethod(): string;
  /** the path, without the query */
  getUrl(): string;
  /** the query without "?", or undefined/"" when none */
  getQuery(): string | undefined;
  /** the first value of a header (name in lower case), "" when absent */
  getHeader(name: string): string;
  /** every header line in arrival order, names in lower case, repeated lines repeated */
  forEach(cb: (name: string, value: string) => void): void;
}

/** The client certificate a TLS connection verified (mutual TLS), as the handler may check it. */
export interface PeerCertificate {
  /** lower case (DNS names compare in any case) */
  subjectCN: string;
}

/** One request's answer channel, and what the connection knows of its client. */
export interface Exchange {
  /** called once when the client goes away before the answer; the handler writes nothing after it */
  onAborted(cb: () => void): void;
  /**
   * The body, chunk by chunk, the last one flagged (a request without a body gets one empty last
   * chunk). A chunk is valid only during the call: keep a copy, not the chunk.
   */
  onData(cb: (chunk: Uint8Array, isLast: boolean) => void): void;
  /**
   * The whole answer, at most once. `close`: `Connection: close`, and the connection ends after it
   * (a request pipelined behind this one is never answered). `head`: announce the body's length
   * and send no body. `allow`: an Allow header (405 answers).
   */
  answer(status: string, contentType: string, body: string, close: boolean, head: boolean, allow?: string): void;
  /** the client's address as text */
  remoteAddress(): string;
  /** the verified client certificate of a mutual TLS connection, undefined otherwise (read once per connection) */
  peerCertificate(): PeerCertificate | undefined;
}

export interface RequestHandler {
  handle(req: RequestView, res: Exchange): void;
  /**
   * A request the transport's own HTTP parser refused before the handler saw it (node:http): the
   * 400 ValidationException body to send (the connection then closes). `reason`: the parser's.
   */
  refuse(reason: string): string;
}

export interface TlsSettings {
  certFile: string;
  keyFile: string;
  passphrase?: string;
  /**
   * mutual TLS: the client certificate must chain to caFile's CAs and carry an accepted subject CN
   * (ListenOptions.acceptsSubject; `subjects` is the config's list, absent: derived by the handler)
   */
  clientAuth?: { caFile: string; subjects?: string[] };
}

/** PEM bytes a running listener switches to (SIGHUP), already read and checked by the main thread. */
export interface TlsPems {
  cert: Uint8Array;
  key: Uint8Array;
  /** the client CAs of mutual TLS */
  clientCa?: Uint8Array;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: TlsSettings;
  /** the listen socket shares its port with other threads' (SO_REUSEPORT) */
  reusePort: boolean;
  /** how long a request body may take to arrive (the handler's own budget; transports time out later) */
  bodyTimeoutMs: number;
  /**
   * mutual TLS: whether a verified client certificate with this subject CN (lower case) may
   * connect, asked once per connection as its handshake ends
   */
  acceptsSubject?: (cn: string) => boolean;
  /**
   * Certificates reloaded (SIGHUP) before this listener started (a restarted thread): used instead
   * of the files, which may have changed since they were checked. uWS reads the files.
   */
  reloadedTls?: TlsPems;
}

export interface Listener {
  port: number;
  /** closes the listen socket: new connections are refused, open ones are served */
  pauseAccepting(): void;
  /** listens again (retried every second until it succeeds, unless paused or closed meanwhile) */
  resumeAccepting(): void;
  /** stops accepting for good; open connections are served */
  stopAccepting(): void;
  /** after the drain: ends the connections left, waiting at most `waitMs` for them to end by themselves */
  closeConnections(waitMs: number): Promise<void>;
  /**
   * New connections get these certificates and keys; open ones keep theirs. False: this transport
   * cannot switch them while it runs (a restart is needed).
   */
  reloadTls(pems: TlsPems): boolean;
}

export interface Transport {
  readonly kind: TransportKind;
  listen(handler: RequestHandler, o: ListenOptions): Promise<Listener>;
}

export type TransportKind = "uws" | "node";
