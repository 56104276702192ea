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
  /** told of every authenticated call refused because its message could not be decoded */
  onUndecodable: (path: string, actor: string) => void;
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
    let actor = "";
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const who = opts.auth.check(metadata);
            if (!who) {
              opts.onUnauthenticated(method.path);
              call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: UNAUTHENTICATED_MESSAGE });
              return;
            }
            actor = who;
            nextMetadata(metadata);
          },
          onReceiveMessage: (message: unknown, nextMessage) => {
            if (message instanceof DecodeFailure) {
              opts.onUndecodable(method.path, actor);
              call.sendStatus({ code: grpc.status.INVALID_ARGUMENT, details: message.message });
              return;
            }
            nextMessage(message);
          },
        }),
    });
  };
}
