/**
 * The emulated AWS KMS: custom key stores and KMS keys of one region, in memory, with AWS's
 * validation, state rules and error names; external key stores really talk to their proxy.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { CryptoOps, type XksKeyRef } from "./crypto-ops.js";
import { AliasPolicyOps } from "./alias-policy-ops.js";
import { KmsError, invalid, missing } from "./errors.js";
import { Holds } from "./holds.js";
import { cancelKeyDeletion, setKeyEnabled } from "./key-state-ops.js";
import { allUnavailable, callProxy, healthProblem, healthRequest, metadataRequest, type ProxyOutcome, type ProxyTarget } from "./xks-client.js";

export interface EmulatorOptions {
  region: string;
  /** AWS KMS gives the proxy 250 ms */
  proxyTimeoutMs: number;
  /** accept http:// proxy endpoints (loopback trials); AWS accepts https:// only */
  allowHttpProxy: boolean;
}

type ConnectionState = "CONNECTED" | "CONNECTING" | "FAILED" | "DISCONNECTED" | "DISCONNECTING";

interface Store {
  id: string;
  accountId: string;
  name: string;
  connectivity: "PUBLIC_ENDPOINT" | "VPC_ENDPOINT_SERVICE";
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  state: ConnectionState;
  errorCode?: string;
  /** bumps on every connect/disconnect so a late health answer cannot overwrite a newer state */
  generation: number;
  created: number;
}

export interface Key {
  id: string;
  accountId: string;
  arn: string;
  created: number;
  description: string;
  origin: string;
  customKeyStoreId?: string;
  xksKeyId?: string;
  state: "Enabled" | "Disabled" | "PendingDeletion";
  deletionDate?: number;
  /** the key policy document (JSON text) */
  policy: string;
}

type Input = Record<string, unknown>;
type Caller = { accountId: string; principalArn: string };

const NAME_MAX = 256;
const URI_PATH = /^(\/[a-zA-Z0-9/_-]+\/kms\/xks\/v\d{1,2})$|^(\/kms\/xks\/v\d{1,2})$/;
const XKS_ACCESS_KEY = /^[A-Z2-7]{20,30}$/;
const XKS_SECRET = /^[a-zA-Z0-9/+=]{43,64}$/;

function str(input: Input, member: string, required: true): string;
function str(input: Input, member: string, required?: false): string | undefined;
function str(input: Input, member: string, required = false): string | undefined {
  const v = input[member];
  if (v === undefined || v === null) {
    if (required) throw missing(member);
    return undefined;
  }
  if (typeof v !== "string") throw new KmsError("SerializationException", `${member} must be a string`);
  return v;
}

function int(input: Input, member: string): number | undefined {
  const v = input[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw new KmsError("SerializationException", `${member} must be an integer`);
  return v;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export class KmsState {
  private stores = new Map<string, Store>();
  private keys = new Map<string, Key>();
  /** every GetHealthStatus the emulator sent, for tests and trials to inspect */
  readonly healthCalls: { customKeyStoreId: string; kmsOperation: string; outcome: ProxyOutcome["kind"] }[] = [];
  /** operations tests hold mid-way (holds.ts) */
  readonly holds = new Holds();

  /** Encrypt, Decrypt and GenerateDataKey through the proxy (crypto-ops.ts); its calls are in crypto.calls */
  readonly crypto: CryptoOps;
  /** aliases and key policies (alias-policy-ops.ts) */
  readonly aliasPolicy: AliasPolicyOps;

  constructor(private readonly o: EmulatorOptions) {
    this.crypto = new CryptoOps({ xksKey: (keyId, caller) => this.xksKey(keyId, caller), proxyTimeoutMs: o.proxyTimeoutMs });
    this.aliasPolicy = new AliasPolicyOps(o.region, (input, caller) => this.findKey(input, caller), this.keys);
  }

  /** A key of an external key store and its store's proxy with the credential the store holds now. */
  private xksKey(keyId: string, caller: Caller): XksKeyRef {
    const k = this.findKey({ KeyId: keyId }, caller);
    const s = k.customKeyStoreId ? this.stores.get(k.customKeyStoreId) : undefined;
    if (!s || !k.xksKeyId) throw new KmsError("UnsupportedOperationException", "The emulator performs cryptographic operations only with KMS keys in external key stores.");
    return { id: k.id, arn: k.arn, xksKeyId: k.xksKeyId, keyState: k.state, storeState: s.state, target: this.target(s) };
  }

  async dispatch(op: string, input: Input, caller: Caller): Promise<Input> {
    await this.holds.pass(op);
    switch (op) {
      case "CreateCustomKeyStore":
        return this.createCustomKeyStore(input, caller);
      case "DescribeCustomKeyStores":
        return this.describeCustomKeyStores(input, caller);
      case "UpdateCustomKeyStore":
        return this.updateCustomKeyStore(input, caller);
      case "ConnectCustomKeyStore":
        return this.connectCustomKeyStore(input, caller);
      case "DisconnectCustomKeyStore":
        return this.disconnectCustomKeyStore(input, caller);
      case "DeleteCustomKeyStore":
        return this.deleteCustomKeyStore(input, caller);
      case "CreateKey":
        return this.createKey(input, caller);
      case "DescribeKey":
        return { KeyMetadata: this.keyMetadata(this.findKey(input, caller)) };
      case "ListKeys":
        return this.listKeys(input, caller);
      case "ScheduleKeyDeletion":
        return this.scheduleKeyDeletion(input, caller);
      case "Encrypt":
        return this.crypto.encrypt(input, caller);
      case "Decrypt":
        return this.crypto.decrypt(input, caller);
      case "GenerateDataKey":
        return this.crypto.generateDataKey(input, caller);
      case "EnableKey":
        return setKeyEnabled(this.findKey(input, caller), true);
      case "DisableKey":
        return setKeyEnabled(this.findKey(input, caller), false);
      case "CancelKeyDeletion":
        return cancelKeyDeletion(this.findKey(input, caller));
      case "CreateAlias":
        return this.aliasPolicy.createAlias(input, caller);
      case "ListAliases":
        return this.aliasPolicy.listAliases(input, caller);
      case "DeleteAlias":
        return this.aliasPolicy.deleteAlias(input, caller);
      case "GetKeyPolicy":
        return this.aliasPolicy.getKeyPolicy(input, caller);
      default:
        throw new KmsError("UnknownOperationException", `The emulator does not implement TrentService.${op}.`);
    }
  }

  private store(input: Input, caller: Caller): Store {
    const id = str(input, "CustomKeyStoreId", true);
    const s = this.stores.get(id);
    if (!s || s.accountId !== caller.accountId) throw new KmsError("CustomKeyStoreNotFoundException", `Custom key store ${id} does not exist.`);
    return s;
  }

  private endpoint(value: string): string {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid("xksProxyUriEndpoint", "Member must be a URL");
    }
    const schemes = this.o.allowHttpProxy ? ["https:", "http:"] : ["https:"];
    if (!schemes.includes(url.protocol)) throw new KmsError("XksProxyInvalidConfigurationException", `XksProxyUriEndpoint must begin with https://.`);
    if (url.pathname !== "/" || url.search || url.hash || url.username || url.password || value.endsWith("/")) {
      throw new KmsError("XksProxyInvalidConfigurationException", "XksProxyUriEndpoint must be a scheme and host (and port) only, without a path.");
    }
    return value;
  }

  private uriPath(value: string): string {
    if (value.length < 10 || value.length > 128 || !URI_PATH.test(value)) throw invalid("xksProxyUriPath", "Member must satisfy regular expression pattern: ^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$");
    return value;
  }

  private credential(v: unknown): { accessKeyId: string; secretAccessKey: string } {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new KmsError("SerializationException", "XksProxyAuthenticationCredential must be a structure");
    const c = v as Input;
    const accessKeyId = str(c, "AccessKeyId", true);
    const secretAccessKey = str(c, "RawSecretAccessKey", true);
    if (!XKS_ACCESS_KEY.test(accessKeyId)) throw invalid("xksProxyAuthenticationCredential.accessKeyId", "Member must have length between 20 and 30 and satisfy regular expression pattern: ^[A-Z2-7]+$");
    if (!XKS_SECRET.test(secretAccessKey)) throw invalid("xksProxyAuthenticationCredential.rawSecretAccessKey", "Member must have length between 43 and 64 and satisfy regular expression pattern: ^[a-zA-Z0-9\\/+=]+$");
    return { accessKeyId, secretAccessKey };
  }

  private connectivity(v: string): Store["connectivity"] {
    if (v === "VPC_ENDPOINT_SERVICE") throw new KmsError("UnsupportedOperationException", "The emulator does not emulate VPC endpoint service connectivity; use PUBLIC_ENDPOINT.");
    if (v !== "PUBLIC_ENDPOINT") throw invalid("xksProxyConnectivity", "Member must satisfy enum value set: [VPC_ENDPOINT_SERVICE, PUBLIC_ENDPOINT]");
    return v;
  }

  private name(v: string): string {
    if (v.length < 1 || v.length > NAME_MAX) throw invalid("customKeyStoreName", `Member must have length between 1 and ${NAME_MAX}`);
    return v;
  }

  private target(s: Pick<Store, "uriEndpoint" | "uriPath" | "accessKeyId" | "secretAccessKey">): ProxyTarget {
    return { uriEndpoint: s.uriEndpoint, uriPath: s.uriPath, accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: this.o.region };
  }

  private async health(storeId: string, t: ProxyTarget, kmsOperation: string): Promise<ProxyOutcome> {
    let outcome = await callProxy(t, "/health", healthRequest(kmsOperation), this.o.proxyTimeoutMs);
    if (outcome.kind === "ok") {
      const problem = healthProblem(outcome.body);
      if (problem) outcome = { kind: "invalid-response", detail: problem };
      else if (allUnavailable(outcome.body)) outcome = { kind: "unreachable", detail: "every external key manager instance is UNAVAILABLE" };
    }
    this.healthCalls.push({ customKeyStoreId: storeId, kmsOperation, outcome: outcome.kind });
    return outcome;
  }

  /** CreateCustomKeyStore and UpdateCustomKeyStore fail synchronously when the proxy does not check out. */
  private static healthException(o: ProxyOutcome): KmsError | undefined {
    switch (o.kind) {
      case "ok":
        return undefined;
      case "unreachable":
      case "timeout":
        return new KmsError("XksProxyUriUnreachableException", `KMS was unable to reach the external key store proxy: ${o.kind === "timeout" ? "it did not answer in time" : o.detail}.`);
      case "invalid-response":
        return new KmsError("XksProxyInvalidResponseException", `The external key store proxy's GetHealthStatus response is not valid: ${o.detail}.`);
      case "http-error":
        if (o.status === 401) return new KmsError("XksProxyIncorrectAuthenticationCredentialException", "The external key store proxy rejected the proxy authentication credential.");
        if (o.status === 403) return new KmsError("XksProxyInvalidConfigurationException", "The external key store proxy denied access to AWS KMS.");
        if (o.status === 404) return new KmsError("XksProxyInvalidConfigurationException", `The external key store proxy does not serve the URI path (${o.errorName || "404"}).`);
        if (o.status >= 500) return new KmsError("XksProxyUriUnreachableException", `The external key store proxy answered ${o.status} ${o.errorName}.`);
        return new KmsError("XksProxyInvalidResponseException", `The external key store proxy answered ${o.status} ${o.errorName}.`);
    }
  }

  /** ConnectCustomKeyStore reports its outcome as the store's ConnectionErrorCode. */
  private static connectionErrorCode(o: ProxyOutcome): string | undefined {
    switch (o.kind) {
      case "ok":
        return undefined;
      case "unreachable":
        return "XKS_PROXY_NOT_REACHABLE";
      case "timeout":
        return "XKS_PROXY_TIMED_OUT";
      case "invalid-response":
        return "XKS_PROXY_INVALID_RESPONSE";
      case "http-error":
        if (o.status === 401) return "INVALID_CREDENTIALS";
        if (o.status === 403) return "XKS_PROXY_ACCESS_DENIED";
        if (o.status === 404) return "XKS_PROXY_INVALID_CONFIGURATION";
        if (o.status >= 500) return "XKS_PROXY_NOT_REACHABLE";
        return "XKS_PROXY_INVALID_RESPONSE";
    }
  }

  private checkUnique(caller: Caller, name: string | undefined, endpoint: string, path: string, self?: string): void {
    for (const s of this.stores.values()) {
      if (s.id === self || s.accountId !== caller.accountId) continue;
      if (name !== undefined && s.name === name) throw new KmsError("CustomKeyStoreNameInUseException", `The custom key store name ${name} is already in use in this account and Region.`);
      if (s.uriEndpoint === endpoint && s.uriPath === path) throw new KmsError("XksProxyUriInUseException", "The XksProxyUriEndpoint and XksProxyUriPath combination is already in use by another external key store in this account and Region.");
    }
  }

  private async createCustomKeyStore(input: Input, caller: Caller): Promise<Input> {
    const name = this.name(str(input, "CustomKeyStoreName", true));
    const type = str(input, "CustomKeyStoreType") ?? "AWS_CLOUDHSM";
    if (type === "AWS_CLOUDHSM") throw new KmsError("UnsupportedOperationException", "The emulator does not emulate AWS CloudHSM key stores; use CustomKeyStoreType EXTERNAL_KEY_STORE.");
    if (type !== "EXTERNAL_KEY_STORE") throw invalid("customKeyStoreType", "Member must satisfy enum value set: [EXTERNAL_KEY_STORE, AWS_CLOUDHSM]");
    const connectivity = this.connectivity(str(input, "XksProxyConnectivity", true));
    const uriEndpoint = this.endpoint(str(input, "XksProxyUriEndpoint", true));
    const uriPath = this.uriPath(str(input, "XksProxyUriPath", true));
    if (input.XksProxyAuthenticationCredential === undefined) throw missing("XksProxyAuthenticationCredential");
    const cred = this.credential(input.XksProxyAuthenticationCredential);
    this.checkUnique(caller, name, uriEndpoint, uriPath);
    const id = `cks-${randomBytes(9).toString("hex").slice(0, 17)}`;
    const fail = KmsState.healthException(await this.health(id, this.target({ uriEndpoint, uriPath, ...cred }), "CreateCustomKeyStore"));
    if (fail) throw fail;
    // the health call awaited: a concurrent create may have taken the name meanwhile
    this.checkUnique(caller, name, uriEndpoint, uriPath);
    this.stores.set(id, { id, accountId: caller.accountId, name, connectivity, uriEndpoint, uriPath, ...cred, state: "DISCONNECTED", generation: 0, created: Date.now() });
    return { CustomKeyStoreId: id };
  }

  private describe(s: Store): Input {
    return {
      CustomKeyStoreId: s.id,
      CustomKeyStoreName: s.name,
      CustomKeyStoreType: "EXTERNAL_KEY_STORE",
      ConnectionState: s.state,
      ...(s.state === "FAILED" && s.errorCode ? { ConnectionErrorCode: s.errorCode } : {}),
      CreationDate: seconds(s.created),
      XksProxyConfiguration: { Connectivity: s.connectivity, AccessKeyId: s.accessKeyId, UriEndpoint: s.uriEndpoint, UriPath: s.uriPath },
    };
  }

  private describeCustomKeyStores(input: Input, caller: Caller): Input {
    const id = str(input, "CustomKeyStoreId");
    const name = str(input, "CustomKeyStoreName");
    if (id !== undefined) return { CustomKeyStores: [this.describe(this.store(input, caller))], Truncated: false };
    const all = [...this.stores.values()].filter((s) => s.accountId === caller.accountId);
    if (name !== undefined) {
      const s = all.find((x) => x.name === name);
      if (!s) throw new KmsError("CustomKeyStoreNotFoundException", `Custom key store ${name} does not exist.`);
      return { CustomKeyStores: [this.describe(s)], Truncated: false };
    }
    const page = this.page(all, input);
    return { CustomKeyStores: page.items.map((s) => this.describe(s)), Truncated: page.next !== undefined, ...(page.next ? { NextMarker: page.next } : {}) };
  }

  /** Marker pagination: the marker is the id of the first item of the next page. */
  private page<T extends { id: string }>(all: T[], input: Input): { items: T[]; next?: string } {
    const limit = int(input, "Limit") ?? 100;
    if (limit < 1 || limit > 1000) throw invalid("limit", "Member must have value between 1 and 1000");
    const marker = str(input, "Marker");
    let start = 0;
    if (marker !== undefined) {
      start = all.findIndex((x) => x.id === marker);
      if (start < 0) throw new KmsError("InvalidMarkerException", "The marker is not valid.");
    }
    const items = all.slice(start, start + limit);
    const next = all[start + limit]?.id;
    return next ? { items, next } : { items };
  }

  private async updateCustomKeyStore(input: Input, caller: Caller): Promise<Input> {
    const s = this.store(input, caller);
    const newName = str(input, "NewCustomKeyStoreName");
    const endpoint = str(input, "XksProxyUriEndpoint");
    const path = str(input, "XksProxyUriPath");
    const connectivity = str(input, "XksProxyConnectivity");
    const vpcService = str(input, "XksProxyVpcEndpointServiceName");
    const cred = input.XksProxyAuthenticationCredential === undefined ? undefined : this.credential(input.XksProxyAuthenticationCredential);
    for (const cloudHsm of ["CloudHsmClusterId", "KeyStorePassword"]) {
      if (input[cloudHsm] !== undefined) throw new KmsError("CustomKeyStoreInvalidStateException", `${cloudHsm} applies to AWS CloudHSM key stores only.`);
    }
    // AWS allows the name, the credential and the URI path to change while connected; the rest needs DISCONNECTED
    if ((endpoint !== undefined || connectivity !== undefined || vpcService !== undefined) && s.state !== "DISCONNECTED") {
      throw new KmsError("CustomKeyStoreInvalidStateException", `To update XksProxyUriEndpoint, XksProxyConnectivity or XksProxyVpcEndpointServiceName the external key store must be DISCONNECTED; it is ${s.state}.`);
    }
    if (s.state === "CONNECTING" || s.state === "DISCONNECTING") throw new KmsError("CustomKeyStoreInvalidStateException", `The custom key store is ${s.state}.`);
    const next = {
      name: newName === undefined ? s.name : this.name(newName),
      uriEndpoint: endpoint === undefined ? s.uriEndpoint : this.endpoint(endpoint),
      uriPath: path === undefined ? s.uriPath : this.uriPath(path),
      connectivity: connectivity === undefined ? s.connectivity : this.connectivity(connectivity),
      ...(cred ?? { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }),
    };
    if (vpcService !== undefined) this.connectivity("VPC_ENDPOINT_SERVICE");
    this.checkUnique(caller, newName === undefined ? undefined : next.name, next.uriEndpoint, next.uriPath, s.id);
    const proxyChanged = endpoint !== undefined || path !== undefined || cred !== undefined;
    // a connected store must keep working: KMS checks a new proxy configuration before taking it
    if (proxyChanged && s.state === "CONNECTED") {
      const fail = KmsState.healthException(await this.health(s.id, this.target(next), "UpdateCustomKeyStore"));
      if (fail) throw fail;
    }
    Object.assign(s, next);
    return {};
  }

  private connectCustomKeyStore(input: Input, caller: Caller): Input {
    const s = this.store(input, caller);
    if (s.state === "FAILED" || s.state === "DISCONNECTING") {
      throw new KmsError("CustomKeyStoreInvalidStateException", `The custom key store is ${s.state}; ${s.state === "FAILED" ? "disconnect it before connecting again" : "wait until it is DISCONNECTED"}.`);
    }
    if (s.state === "CONNECTED" || s.state === "CONNECTING") return {};
    s.state = "CONNECTING";
    delete s.errorCode;
    const generation = ++s.generation;
    // AWS answers at once and settles the connection in the background
    void this.health(s.id, this.target(s), "ConnectCustomKeyStore").then((outcome) => {
      if (s.generation !== generation || !this.stores.has(s.id)) return;
      const code = KmsState.connectionErrorCode(outcome);
      s.state = code ? "FAILED" : "CONNECTED";
      if (code) s.errorCode = code;
    });
    return {};
  }

  private disconnectCustomKeyStore(input: Input, caller: Caller): Input {
    const s = this.store(input, caller);
    if (s.state === "DISCONNECTED" || s.state === "DISCONNECTING") throw new KmsError("CustomKeyStoreInvalidStateException", `The custom key store is already ${s.state}.`);
    s.generation++;
    s.state = "DISCONNECTED";
    delete s.errorCode;
    return {};
  }

  private deleteCustomKeyStore(input: Input, caller: Caller): Input {
    const s = this.store(input, caller);
    if (s.state !== "DISCONNECTED") throw new KmsError("CustomKeyStoreInvalidStateException", `A custom key store must be DISCONNECTED before it is deleted; it is ${s.state}.`);
    const held = [...this.keys.values()].filter((k) => k.customKeyStoreId === s.id).length;
    if (held > 0) throw new KmsError("CustomKeyStoreHasCMKsException", `The custom key store still holds ${held} KMS key(s), including keys pending deletion; it can be deleted once they are deleted.`);
    this.stores.delete(s.id);
    return {};
  }

  private async createKey(input: Input, caller: Caller): Promise<Input> {
    const origin = str(input, "Origin") ?? "AWS_KMS";
    const keySpec = str(input, "KeySpec") ?? str(input, "CustomerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
    const keyUsage = str(input, "KeyUsage") ?? "ENCRYPT_DECRYPT";
    const description = str(input, "Description") ?? "";
    if (description.length > 8192) throw invalid("description", "Member must have length less than or equal to 8192");
    if (!["AWS_KMS", "EXTERNAL_KEY_STORE"].includes(origin)) throw new KmsError("UnsupportedOperationException", `The emulator creates keys with Origin AWS_KMS or EXTERNAL_KEY_STORE, not ${origin}.`);
    if (keySpec !== "SYMMETRIC_DEFAULT" || keyUsage !== "ENCRYPT_DECRYPT") throw new KmsError("UnsupportedOperationException", "The emulator creates symmetric encryption keys only (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).");
    const id = randomUUID();
    const arn = `arn:aws:kms:${this.o.region}:${caller.accountId}:key/${id}`;
    const policy = this.aliasPolicy.createKeyPolicy(input, caller);
    const key: Key = { id, accountId: caller.accountId, arn, created: Date.now(), description, origin, state: "Enabled", policy };
    if (origin === "EXTERNAL_KEY_STORE") {
      const s = this.store(input, caller);
      const xksKeyId = str(input, "XksKeyId", true);
      if (xksKeyId.length < 1 || xksKeyId.length > 128 || !/^[a-zA-Z0-9-_.]+$/.test(xksKeyId)) throw invalid("xksKeyId", "Member must have length between 1 and 128 and satisfy regular expression pattern: ^[a-zA-Z0-9-_.]+$");
      if (s.state !== "CONNECTED") throw new KmsError("CustomKeyStoreInvalidStateException", `The external key store must be CONNECTED to create keys in it; it is ${s.state}.`);
      if ([...this.keys.values()].some((k) => k.customKeyStoreId === s.id && k.xksKeyId === xksKeyId)) {
        throw new KmsError("XksKeyAlreadyInUseException", `The external key ${xksKeyId} is already associated with a KMS key in this external key store.`);
      }
      await this.checkExternalKey(s, xksKeyId, caller, arn);
      key.customKeyStoreId = s.id;
      key.xksKeyId = xksKeyId;
    } else if (input.XksKeyId !== undefined || input.CustomKeyStoreId !== undefined) {
      throw new KmsError("ValidationException", "XksKeyId and CustomKeyStoreId require Origin EXTERNAL_KEY_STORE.");
    }
    this.keys.set(id, key);
    return { KeyMetadata: this.keyMetadata(key) };
  }

  /** KMS's CreateKey checks the external key with GetKeyMetadata: AES_256, ENCRYPT and DECRYPT, ENABLED. */
  private async checkExternalKey(s: Store, xksKeyId: string, caller: Caller, arn: string): Promise<void> {
    const o = await callProxy(this.target(s), `/keys/${encodeURIComponent(xksKeyId)}/metadata`, metadataRequest(caller.principalArn, "CreateKey", arn), this.o.proxyTimeoutMs);
    if (o.kind === "http-error" && o.errorName === "KeyNotFoundException") throw new KmsError("XksKeyNotFoundException", `The external key store proxy could not find the external key ${xksKeyId}.`);
    if (o.kind === "timeout" || o.kind === "unreachable") throw new KmsError("XksProxyUriUnreachableException", "KMS was unable to reach the external key store proxy.");
    if (o.kind === "http-error") throw new KmsError("XksProxyInvalidResponseException", `The external key store proxy answered GetKeyMetadata with ${o.status} ${o.errorName}.`);
    if (o.kind === "invalid-response") throw new KmsError("XksProxyInvalidResponseException", `The external key store proxy's GetKeyMetadata response is not valid: ${o.detail}.`);
    const usage = Array.isArray(o.body.keyUsage) ? (o.body.keyUsage as unknown[]) : [];
    if (o.body.keySpec !== "AES_256" || !usage.includes("ENCRYPT") || !usage.includes("DECRYPT")) {
      throw new KmsError("XksKeyInvalidConfigurationException", `The external key ${xksKeyId} must be an AES_256 key that allows ENCRYPT and DECRYPT; the proxy reports ${String(o.body.keySpec)} with ${usage.join(", ") || "no usage"}.`);
    }
    if (o.body.keyStatus !== "ENABLED") throw new KmsError("XksKeyInvalidConfigurationException", `The external key ${xksKeyId} is ${String(o.body.keyStatus)}, not ENABLED.`);
  }

  private findKey(input: Input, caller: Caller): Key {
    const ref = str(input, "KeyId", true);
    if (ref.length < 1 || ref.length > 2048) throw invalid("keyId", "Member must have length between 1 and 2048");
    const arn = /^arn:aws:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(ref);
    const id = (ref.startsWith("alias/") || ref.includes(":alias/") ? this.aliasPolicy.aliasTarget(ref, caller) : undefined) ?? (arn ? arn[3]! : ref);
    const k = this.keys.get(id);
    if (!k || k.accountId !== caller.accountId || (arn && (arn[1] !== this.o.region || arn[2] !== caller.accountId))) throw new KmsError("NotFoundException", `Key '${ref}' does not exist`);
    return k;
  }

  private keyMetadata(k: Key): Input {
    const s = k.customKeyStoreId ? this.stores.get(k.customKeyStoreId) : undefined;
    // keys of an external key store that is not connected cannot be used
    const state = k.state === "Enabled" && s && s.state !== "CONNECTED" ? "Unavailable" : k.state;
    return {
      AWSAccountId: k.accountId,
      KeyId: k.id,
      Arn: k.arn,
      CreationDate: seconds(k.created),
      Enabled: state === "Enabled",
      Description: k.description,
      KeyUsage: "ENCRYPT_DECRYPT",
      KeyState: state,
      ...(k.deletionDate ? { DeletionDate: seconds(k.deletionDate) } : {}),
      Origin: k.origin,
      KeyManager: "CUSTOMER",
      CustomerMasterKeySpec: "SYMMETRIC_DEFAULT",
      KeySpec: "SYMMETRIC_DEFAULT",
      EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"],
      MultiRegion: false,
      ...(k.customKeyStoreId ? { CustomKeyStoreId: k.customKeyStoreId, XksKeyConfiguration: { Id: k.xksKeyId } } : {}),
    };
  }

  private listKeys(input: Input, caller: Caller): Input {
    const page = this.page([...this.keys.values()].filter((k) => k.accountId === caller.accountId), input);
    return { Keys: page.items.map((k) => ({ KeyId: k.id, KeyArn: k.arn })), Truncated: page.next !== undefined, ...(page.next ? { NextMarker: page.next } : {}) };
  }

  private scheduleKeyDeletion(input: Input, caller: Caller): Input {
    const k = this.findKey(input, caller);
    const days = int(input, "PendingWindowInDays") ?? 30;
    if (days < 7 || days > 30) throw invalid("pendingWindowInDays", "Member must have value between 7 and 30");
    if (k.state === "PendingDeletion") throw new KmsError("KMSInvalidStateException", `${k.arn} is pending deletion.`);
    k.state = "PendingDeletion";
    k.deletionDate = Date.now() + days * 86_400_000;
    return { KeyId: k.arn, DeletionDate: seconds(k.deletionDate), KeyState: "PendingDeletion", PendingWindowInDays: days };
  }
}
