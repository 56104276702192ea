import { isXksError, XksError, type XksErrorName } from "../errors.js";
import { andThen, type MaybePromise } from "../maybe-promise.js";
import type { CryptoRouter } from "../crypto/router.js";
import type { KeyStoreView, KeyViewHolder } from "../keys/view.js";
import { AuthorizationDenied } from "./authorize.js";
import { ClientCertificateRefused, refuseClientCertificate, subjectAcceptor } from "./client-certificate.js";
import { assertStoreUsable, decrypt, encrypt, encryptResponseJson, getKeyMetadata } from "./handlers.js";
import type { FleetEntry } from "./health-monitor.js";
import { parseRoute, type XksOperation } from "./route.js";
import { AuthFailure, sha256hex, SigningKeyCache, verifySigV4 } from "./sigv4.js";
import { errorBody, HTTP_STATUS, METHOD_NOT_ALLOWED } from "./status.js";
import type { FleetShare } from "./fleet-share.js";
import type { Throttle } from "./throttle.js";
import type { Exchange, RequestHandler, RequestView, TlsPems, TlsSettings, Transport } from "./transport/seam.js";
import { parseDecrypt, parseEncrypt, parseJsonObject, parseMetadata, type RequestMetadata } from "./wire.js";

/**
 * The XKS data plane's request handling, behind the transport seam (transport/seam.ts). One
 * request flows: route → read body (capped) → SigV4 → throttle → validate → resolve key → crypto →
 * respond. Which HTTP server parses the request is the transport's business.
 */
export interface XksRequestEvent {
  operation: XksOperation | "Unrouted";
  kmsRequestId?: string;
  kmsOperation?: string;
  keyStoreId?: string;
  keyId?: string;
  accessKeyId?: string;
  status: number;
  errorName?: XksErrorName;
  /** why authentication failed (never a signature or secret) */
  reason?: string;
  durationMs: number;
}

export interface XksObserver {
  done(event: XksRequestEvent): void;
  /**
   * Successful requests that need no log line or audit record of their own, per operation and key
   * store: one call for many requests (only their count and durations matter).
   */
  tally?(t: XksSuccessTally): void;
}

export interface XksSuccessTally {
  operation: XksRequestEvent["operation"];
  keyStoreId: string;
  durationsMs: Float64Array;
}

export interface XksServerOptions {
  transport: Transport;
  /** the listen socket shares its port with other threads' (SO_REUSEPORT) */
  reusePort: boolean;
  host: string;
  port: number;
  tls?: TlsSettings;
  /** see ListenOptions.reloadedTls */
  reloadedTls?: TlsPems;
  maxBodyBytes: number;
  /**
   * How long a request body may take to arrive (default 5000 ms). Past it, or once an over-limit
   * body has been read and discarded, the answer goes out with `Connection: close`. Keep it below
   * the transports' idle timeout (uWS: 10 s in 4 s ticks, so as early as 8 s), which closes
   * without an answer.
   */
  bodyTimeoutMs?: number;
  requestTimeoutMs: number;
  /** xksProxyFleetSize when configured; otherwise the live fleet size */
  fleetSize?: number | undefined;
  fleet: FleetShare;
  vendor: string;
  model: string;
  ekmVendor: (store: KeyStoreView) => string;
  keys: KeyViewHolder;
  router: CryptoRouter;
  /** GetHealthStatus answers: cached deep checks, kept by the main thread */
  health: { report(store: KeyStoreView): Promise<FleetEntry[]> };
  observer: XksObserver;
  ready: () => boolean;
  /** token buckets shared by all threads, and each store's bucket slot */
  throttle: Throttle;
  throttleSlot: (storeId: string) => number;
  /** the unauthenticated key store health check's buckets (same slots, its own memory), 2 req/s */
  healthThrottle: Throttle;
}

export interface XksServer {
  port: number;
  /** closes the listen socket: new connections are refused, open ones are served */
  pauseAccepting(): void;
  /** listens again (retried every second until it succeeds, unless paused or closing meanwhile) */
  resumeAccepting(): void;
  /**
   * Stop accepting, wait (bounded) for in-flight requests; then the transport ends the connections
   * left (node) or they end at the idle timeout (uWS, 10 s). Requests arriving on them meanwhile
   * are answered and closed.
   */
  close(drainMs?: number): Promise<void>;
  /** new connections get these certificates (SIGHUP); false: the transport needs a restart for them */
  reloadTls(pems: TlsPems): boolean;
}

const JSON_TYPE = "application/json";
/**
 * Headers that are one value, never a list: joined with a comma like list headers, two
 * Authorization lines could make one valid header out of two halves, and two Hosts are a 400 in
 * HTTP/1.1 anyway. Whoever sits in front of the proxy may read only the first of them.
 */
const SINGLE_HEADERS = new Set(["host", "authorization", "x-amz-date", "x-amz-content-sha256"]);
const DEFAULT_BODY_TIMEOUT_MS = 5000;
/** The seed's per-node limit for the unauthenticated key store health check. */
const STORE_HEALTH_RATE = { rps: 2, burst: 2 };
/** `GET|POST /keystores/<id>/health`, and the same under CCKM's `/api/v1/cckm/aws/custom-key-stores/<id>/health`. */
const STORE_HEALTH = /^\/(?:keystores|api\/v1\/cckm\/aws\/custom-key-stores)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/health$/;

/** A plain value (synchronous local-tier work) needs no timer: only a deadline already past fails it. */
function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T>;
function withDeadline<T>(p: MaybePromise<T>, deadline: number): MaybePromise<T>;
function withDeadline<T>(p: MaybePromise<T>, deadline: number): MaybePromise<T> {
  const left = deadline - Date.now();
  if (left <= 0) {
    const late = new XksError("DependencyTimeoutException", "The request deadline passed before the key manager answered");
    if (p instanceof Promise) return Promise.reject(late);
    throw late;
  }
  if (!(p instanceof Promise)) return p;
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new XksError("DependencyTimeoutException", "The key manager did not answer within the request deadline")), left);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function startXksServer(opts: XksServerOptions): Promise<XksServer> {
  const signingKeys = new SigningKeyCache();
  let inFlight = 0;
  let draining = false;

  function execute(route: NonNullable<ReturnType<typeof parseRoute>>, store: KeyStoreView, body: Buffer, ev: XksRequestEvent, deadline: number): MaybePromise<string> {
    const json = parseJsonObject(body);
    const meta: RequestMetadata = parseMetadata(json, route.operation);
    ev.kmsRequestId = meta.kmsRequestId;
    ev.kmsOperation = meta.kmsOperation;
    switch (route.operation) {
      case "GetHealthStatus": {
        assertStoreUsable(store);
        return andThen(withDeadline(opts.health.report(store), deadline), (fleet) => {
          if (fleet.every((f) => f.healthStatus === "UNAVAILABLE")) {
            throw new XksError("InternalException", "No external key manager of this key store is available");
          }
          return JSON.stringify({
            xksProxyFleetSize: opts.fleetSize ?? opts.fleet.size,
            xksProxyVendor: opts.vendor,
            xksProxyModel: opts.model,
            ekmVendor: opts.ekmVendor(store),
            ekmFleetDetails: fleet,
          });
        });
      }
      case "GetKeyMetadata":
        return JSON.stringify(getKeyMetadata(store, route.keyId!, meta));
      case "Encrypt":
        return andThen(withDeadline(encrypt(store, route.keyId!, parseEncrypt(json, meta), opts.router, deadline), deadline), encryptResponseJson);
      case "Decrypt":
        return andThen(withDeadline(decrypt(store, route.keyId!, parseDecrypt(json, meta), opts.router, deadline), deadline), (r) => JSON.stringify(r));
    }
  }

  /**
   * The seed's unauthenticated key store health check, for load balancers and monitoring: 200 and
   * no body when the store exists, is not blocked and one of its key managers is available (the main
   * thread's cached deep check); 503 otherwise, 404 for no such store, 429 past 2 requests/s per
   * store on this node (buckets shared by all data-plane threads). It tells nothing a caller could
   * not learn from GetHealthStatus except that the id exists, and ids are random UUIDs.
   */
  function storeHealth(id: string, gone: () => boolean, write: (status: string, body: string, close: boolean) => void): void {
    const store = opts.keys.current.byId.get(id);
    if (!store) return write("404 Not Found", errorBody("InvalidUriPathException", "No key store with this id"), false);
    if (!opts.healthThrottle.take(opts.throttleSlot(id), STORE_HEALTH_RATE)) {
      return write("429 Too Many Requests", errorBody("ThrottlingException", "At most 2 health checks per second per key store"), false);
    }
    if (store.record.blocked) return write("503 Service Unavailable", errorBody("InvalidStateException", "The external key store is blocked"), false);
    withDeadline(opts.health.report(store), Date.now() + Math.max(opts.requestTimeoutMs, 1000)).then(
      (fleet) => {
        if (gone()) return;
        if (fleet.every((f) => f.healthStatus === "UNAVAILABLE")) {
          write("503 Service Unavailable", errorBody("InternalException", "No external key manager of this key store is available"), false);
        } else write("200 OK", "", false);
      },
      (e: unknown) => {
        const err = isXksError(e) ? e : new XksError("InternalException", "The health check failed");
        write("503 Service Unavailable", errorBody(err.name, err.message), false);
      },
    );
  }

  const bodyTimeoutMs = opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const tooBig = () => new XksError("UnsupportedOperationException", `Request bodies larger than ${opts.maxBodyBytes} bytes are not supported`);
  const tooSlow = () => new XksError("ValidationException", `The request body did not arrive within ${bodyTimeoutMs} ms`);

  function handle(req: RequestView, res: Exchange): void {
    const started = performance.now();
    const deadline = Date.now() + opts.requestTimeoutMs;
    const method = req.getMethod();
    // HEAD is answered as GET would be, without the body: a body after a HEAD answer would be read
    // by a keep-alive client as the start of its next answer.
    const head = method === "head";
    const getLike = head || method === "get";
    const path = req.getUrl();
    let aborted = false;
    let abandonBody: (() => void) | undefined;
    res.onAborted(() => {
      aborted = true;
      abandonBody?.(); // the client left mid-body: nothing is in flight any more
    });

    const write = (status: string, body: string, close: boolean) => {
      if (aborted) return;
      // While draining, every answer closes its connection so the thread can end cleanly.
      res.answer(status, body.startsWith("{") ? JSON_TYPE : "text/plain", body, close || draining, head, status === METHOD_NOT_ALLOWED ? "POST" : undefined);
    };
    const respond = (status: string, body: string, ev: XksRequestEvent | undefined, close = false) => {
      if (aborted) return;
      write(status, body, close);
      if (ev) {
        ev.status = Number(status.slice(0, 3));
        ev.durationMs = performance.now() - started;
        opts.observer.done(ev);
      }
    };
    const fail = (e: unknown, ev: XksRequestEvent, close = false) => {
      const err = isXksError(e) ? e : new XksError("InternalException", "The proxy failed to process the request");
      ev.errorName = err.name;
      if (e instanceof AuthFailure || e instanceof AuthorizationDenied || e instanceof ClientCertificateRefused) ev.reason = e.reason;
      respond(HTTP_STATUS[err.name], errorBody(err.name, err.message), ev, close);
    };
    /**
     * Reads and discards the rest of the body (nothing is kept), then answers and closes: a client
     * still sending when the connection closes would get a reset instead of the answer. A body that
     * does not end within bodyTimeoutMs gets the answer then (and the close) all the same.
     */
    const failAfterBody = (e: XksError, ev: XksRequestEvent) => {
      let answered = false;
      const answer = () => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        fail(e, ev, true);
      };
      const timer = setTimeout(answer, bodyTimeoutMs);
      abandonBody = () => clearTimeout(timer);
      res.onData((_chunk, isLast) => {
        if (isLast) answer();
      });
    };

    const ev: XksRequestEvent = { operation: "Unrouted", status: 0, durationMs: 0 };
    // Framing first (request smuggling): uWS takes the first of several Content-Length headers and
    // decodes any Transfer-Encoding as chunked (node's parser refuses the former itself). Both are
    // ambiguous to whatever sits in front of the proxy; AWS KMS sends exactly one Content-Length.
    if (req.getHeader("transfer-encoding") !== "") {
      return failAfterBody(new XksError("ValidationException", "Transfer-Encoding is not supported: send the body with one Content-Length header"), ev);
    }
    const headers: Record<string, string> = {};
    let lengths = 0;
    let repeated: string | undefined;
    if (method === "post") {
      req.forEach((k, v) => {
        if (k === "content-length") lengths++;
        if (headers[k] === undefined) headers[k] = v;
        else {
          if (SINGLE_HEADERS.has(k)) repeated ??= k;
          headers[k] = `${headers[k]},${v}`;
        }
      });
    } else if (req.getHeader("content-length") !== "") {
      req.forEach((k) => {
        if (k === "content-length") lengths++;
      });
    }
    if (lengths > 1) return failAfterBody(new XksError("ValidationException", "More than one Content-Length header"), ev);

    if (getLike && path === "/ping") return respond("200 OK", "ok", undefined);
    if (getLike && path === "/readyz") {
      return opts.ready() && !draining ? respond("200 OK", "ready", undefined) : respond("503 Service Unavailable", "not ready", undefined);
    }

    const route = parseRoute(path);
    if (!route) {
      const health = STORE_HEALTH.exec(path);
      if (health && (getLike || method === "post")) return storeHealth(health[1]!, () => aborted, write);
    }
    ev.operation = route?.operation ?? "Unrouted";
    const store = route ? opts.keys.current.byUriPath.get(route.uriPath) : undefined;
    if (!route || !store) return fail(new XksError("InvalidUriPathException", "The URI path is not a valid XKS API path of this proxy"), ev);
    ev.keyStoreId = store.record.id;
    ev.keyId = route.keyId;
    if (method !== "post") return respond(METHOD_NOT_ALLOWED, errorBody("ValidationException", `XKS API calls use POST, not ${method.toUpperCase()}`), ev);
    if (draining) return failAfterBody(new XksError("ThrottlingException", "The proxy is shutting down"), ev);
    if (repeated) return failAfterBody(new XksError("ValidationException", `More than one ${repeated} header`), ev);
    // before the body and SigV4: a connection that is not AWS KMS's for this store costs no more
    const refused = refuseClientCertificate(store, res.peerCertificate(), route.operation);
    if (refused) return failAfterBody(refused, ev);

    const query = req.getQuery() ?? "";
    const declared = Number(headers["content-length"] ?? "0");
    if (declared > opts.maxBodyBytes) return failAfterBody(tooBig(), ev);

    inFlight++;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    // Set only when the body does not come with the headers (the usual request needs no timer).
    let bodyTimer: NodeJS.Timeout | undefined;
    abandonBody = () => {
      if (done) return;
      done = true;
      inFlight--;
      chunks.length = 0;
      clearTimeout(bodyTimer);
    };
    res.onData((chunk, isLast) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > opts.maxBodyBytes) {
        // Not reached while Content-Length is checked above (the transports deliver exactly that
        // many bytes, and other framings are refused); the cap stays where the bytes are kept.
        abandonBody!();
        return fail(tooBig(), ev, true);
      }
      if (!isLast) {
        chunks.push(Buffer.from(chunk)); // copy: a chunk is valid only during the call (uWS reuses it)
        bodyTimer ??= setTimeout(() => {
          abandonBody!();
          fail(tooSlow(), ev, true);
        }, bodyTimeoutMs);
        return;
      }
      clearTimeout(bodyTimer);
      done = true;
      // The usual body arrives whole with the headers: read in place, not copied. Everything that
      // reads `body` runs before this call returns (hash, JSON parse, base64 decode into new buffers).
      const body = chunks.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([...chunks, chunk]);
      try {
        const snapshotStore = opts.keys.current.byUriPath.get(route.uriPath) ?? store;
        ev.accessKeyId = verifySigV4(
          { method, path, query, headers, payloadHash: sha256hex(body) },
          { region: snapshotStore.record.region, secrets: snapshotStore.credentials, now: Date.now(), cache: signingKeys },
        );
        if (!opts.throttle.take(opts.throttleSlot(snapshotStore.record.id), snapshotStore.record.rateLimit)) {
          throw new XksError("ThrottlingException", "The key store's request rate limit was exceeded");
        }
        const out = execute(route, snapshotStore, body, ev, deadline);
        if (out instanceof Promise) {
          void out
            .then((s) => respond("200 OK", s, ev))
            .catch((e: unknown) => fail(e, ev))
            .finally(() => inFlight--);
          return;
        }
        respond("200 OK", out, ev);
      } catch (e) {
        fail(e, ev);
      }
      inFlight--;
    });
  }

  /** A request the transport's parser refused: its event, and the answer's body. */
  function refuse(message: string): string {
    const err = new XksError("ValidationException", message);
    opts.observer.done({ operation: "Unrouted", status: 400, errorName: err.name, durationMs: 0 });
    return errorBody(err.name, err.message);
  }

  const handler: RequestHandler = { handle, refuse };
  const clientAuth = opts.tls?.clientAuth;
  const acceptsSubject = clientAuth ? subjectAcceptor(clientAuth.subjects, opts.keys) : undefined;
  return opts.transport.listen(handler, { host: opts.host, port: opts.port, tls: opts.tls, reusePort: opts.reusePort, bodyTimeoutMs, acceptsSubject, reloadedTls: opts.reloadedTls }).then((listener) => ({
    port: listener.port,
    pauseAccepting: () => listener.pauseAccepting(),
    resumeAccepting: () => listener.resumeAccepting(),
    reloadTls: (pems) => listener.reloadTls(pems),
    async close(drainMs = 10_000) {
      draining = true;
      listener.stopAccepting();
      const until = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await listener.closeConnections(Math.max(0, until - Date.now()));
    },
  }));
}
