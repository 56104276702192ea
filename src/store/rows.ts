import { randomUUID } from "node:crypto";

/** Small helpers shared by the repositories for SQLite's lack of booleans and dates. */
export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();
export const bool = (v: number | bigint): boolean => Number(v) !== 0;
export const int = (v: boolean): number => (v ? 1 : 0);

/** Sealing contexts: bound as AAD so a sealed blob cannot be moved to another record. */
export const credentialContext = (id: string): string => `credential:${id}`;
export const sourceKeyContext = (id: string): string => `source-key:${id}`;
export const kmsConnectionContext = (id: string): string => `kms-connection:${id}`;
