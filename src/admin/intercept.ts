import * as grpc from "@grpc/grpc-js";
import type { BearerAuth } from "./auth.js";
import { UNAUTHENTICATED_MESSAGE } from "./errors.js";
import { DecodeFailure } from "./wire-guard.js";

export interface GuardOptions {
  auth: BearerAuth;
  /** methods that need no token (health, reflection) */
  isOpen: (path: string) => boolean;
  /** told of every call refused for want of a valid token */
  onUnauthenticated: (path: string) => void;
}

/**
 * Runs before grpc-js reads the request body: the bearer token is checked on the call's metadata,
 * and a call without a valid one is answered UNAUTHENTICATED before any byte of its message is read
 * or decoded (grpc-js reads the body only once the handler asks for it). For authenticated calls,
 * a request the guarded deserializer could not decode is answered INVALID_ARGUMENT.
 */
export function adminGuard(opts: GuardOptions): grpc.ServerInterceptor {
  return (method, call) => {
    if (opts.isOpen(method.path)) return new grpc.ServerInterceptingCall(call);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            if (!opts.auth.check(metadata)) {
              opts.onUnauthenticated(method.path);
              call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
              return;
            }
            nextMetadata(metadata);
          },
          onReceiveMessage: (message: unknown, nextMessage) => {
            if (message instanceof DecodeFailure) {
              call.sendStatus({ code: grpc.status.INVALID_ARGUMENT, details: message.message });
              return;
            }
            nextMessage(message);
          },
        }),
    });
  };
}
