/**
 * The portable transport: Node's own node:http / node:https. It runs on every Node version and sees
 * the TLS peer (mutual TLS); uWS (./uws.ts) is faster. Behaviour kept equal to uWS where the
 * handler cannot do it alone:
 * - framing: llhttp refuses what the handler would (two Content-Length headers, Content-Length
 *   with Transfer-Encoding, malformed lengths) before the handler runs; `clientError` answers those
 *   with the handler's 400 ValidationException body and closes. Chunked bodies reach the handler,
 *   which refuses them as on uWS.
 * - idle and slow clients: headers must arrive within 10 s and idle keep-alive connections close
 *   after 10 s, like uWS's idle timeout; the body budget is the handler's (xks.bodyTimeoutMs).
 * - HTTP/1.0 and Host-less HTTP/1.1 requests are parsed and answered (uWS drops them): /ping and
 *   /readyz answer load balancers' plain health checks; API calls without Host fail SigV4 (401).
 * - mutual TLS (xks.tls.clientAuth), which uWS cannot do: the handshake fails without a client
 *   certificate; node destroys a connection whose certificate does not verify (expired,
 *   self-signed, another CA) as the handshake ends, and this module one with another subject CN,
 *   both before node:http reads a byte. The subject CN is read then, once per connection, and kept
 *   on the socket for the handler's per-store check (Exchange.peerCertificate).
 * - certificate renewal (SIGHUP): setSecureContext; new handshakes get the new certificate, open
 *   connections keep theirs.
 * - multi-core: every data-plane thread listens with SO_REUSEPORT where this Node has it (22.12+,
 *   23.1+); elsewhere the data plane runs one thread (plane.ts).
 */
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerOptions, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { Server as NetServer, type ListenOptions as NetListenOptions, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Exchange, Listener, ListenOptions, PeerCertificate, RequestHandler, RequestView, TlsPems, Transport } from "./seam.js";

/** uWS's idle timeout, mirrored: headers within 10 s, idle keep-alive connections closed after 10 s. */
const IDLE_MS = 10_000;
const EMPTY = new Uint8Array(0);

/** The verified client certificate, read once as the handshake ends and kept on the socket. */
const PEER = Symbol("xks.peerCertificate");
type PeerSocket = Socket & { [PEER]?: PeerCertificate };

/** SO_REUSEPORT for node:net listeners: Node 22.12+ and 23.1+. */
export function nodeHasReusePort(version = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major >= 24 || (major === 23 && minor >= 1) || (major === 22 && minor >= 12);
}

class NodeRequest implements RequestView {
  constructor(
    private readonly m: IncomingMessage,
    private readonly path: string,
    private readonly query: string,
  ) {}

  getMethod(): string {
    return (this.m.method ?? "").toLowerCase();
  }
  getUrl(): string {
    return this.path;
  }
  getQuery(): string {
    return this.query;
  }
  /** From the raw lines: node's `headers` joins or drops repeated ones, the handler must see them. */
  getHeader(name: string): string {
    const raw = this.m.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) return raw[i + 1]!;
    return "";
  }
  forEach(cb: (name: string, value: string) => void): void {
    const raw = this.m.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) cb(raw[i]!.toLowerCase(), raw[i + 1]!);
  }
}

class NodeExchange implements Exchange {
  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  onAborted(cb: () => void): void {
    this.res.once("close", () => {
      if (!this.res.writableFinished) cb();
    });
  }

  /** The last chunk is the one that completes Content-Length (no timer waits for 'end' then). */
  onData(cb: (chunk: Uint8Array, isLast: boolean) => void): void {
    const declared = this.req.headers["content-length"];
    const expected = declared === undefined ? -1 : Number(declared);
    let received = 0;
    let ended = false;
    this.req.on("data", (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received === expected) ended = true;
      cb(chunk, ended);
    });
    this.req.on("end", () => {
      if (!ended) {
        ended = true;
        cb(EMPTY, true);
      }
    });
  }

  answer(status: string, contentType: string, body: string, close: boolean, head: boolean, allow?: string): void {
    const res = this.res;
    if (res.headersSent || res.destroyed) return;
    const headers: OutgoingHttpHeaders = { "content-type": contentType, "content-length": Buffer.byteLength(body) };
    if (allow) headers.allow = allow;
    // node ends the connection after an answer that says so, and answers nothing pipelined behind it
    if (close) headers.connection = "close";
    res.writeHead(Number(status.slice(0, 3)), status.slice(4), headers);
    res.end(head ? undefined : body);
  }

  remoteAddress(): string {
    return this.req.socket.remoteAddress ?? "";
  }

  peerCertificate(): PeerCertificate | undefined {
    return (this.req.socket as PeerSocket)[PEER];
  }
}

/** A verified client certificate's subject CN, lower case (DNS names: any case); undefined without one, or with several. */
function verifiedSubject(s: TLSSocket): string | undefined {
  if (!s.authorized) return undefined;
  const cn: unknown = s.getPeerCertificate().subject?.CN;
  return typeof cn === "string" ? cn.toLowerCase() : undefined;
}

/** What the parser refused, in the words the handler uses for the same refusal on uWS. */
function parserRefusal(e: NodeJS.ErrnoException & { reason?: string }): string {
  const why = e.reason ?? e.message;
  if (/Duplicate Content-Length/i.test(why)) return "More than one Content-Length header";
  if (/Transfer-Encoding/i.test(why)) return "Transfer-Encoding is not supported: send the body with one Content-Length header";
  if (e.code === "HPE_HEADER_OVERFLOW") return "The request headers are too large";
  return `Malformed HTTP request (${e.code ?? "parse error"})`;
}

function listen(handler: RequestHandler, o: ListenOptions): Promise<Listener> {
  const options: ServerOptions = {
    requireHostHeader: false,
    headersTimeout: IDLE_MS,
    requestTimeout: IDLE_MS + o.bodyTimeoutMs,
    keepAliveTimeout: IDLE_MS,
    connectionsCheckingInterval: 1000,
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    handler.handle(new NodeRequest(req, q < 0 ? url : url.slice(0, q), q < 0 ? "" : url.slice(q + 1)), new NodeExchange(req, res));
  };
  const clientAuth = o.tls?.clientAuth;
  const server = o.tls
    ? createHttpsServer(
        {
          ...options,
          cert: o.reloadedTls ? Buffer.from(o.reloadedTls.cert) : readFileSync(o.tls.certFile),
          key: o.reloadedTls ? Buffer.from(o.reloadedTls.key) : readFileSync(o.tls.keyFile),
          passphrase: o.tls.passphrase,
          minVersion: "TLSv1.2",
          // no certificate: the handshake fails; one that does not verify: node closes the connection as it ends
          ...(clientAuth ? { requestCert: true, rejectUnauthorized: true, ca: o.reloadedTls?.clientCa ? Buffer.from(o.reloadedTls.clientCa) : readFileSync(clientAuth.caFile) } : {}),
        },
        onRequest,
      )
    : createHttpServer(options, onRequest);
  if (clientAuth) {
    const accepts = o.acceptsSubject ?? (() => false);
    // First listener: runs before node:http attaches its parser, so no HTTP byte of another subject is read.
    server.prependListener("secureConnection", (s: TLSSocket) => {
      const cn = verifiedSubject(s);
      if (cn === undefined || !accepts(cn)) s.destroy();
      else (s as PeerSocket)[PEER] = { subjectCN: cn };
    });
  }

  server.on("clientError", (e: NodeJS.ErrnoException & { reason?: string }, socket: Socket) => {
    // a reset, or a request that outlived the idle budget: closed without an answer, as uWS does
    // (also when an answer to an earlier request on the connection is pending: a 400 written now
    // would arrive before it, as its answer)
    const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (e.code === "ECONNRESET" || e.code === "ERR_HTTP_REQUEST_TIMEOUT" || e.code === "HPE_HEADERS_TIMEOUT" || !socket.writable || pending) {
      socket.destroy();
      return;
    }
    const body = handler.refuse(parserRefusal(e));
    socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  // TLS handshakes that fail are the client's problem: no answer is possible, nothing to log per socket
  server.on("tlsClientError", (_e: Error, socket: Socket) => socket.destroy());

  const connections = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    connections.add(s);
    s.once("close", () => connections.delete(s));
  });

  const listenOptions: NetListenOptions & { reusePort?: boolean } = { host: o.host, port: o.port, ...(o.reusePort ? { reusePort: true } : {}) };
  const bind = () =>
    new Promise<void>((resolve, reject) => {
      const failed = (e: Error) => {
        server.off("listening", bound);
        reject(e);
      };
      const bound = () => {
        server.off("error", failed);
        resolve();
      };
      server.once("error", failed);
      server.once("listening", bound);
      server.listen(listenOptions);
    });
  // net.Server's close stops listening only; http.Server's also closes idle keep-alive connections
  const unlisten = () => {
    if (server.listening) NetServer.prototype.close.call(server);
  };

  let wantListening = true;
  let stopped = false;
  const relisten = () => {
    if (server.listening || !wantListening || stopped) return;
    bind().then(
      () => {
        if (!wantListening || stopped) unlisten();
      },
      () => setTimeout(relisten, 1000).unref(),
    );
  };

  return bind().then(
    () => {
      const address = server.address();
      return {
        port: typeof address === "object" && address ? address.port : o.port,
        pauseAccepting() {
          wantListening = false;
          unlisten();
        },
        resumeAccepting() {
          wantListening = true;
          relisten();
        },
        stopAccepting() {
          stopped = true;
          wantListening = false;
          // also closes the idle keep-alive connections; answers during the drain close theirs
          server.close();
        },
        // node:https: the context of new handshakes; open connections keep the one they began with
        reloadTls(pems: TlsPems) {
          if (!o.tls || !("setSecureContext" in server)) return false;
          server.setSecureContext({
            cert: Buffer.from(pems.cert),
            key: Buffer.from(pems.key),
            minVersion: "TLSv1.2",
            ...(clientAuth && pems.clientCa ? { ca: Buffer.from(pems.clientCa) } : {}),
          });
          return true;
        },
        closeConnections(waitMs) {
          server.closeIdleConnections();
          return new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              clearInterval(poll);
              for (const s of connections) s.destroy();
              resolve();
            };
            const timer = setTimeout(done, waitMs);
            const poll = setInterval(() => connections.size === 0 && done(), 10);
          });
        },
      };
    },
    (e: unknown) => {
      throw new Error(`XKS data plane could not listen on ${o.host}:${o.port} (${e instanceof Error ? e.message : String(e)})`);
    },
  );
}

export const nodeTransport: Transport = { kind: "node", listen };
