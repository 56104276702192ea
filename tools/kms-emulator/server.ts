/**
 * The AWS KMS emulator's HTTP face: the KMS JSON 1.1 protocol (POST /, X-Amz-Target:
 * TrentService.<Operation>, Content-Type application/x-amz-json-1.1), every request SigV4-verified
 * against the emulator's own credential table (and the temporary credentials its STS issued),
 * errors as `{"__type", "message"}` with x-amzn-RequestId. Form-encoded requests are STS's Query
 * protocol (sts.ts), answered in XML.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KmsError } from "./errors.js";
import { verifySigV4, type EmulatorCredential } from "./sigv4.js";
import { KmsState, type EmulatorOptions } from "./state.js";
import { StsState, stsError, stsErrorXml, type EmulatorRole } from "./sts.js";

export interface KmsEmulator {
  port: number;
  endpoint: string;
  state: KmsState;
  sts: StsState;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<EmulatorOptions> {
  credentials: EmulatorCredential[];
  /** IAM roles the emulator's STS lets the credentials assume */
  roles?: EmulatorRole[];
  host?: string;
  port?: number;
}

const MAX_BODY = 1024 * 1024;
const JSON_11 = "application/x-amz-json-1.1";
const FORM = "application/x-www-form-urlencoded";

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new KmsError("ValidationException", "The request body is too large.", 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, requestId: string, status: number, body: unknown): void {
  send(res, requestId, status, JSON_11, JSON.stringify(body));
}

function send(res: ServerResponse, requestId: string, status: number, contentType: string, text: string): void {
  // AWS's Date is the clock it checks signatures against, and the SDK corrects its own clock by it:
  // the same clock here (node:http's own Date header reads a cached time of its own).
  res.writeHead(status, { date: new Date().toUTCString(), "content-type": contentType, "x-amzn-requestid": requestId, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startKmsEmulator(o: StartOptions): Promise<KmsEmulator> {
  for (const c of o.credentials) {
    if (!/^\d{12}$/.test(c.accountId)) throw new Error(`emulator credential ${c.accessKeyId}: accountId must be 12 digits`);
    if (!c.accessKeyId || !c.secretAccessKey) throw new Error("emulator credential: accessKeyId and secretAccessKey are required");
  }
  const table = new Map(o.credentials.map((c) => [c.accessKeyId, c]));
  const region = o.region ?? "us-east-1";
  const state = new KmsState({ region, proxyTimeoutMs: o.proxyTimeoutMs ?? 250, allowHttpProxy: o.allowHttpProxy ?? false });
  const sts = new StsState(o.roles ?? []);
  const principalOf = (cred: EmulatorCredential) => sts.session(cred.accessKeyId)?.principalArn ?? `arn:aws:iam::${cred.accountId}:user/${cred.accessKeyId}`;
  const authenticate = async (req: IncomingMessage, body: Buffer, service: string) => {
    // as AWS: the session token is checked with the access key, before the signature
    const lookup = (id: string): EmulatorCredential | undefined => {
      const cred = table.get(id) ?? sts.session(id);
      if (cred) sts.checkToken(cred, req.headers);
      return cred;
    };
    const cred = await verifySigV4({ method: req.method!, path: req.url ?? "/", headers: req.headers, body }, region, lookup, new Date(), service);
    return { ...cred, principalArn: principalOf(cred) };
  };

  const handleSts = async (req: IncomingMessage, res: ServerResponse, body: Buffer, requestId: string): Promise<void> => {
    try {
      const caller = await authenticate(req, body, "sts");
      send(res, requestId, 200, "text/xml", sts.handle(new URLSearchParams(body.toString("utf8")), caller, requestId));
    } catch (e) {
      const err = stsError(e instanceof KmsError ? e : new KmsError("InternalFailure", "The emulator failed to process the request.", 500));
      send(res, requestId, err.status, "text/xml", stsErrorXml(err, requestId));
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    try {
      const body = await readBody(req);
      if (req.method !== "POST" || (req.url ?? "/").split("?")[0] !== "/") throw new KmsError("UnknownOperationException", "KMS answers POST / only.", 404);
      if ((req.headers["content-type"] ?? "").split(";")[0]!.trim() === FORM) return await handleSts(req, res, body, requestId);
      const cred = await authenticate(req, body, "kms");
      const target = req.headers["x-amz-target"];
      const m = typeof target === "string" ? /^TrentService\.([A-Za-z]+)$/.exec(target) : null;
      if (!m) throw new KmsError("UnknownOperationException", "X-Amz-Target must name TrentService.<Operation>.");
      if ((req.headers["content-type"] ?? "").split(";")[0]!.trim() !== JSON_11) throw new KmsError("SerializationException", `Content-Type must be ${JSON_11}.`);
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch {
        throw new KmsError("SerializationException", "The request body is not valid JSON.");
      }
      if (typeof input !== "object" || input === null || Array.isArray(input)) throw new KmsError("SerializationException", "The request body must be a JSON object.");
      const caller = { accountId: cred.accountId, principalArn: cred.principalArn };
      reply(res, requestId, 200, await state.dispatch(m[1]!, input as Record<string, unknown>, caller));
    } catch (e) {
      const err = e instanceof KmsError ? e : new KmsError("KMSInternalException", "The emulator failed to process the request.", 500);
      reply(res, requestId, err.status, { __type: err.type, message: err.message });
    }
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, o.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    endpoint: `http://${o.host ?? "127.0.0.1"}:${port}`,
    state,
    sts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
