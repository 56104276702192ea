/** "/xks.admin.v1.KeyStoreService/Create" → "KeyStoreService.Create" (the audit's operation names). */
export function operationOf(path: string): string {
  const m = /^\/(?:[\w.]+\.)?(\w+)\/(\w+)$/.exec(path);
  return m ? `${m[1]}.${m[2]}` : "unknown";
}
