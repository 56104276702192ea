import * as grpc from "@grpc/grpc-js";
import type { SecureContextOptions } from "node:tls";
import type { AdminDeps } from "./deps.js";

type AdminTls = NonNullable<AdminDeps["tls"]>;

function contextOptions(tls: AdminTls): SecureContextOptions {
  return { cert: tls.cert, key: tls.key, minVersion: "TLSv1.2", ...(tls.clientCa ? { ca: tls.clientCa } : {}) };
}

/**
 * Server credentials whose certificate, key and client CAs can be replaced while the server runs
 * (SIGHUP). grpc-js 1.14's server watches its credentials: each update reaches
 * http2SecureServer.setSecureContext, so new connections get the new certificate and open ones
 * keep theirs. createSsl's credentials never update; the experimental certificate-provider
 * credentials would (with a provider of our own), but their factory passes its two providers to
 * the constructor in the opposite order to its declaration. This subclass only calls the
 * base class's own update.
 *
 * TLS 1.2 or later, whatever the process default (NODE_OPTIONS=--tls-min-v1.0 lowers it). With a
 * client CA the handshake requires and verifies a client certificate; the bearer token is checked
 * as well.
 */
export class ReloadableServerCredentials extends grpc.ServerCredentials {
  constructor(tls: AdminTls) {
    const mutual = tls.clientCa !== undefined;
    super({ requestCert: mutual, rejectUnauthorized: mutual, minVersion: "TLSv1.2" }, contextOptions(tls));
  }

  /** New connections get these; the caller has read and checked them (lifecycle/tls-files.ts). */
  reload(tls: AdminTls): void {
    this.updateSecureContextOptions(contextOptions(tls));
  }

  _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}
