/**
 * The fast transport: one uWebSockets.js app per data-plane thread; SO_REUSEPORT (uSockets sets it
 * for a fixed port) spreads connections over the threads. uWS's request object is the handler's
 * RequestView as is; the answer is written corked, and never after onAborted.
 */
import type { HttpResponse, us_listen_socket } from "uWebSockets.js";
import uWS from "./uws-binary.js";
import type { Exchange, Listener, ListenOptions, PeerCertificate, RequestHandler, Transport } from "./seam.js";

class UwsExchange implements Exchange {
  private aborted = false;
  private abortHandler: (() => void) | undefined;

  constructor(private readonly res: HttpResponse) {
    // uWS requires an abort handler before any asynchronous answer
    res.onAborted(() => {
      this.aborted = true;
      this.abortHandler?.();
    });
  }

  onAborted(cb: () => void): void {
    this.abortHandler = cb;
  }

  onData(cb: (chunk: Uint8Array, isLast: boolean) => void): void {
    this.res.onData((chunk, isLast) => cb(new Uint8Array(chunk), isLast));
  }

  answer(status: string, contentType: string, body: string, close: boolean, head: boolean, allow?: string): void {
    if (this.aborted) return;
    // A closing answer waits for the end of the current read: uWS would otherwise go on to parse
    // and answer a request pipelined behind this one in the same segment, on a connection it has
    // just announced closed. With this answer pending, uWS ends such a connection instead.
    if (close) setImmediate(() => this.write(status, contentType, body, true, head, allow));
    else this.write(status, contentType, body, false, head, allow);
  }

  private write(status: string, contentType: string, body: string, close: boolean, head: boolean, allow: string | undefined): void {
    if (this.aborted) return;
    const res = this.res;
    res.cork(() => {
      res.writeStatus(status);
      if (allow) res.writeHeader("Allow", allow);
      res.writeHeader("Content-Type", contentType);
      // HEAD: the length GET would get, no body. This uWS build aborts the process on
      // endWithoutBody(length) (the response stays pending), hence the header by hand. A closing
      // answer keeps its body: the client reads no further on a connection that ends.
      if (head && !close) res.writeHeader("Content-Length", String(Buffer.byteLength(body))).endWithoutBody();
      else res.end(body, close);
    });
  }

  remoteAddress(): string {
    return Buffer.from(this.res.getRemoteAddressAsText()).toString();
  }

  /** This uWS build exposes no peer certificate: mutual TLS runs on the node transport. */
  peerCertificate(): PeerCertificate | undefined {
    return undefined;
  }
}

function listen(handler: RequestHandler, o: ListenOptions): Promise<Listener> {
  if (o.tls?.clientAuth) return Promise.reject(new Error("the uWS transport cannot check client certificates (xks.tls.clientAuth)"));
  const app = o.tls ? uWS.SSLApp({ cert_file_name: o.tls.certFile, key_file_name: o.tls.keyFile, passphrase: o.tls.passphrase ?? "" }) : uWS.App();
  app.any("/*", (res, req) => handler.handle(req, new UwsExchange(res)));

  let listenSocket: us_listen_socket | null = null;
  let wantListening = true;
  let stopped = false;
  const relisten = () => {
    if (listenSocket || !wantListening) return;
    app.listen(o.host, o.port, (token) => {
      if (token && !wantListening) uWS.us_listen_socket_close(token);
      else if (token) listenSocket = token;
      else setTimeout(relisten, 1000).unref();
    });
  };
  const unlisten = () => {
    if (listenSocket) uWS.us_listen_socket_close(listenSocket);
    listenSocket = null;
  };

  return new Promise((resolve, reject) => {
    app.listen(o.host, o.port, (token) => {
      if (!token) return reject(new Error(`XKS data plane could not listen on ${o.host}:${o.port}`));
      listenSocket = token;
      resolve({
        port: uWS.us_socket_local_port(token),
        pauseAccepting() {
          wantListening = false;
          unlisten();
        },
        resumeAccepting() {
          if (stopped) return;
          wantListening = true;
          relisten();
        },
        stopAccepting() {
          stopped = true;
          wantListening = false;
          unlisten();
        },
        // Idle keep-alive connections end at uWS's HTTP idle timeout (10 s); requests arriving on
        // them meanwhile are answered and closed. Nothing here can close them sooner.
        closeConnections: () => Promise.resolve(),
        // This build's SSLApp keeps the context it was made with: addServerName adds SNI contexts
        // for other host names, none replaces the default one. New certificates need a restart.
        reloadTls: () => false,
      });
    });
  });
}

export const uwsTransport: Transport = { kind: "uws", listen };
