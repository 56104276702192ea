import { StoreError } from "./errors.js";
import type { SqlExecutor } from "./sql/executor.js";

/**
 * One implementation of the seeds' list convention (filters + skip/limit + multi-column sort
 * "name,-createdAt" + total), used by every repository.
 */
export interface ListParams {
  skip?: number;
  limit?: number;
  /** comma list of sort keys; "-" prefix sorts descending */
  sort?: string;
}

export interface Page<T> {
  skip: number;
  limit: number;
  total: number;
  resources: T[];
}

export interface SortTerm {
  key: string;
  desc: boolean;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

/** A filter value of undefined, null or "" means "not filtering on this". */
export type FilterValue = string | number | boolean | null | undefined;

export interface ListQuery {
  /** FROM clause (table, joins) */
  from: string;
  /** columns to select */
  select: string;
  /** sort key (API name) → SQL expression; also the allow-list for `sort` */
  sortable: Record<string, string>;
  /** [SQL expression with one "?", value] */
  filters: [string, FilterValue][];
  /** tie-breaker so paging is stable when sort keys repeat */
  tieBreaker: string;
  /** sort used when the caller gives none */
  defaultSort?: string;
}

export function pageBounds(p: ListParams): { skip: number; limit: number } {
  const skip = p.skip ?? 0;
  const limit = p.limit ?? 0;
  if (!Number.isInteger(skip) || skip < 0 || skip > 2_147_483_647) throw new StoreError("INVALID_ARGUMENT", "skip must be an integer from 0 to 2147483647", "skip");
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
    throw new StoreError("INVALID_ARGUMENT", `limit must be an integer from 0 to ${MAX_LIMIT} (0 = default ${DEFAULT_LIMIT})`, "limit");
  }
  return { skip, limit: limit === 0 ? DEFAULT_LIMIT : limit };
}

/** Sort terms per list call: a longer list only costs the database work (and cannot be useful). */
export const MAX_SORT_TERMS = 8;

export function parseSort(sort: string | undefined, allowed: readonly string[]): SortTerm[] {
  if (!sort || sort.trim() === "") return [];
  const raw = sort.split(",");
  if (raw.length > MAX_SORT_TERMS) {
    throw new StoreError("INVALID_ARGUMENT", `at most ${MAX_SORT_TERMS} sort fields may be given (got ${raw.length})`, "sort");
  }
  const seen = new Set<string>();
  return raw.map((raw) => {
    const t = raw.trim();
    const desc = t.startsWith("-");
    const key = desc ? t.slice(1) : t.replace(/^\+/, "");
    if (!allowed.includes(key)) {
      const shown = key.replace(/[^\x20-\x7e]/g, "?").slice(0, 64);
      throw new StoreError("INVALID_ARGUMENT", `cannot sort by "${shown}"; sortable fields: ${allowed.join(", ")}`, "sort");
    }
    if (seen.has(key)) throw new StoreError("INVALID_ARGUMENT", `"${key}" is given twice`, "sort");
    seen.add(key);
    return { key, desc };
  });
}

function toSqlValue(v: Exclude<FilterValue, null | undefined>): string | number {
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

export async function listPage<Row, T>(sql: SqlExecutor, q: ListQuery, p: ListParams, map: (row: Row) => T): Promise<Page<T>> {
  const { skip, limit } = pageBounds(p);
  const terms = parseSort(p.sort || q.defaultSort, Object.keys(q.sortable));
  const where: string[] = [];
  const args: (string | number)[] = [];
  for (const [expr, value] of q.filters) {
    if (value === undefined || value === null || value === "") continue;
    where.push(expr);
    args.push(toSqlValue(value));
  }
  const whereSql = where.length ? ` WHERE ${where.join(" AND ")}` : "";
  const orderSql = [...terms.map((t) => `${q.sortable[t.key]} ${t.desc ? "DESC" : "ASC"}`), q.tieBreaker].join(", ");
  const total = (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${q.from}${whereSql}`, args))!.n;
  const rows = await sql.all<Row>(`SELECT ${q.select} FROM ${q.from}${whereSql} ORDER BY ${orderSql} LIMIT ? OFFSET ?`, [...args, limit, skip]);
  return { skip, limit, total, resources: rows.map(map) };
}

/**
 * The same convention for lists that are not one SQL query (e.g. token keys merged with
 * registered ones): sorts with the same terms, then pages.
 */
export function pageInMemory<T>(
  items: T[],
  p: ListParams,
  sortable: Record<string, (item: T) => string | number | boolean>,
  defaultSort: string,
): Page<T> {
  const { skip, limit } = pageBounds(p);
  const terms = parseSort(p.sort || defaultSort, Object.keys(sortable));
  const sorted = [...items].sort((a, b) => {
    for (const t of terms) {
      const get = sortable[t.key]!;
      const x = get(a);
      const y = get(b);
      if (x < y) return t.desc ? 1 : -1;
      if (x > y) return t.desc ? -1 : 1;
    }
    return 0;
  });
  return { skip, limit, total: items.length, resources: sorted.slice(skip, skip + limit) };
}
