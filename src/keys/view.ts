import { createSecretKey, type KeyObject } from "node:crypto";
import type { HsmKeyRef } from "../crypto/backend.js";
import { compileRules, type CompiledRules } from "./authorization.js";
import { kmsClientSubject } from "./mtls.js";
import {
  noRemovals,
  type CredentialRecord,
  type HyokKeyRecord,
  type KeyDelta,
  type KeyStoreRecord,
  type KeyTier,
  type Snapshot,
  type SourceKeyRecord,
  type VirtualKeyRecord,
} from "./records.js";

/**
 * The run-time key model, kept by the main thread and by every data-plane thread, changed by
 * deltas (KeyDelta). One implementation for both: a full load is a delta onto an empty model.
 *
 * Atomicity: a delta is applied in one synchronous call, so nothing else on the thread runs while
 * it is half-applied; a request resolves key store → credential → HYOK key → source key within one
 * event-loop turn, so it sees the state before a delta or after it, never a mix. The leaf views
 * (KeyStoreView, HyokKeyView, SourceKeyView) are immutable and replaced, never edited; the maps
 * holding them are updated in place, which keeps a delta's cost proportional to what it changes.
 */
export interface SourceKeyView {
  id: string;
  tier: KeyTier;
  keySpec: string;
  encrypt: boolean;
  decrypt: boolean;
  enabled: boolean;
  /** local tier: the unsealed key as a KeyObject (not exportable through any API of ours) */
  localKey: KeyObject | null;
  /** luna-hsm tier: where the key lives */
  hsm: HsmKeyRef | null;
}

export interface HyokKeyView {
  id: string;
  blocked: boolean;
  virtualKeyId: string;
  latestVersion: number;
  versions: ReadonlyMap<number, SourceKeyView>;
}

export interface KeyStoreView {
  record: Readonly<KeyStoreRecord>;
  /** accessKeyId → secret */
  credentials: ReadonlyMap<string, string>;
  hyokKeys: ReadonlyMap<string, HyokKeyView>;
  healthCheckKey: SourceKeyView | null;
  /** the store's authorization rules, compiled; null: none, every request is allowed */
  authorization: CompiledRules | null;
  /** mtls_enabled: the client certificate subject CN its requests need (lower case); else null */
  mtlsSubject: string | null;
}

export interface KeyView {
  /** by full XksProxyUriPath ("/<prefix>/kms/xks/v1") */
  readonly byUriPath: ReadonlyMap<string, KeyStoreView>;
  readonly byId: ReadonlyMap<string, KeyStoreView>;
  /** increases with every load or delta; lets caches notice a change */
  readonly generation: number;
}

function sourceKeyView(r: SourceKeyRecord): SourceKeyView {
  return {
    id: r.id,
    tier: r.tier,
    keySpec: r.keySpec,
    encrypt: r.encrypt,
    decrypt: r.decrypt,
    enabled: r.enabled,
    localKey: r.tier === "local" && r.material ? createSecretKey(r.material) : null,
    hsm: r.tier === "luna-hsm" && r.partition && r.label ? { partition: r.partition, label: r.label } : null,
  };
}

/** A one-to-many index (e.g. key store id → credential ids). */
class Index {
  readonly #m = new Map<string, Set<string>>();
  add(k: string, v: string): void {
    let s = this.#m.get(k);
    if (!s) this.#m.set(k, (s = new Set()));
    s.add(v);
  }
  delete(k: string, v: string): void {
    const s = this.#m.get(k);
    if (s?.delete(v) && s.size === 0) this.#m.delete(k);
  }
  get(k: string): ReadonlySet<string> {
    return this.#m.get(k) ?? EMPTY;
  }
}
const EMPTY: ReadonlySet<string> = new Set();

/** A key store's place in the view: its maps live as long as the store and are updated in place. */
interface Slot {
  view: KeyStoreView;
  credentials: Map<string, string>;
  hyokKeys: Map<string, HyokKeyView>;
}

/** What one delta touched, to rebuild only the views that depend on it. */
interface Dirty {
  stores: Set<string>;
  sources: Set<string>;
  virtuals: Set<string>;
  /** HYOK key id → the key store it was in before the delta (to take it out of there) */
  hyoks: Map<string, string | undefined>;
}

/** Holds the key model and its current view; `apply` and `load` change it (see above). */
export class KeyViewHolder {
  // the records, as the store hands them
  #stores = new Map<string, KeyStoreRecord>();
  #credentials = new Map<string, CredentialRecord>();
  #sources = new Map<string, { record: SourceKeyRecord; view: SourceKeyView }>();
  #virtuals = new Map<string, VirtualKeyRecord>();
  #hyoks = new Map<string, HyokKeyRecord>();
  // reverse references, so a change reaches exactly the views that depend on it
  #credentialsByStore = new Index();
  #hyoksByVirtual = new Index();
  #virtualsBySource = new Index();
  // the view
  #slots = new Map<string, Slot>();
  #byId = new Map<string, KeyStoreView>();
  #byUriPath = new Map<string, KeyStoreView>();
  #view: KeyView = { byUriPath: this.#byUriPath, byId: this.#byId, generation: 0 };

  get current(): KeyView {
    return this.#view;
  }

  /** Replaces the whole model (start, a restarted thread, a reader behind the pruned change log). */
  load(snapshot: Snapshot): KeyView {
    const generation = this.#view.generation;
    // the old view's maps stay as they are for whoever still holds them; fresh ones from here on
    this.#stores = new Map();
    this.#credentials = new Map();
    this.#sources = new Map();
    this.#virtuals = new Map();
    this.#hyoks = new Map();
    this.#credentialsByStore = new Index();
    this.#hyoksByVirtual = new Index();
    this.#virtualsBySource = new Index();
    this.#slots = new Map();
    this.#byId = new Map();
    this.#byUriPath = new Map();
    this.#view = { byUriPath: this.#byUriPath, byId: this.#byId, generation };
    return this.apply({ put: snapshot, remove: noRemovals() });
  }

  /** Applies a delta; cost proportional to the entities it names and the views depending on them. */
  apply(delta: KeyDelta): KeyView {
    const dirty: Dirty = { stores: new Set(), sources: new Set(), virtuals: new Set(), hyoks: new Map() };
    const { put, remove } = delta;
    for (const id of remove.keyStores) this.#setStore(id, undefined, dirty);
    for (const r of put.keyStores) this.#setStore(r.id, r, dirty);
    for (const id of remove.credentials) this.#setCredential(id, undefined, dirty);
    for (const r of put.credentials) this.#setCredential(r.id, r, dirty);
    for (const id of remove.sourceKeys) this.#setSource(id, undefined, dirty);
    for (const r of put.sourceKeys) this.#setSource(r.id, r, dirty);
    for (const id of remove.virtualKeys) this.#setVirtual(id, undefined, dirty);
    for (const r of put.virtualKeys) this.#setVirtual(r.id, r, dirty);
    for (const id of remove.hyokKeys) this.#setHyok(id, undefined, dirty);
    for (const r of put.hyokKeys) this.#setHyok(r.id, r, dirty);

    // propagate: source key → virtual keys using it → HYOK keys using those; health-check keys
    for (const s of dirty.sources) for (const v of this.#virtualsBySource.get(s)) dirty.virtuals.add(v);
    for (const v of dirty.virtuals) for (const h of this.#hyoksByVirtual.get(v)) this.#markHyok(h, dirty);
    if (dirty.sources.size > 0) {
      for (const [id, slot] of this.#slots) {
        const hc = slot.view.record.healthCheckKeyId;
        if (hc && dirty.sources.has(hc)) dirty.stores.add(id);
      }
    }
    for (const id of dirty.stores) this.#rebuildStore(id);
    for (const [id, before] of dirty.hyoks) this.#rebuildHyok(id, before);

    this.#view = { byUriPath: this.#byUriPath, byId: this.#byId, generation: this.#view.generation + 1 };
    return this.#view;
  }

  /** The model as a Snapshot (for a data-plane thread that starts or restarts). */
  snapshot(): Snapshot {
    return {
      keyStores: [...this.#stores.values()],
      credentials: [...this.#credentials.values()],
      sourceKeys: [...this.#sources.values()].map((s) => s.record),
      virtualKeys: [...this.#virtuals.values()],
      hyokKeys: [...this.#hyoks.values()],
    };
  }

  #setStore(id: string, r: KeyStoreRecord | undefined, dirty: Dirty): void {
    if (r) this.#stores.set(id, r);
    else this.#stores.delete(id);
    dirty.stores.add(id);
  }

  #setCredential(id: string, r: CredentialRecord | undefined, dirty: Dirty): void {
    const old = this.#credentials.get(id);
    if (old) {
      this.#credentialsByStore.delete(old.keyStoreId, id);
      dirty.stores.add(old.keyStoreId);
    }
    if (r) {
      this.#credentials.set(id, r);
      this.#credentialsByStore.add(r.keyStoreId, id);
      dirty.stores.add(r.keyStoreId);
    } else this.#credentials.delete(id);
  }

  #setSource(id: string, r: SourceKeyRecord | undefined, dirty: Dirty): void {
    if (r) this.#sources.set(id, { record: r, view: sourceKeyView(r) });
    else this.#sources.delete(id);
    dirty.sources.add(id);
  }

  #setVirtual(id: string, r: VirtualKeyRecord | undefined, dirty: Dirty): void {
    const old = this.#virtuals.get(id);
    if (old) for (const v of old.versions) this.#virtualsBySource.delete(v.sourceKeyId, id);
    if (r) {
      this.#virtuals.set(id, r);
      for (const v of r.versions) this.#virtualsBySource.add(v.sourceKeyId, id);
    } else this.#virtuals.delete(id);
    dirty.virtuals.add(id);
  }

  #setHyok(id: string, r: HyokKeyRecord | undefined, dirty: Dirty): void {
    this.#markHyok(id, dirty);
    const old = this.#hyoks.get(id);
    if (old) {
      this.#hyoksByVirtual.delete(old.virtualKeyId, id);
    }
    if (r) {
      this.#hyoks.set(id, r);
      this.#hyoksByVirtual.add(r.virtualKeyId, id);
    } else this.#hyoks.delete(id);
  }

  /** Remembers where a HYOK key was before this delta touched it (the first time only). */
  #markHyok(id: string, dirty: Dirty): void {
    if (!dirty.hyoks.has(id)) dirty.hyoks.set(id, this.#hyoks.get(id)?.keyStoreId);
  }

  #rebuildStore(id: string): void {
    const record = this.#stores.get(id);
    const slot = this.#slots.get(id);
    if (!record) {
      if (!slot) return;
      this.#slots.delete(id);
      this.#byId.delete(id);
      if (this.#byUriPath.get(slot.view.record.uriPath) === slot.view) this.#byUriPath.delete(slot.view.record.uriPath);
      // a request that found the store before it went away must not authenticate or resolve keys
      slot.credentials.clear();
      slot.hyokKeys.clear();
      return;
    }
    // A new store has no HYOK keys to place yet: a store is never deleted while it has some (the
    // store refuses), so none can be left over from an earlier store of the same id.
    const credentials = slot?.credentials ?? new Map<string, string>();
    const hyokKeys = slot?.hyokKeys ?? new Map<string, HyokKeyView>();
    if (slot && slot.view.record.uriPath !== record.uriPath && this.#byUriPath.get(slot.view.record.uriPath) === slot.view) {
      this.#byUriPath.delete(slot.view.record.uriPath);
    }
    // at most max_credentials (≤ 20) entries: rebuilt whole
    credentials.clear();
    for (const c of this.#credentialsByStore.get(id)) {
      const cred = this.#credentials.get(c)!;
      credentials.set(cred.accessKeyId, cred.secretAccessKey);
    }
    const view: KeyStoreView = {
      record,
      credentials,
      hyokKeys,
      healthCheckKey: record.healthCheckKeyId ? (this.#sources.get(record.healthCheckKeyId)?.view ?? null) : null,
      authorization: compileRules(record.authorizationRules),
      mtlsSubject: record.mtlsEnabled ? kmsClientSubject(record.region) : null,
    };
    this.#slots.set(id, { view, credentials, hyokKeys });
    this.#byId.set(id, view);
    this.#byUriPath.set(record.uriPath, view);
  }

  #rebuildHyok(id: string, before: string | undefined): void {
    const r = this.#hyoks.get(id);
    if (before !== undefined && before !== r?.keyStoreId) this.#slots.get(before)?.hyokKeys.delete(id);
    if (!r) return;
    const slot = this.#slots.get(r.keyStoreId);
    if (!slot) return;
    const vk = this.#virtuals.get(r.virtualKeyId);
    if (!vk) {
      slot.hyokKeys.delete(id);
      return;
    }
    const versions = new Map<number, SourceKeyView>();
    let latest = 0;
    for (const v of vk.versions) {
      const src = this.#sources.get(v.sourceKeyId);
      if (!src) continue;
      versions.set(v.version, src.view);
      latest = Math.max(latest, v.version);
    }
    slot.hyokKeys.set(id, { id, blocked: r.blocked, virtualKeyId: r.virtualKeyId, latestVersion: latest, versions });
  }
}
