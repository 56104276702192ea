import { createSecretKey, type KeyObject } from "node:crypto";
import type { HsmKeyRef } from "../crypto/backend.js";
import type { KeyStoreRecord, KeyTier, Snapshot } from "./records.js";

/**
 * The run-time key model: an immutable view built from a Snapshot and swapped whole on every
 * admin change, so a request sees either the old state or the new one, never a mix.
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
}

export interface KeyView {
  /** by full XksProxyUriPath ("/<prefix>/kms/xks/v1") */
  readonly byUriPath: ReadonlyMap<string, KeyStoreView>;
  readonly byId: ReadonlyMap<string, KeyStoreView>;
  /** monotonically increasing per swap; lets caches notice a change */
  readonly generation: number;
}

function sourceKeyView(r: Snapshot["sourceKeys"][number]): SourceKeyView {
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

export function buildView(snapshot: Snapshot, generation: number): KeyView {
  const sources = new Map(snapshot.sourceKeys.map((s) => [s.id, sourceKeyView(s)]));
  const virtuals = new Map(snapshot.virtualKeys.map((v) => [v.id, v]));

  const stores = new Map<string, { record: KeyStoreRecord; credentials: Map<string, string>; hyokKeys: Map<string, HyokKeyView> }>();
  for (const record of snapshot.keyStores) stores.set(record.id, { record, credentials: new Map(), hyokKeys: new Map() });
  for (const c of snapshot.credentials) stores.get(c.keyStoreId)?.credentials.set(c.accessKeyId, c.secretAccessKey);

  for (const h of snapshot.hyokKeys) {
    const store = stores.get(h.keyStoreId);
    const vk = virtuals.get(h.virtualKeyId);
    if (!store || !vk) continue;
    const versions = new Map<number, SourceKeyView>();
    let latest = 0;
    for (const v of vk.versions) {
      const src = sources.get(v.sourceKeyId);
      if (!src) continue;
      versions.set(v.version, src);
      latest = Math.max(latest, v.version);
    }
    store.hyokKeys.set(h.id, { id: h.id, blocked: h.blocked, virtualKeyId: h.virtualKeyId, latestVersion: latest, versions });
  }

  const byUriPath = new Map<string, KeyStoreView>();
  const byId = new Map<string, KeyStoreView>();
  for (const s of stores.values()) {
    const view: KeyStoreView = {
      ...s,
      healthCheckKey: s.record.healthCheckKeyId ? (sources.get(s.record.healthCheckKeyId) ?? null) : null,
    };
    byUriPath.set(s.record.uriPath, view);
    byId.set(s.record.id, view);
  }
  return { byUriPath, byId, generation };
}

/** Holds the current view; `swap` is a single reference assignment (atomic for readers). */
export class KeyViewHolder {
  #view: KeyView;
  constructor(initial?: KeyView) {
    this.#view = initial ?? { byUriPath: new Map(), byId: new Map(), generation: 0 };
  }
  get current(): KeyView {
    return this.#view;
  }
  load(snapshot: Snapshot): KeyView {
    this.#view = buildView(snapshot, this.#view.generation + 1);
    return this.#view;
  }
}
