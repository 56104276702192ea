import { isUniqueViolation, notFound, StoreError } from "./errors.js";
import { listPage, type ListParams, type Page } from "./list.js";
import { newId, nowIso } from "./rows.js";
import type { SqlEngine } from "./sql/executor.js";

const LISTS = ["key_admins", "key_admins_roles", "key_users", "key_users_roles", "external_accounts"] as const;
export type TemplatePrincipals = Record<(typeof LISTS)[number], string[]>;

/** A reusable key policy: a document, or principal lists composed into one when a key is linked. */
export interface PolicyTemplate {
  id: string;
  name: string;
  /** "" = any account */
  accountId: string;
  /** a key policy JSON document; "" when the principals compose one */
  policy: string;
  principals: TemplatePrincipals;
  createdAt: string;
  updatedAt: string;
}

export type NewPolicyTemplate = Pick<PolicyTemplate, "name" | "accountId" | "policy" | "principals">;
export type PolicyTemplatePatch = Partial<NewPolicyTemplate>;

interface Row {
  id: string;
  name: string;
  account_id: string;
  policy: string;
  principals: string;
  created_at: string;
  updated_at: string;
}

const COLUMNS = "id, name, account_id, policy, principals, created_at, updated_at";

function toTemplate(r: Row): PolicyTemplate {
  const raw = JSON.parse(r.principals) as Record<string, unknown>;
  const principals = {} as TemplatePrincipals;
  for (const k of LISTS) {
    const v = raw[k] ?? [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new Error(`policy template ${r.id}: ${k} in the database is malformed`);
    principals[k] = v;
  }
  return { id: r.id, name: r.name, accountId: r.account_id, policy: r.policy, principals, createdAt: r.created_at, updatedAt: r.updated_at };
}

const hasPrincipals = (p: TemplatePrincipals): boolean => LISTS.some((k) => p[k].length > 0);

/** Exactly one kind of content: a document or principals (the admin layer checks each entry). */
function assertContent(t: NewPolicyTemplate): void {
  if (t.policy !== "" && hasPrincipals(t.principals)) throw new StoreError("INVALID_ARGUMENT", "a template holds a policy document or principal lists, not both", "policy");
  if (t.policy === "" && !hasPrincipals(t.principals)) throw new StoreError("INVALID_ARGUMENT", "a template needs a policy document or at least one principal list entry", "policy");
}

/** The JSON text hyok_keys.policy holds for a key naming the template (JSON.stringify writes no spaces). */
const namedBy = (id: string): string => `%"policytemplate":${JSON.stringify(id)}%`;

export class PolicyTemplateRepo {
  constructor(private readonly sql: SqlEngine) {}

  create(t: NewPolicyTemplate): Promise<PolicyTemplate> {
    return this.sql.transaction(async () => {
      assertContent(t);
      const id = newId();
      const now = nowIso();
      try {
        await this.sql.run(`INSERT INTO policy_templates (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [id, t.name, t.accountId, t.policy, JSON.stringify(t.principals), now, now]);
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError("ALREADY_EXISTS", `a policy template named "${t.name}" already exists`, "name");
        throw e;
      }
      return this.get(id);
    });
  }

  async get(id: string): Promise<PolicyTemplate> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM policy_templates WHERE id = ?`, [id]);
    if (!r) throw notFound("policy template", id);
    return toTemplate(r);
  }

  /** By id or, failing that, by name. */
  async resolve(idOrName: string): Promise<PolicyTemplate> {
    const r = await this.sql.get<Row>(`SELECT ${COLUMNS} FROM policy_templates WHERE id = ? OR name = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1`, [idOrName, idOrName, idOrName]);
    if (!r) throw notFound("policy template (id or name)", idOrName);
    return toTemplate(r);
  }

  update(id: string, patch: PolicyTemplatePatch): Promise<PolicyTemplate> {
    return this.sql.transaction(async () => {
      const cur = await this.get(id);
      const next: NewPolicyTemplate = {
        name: patch.name ?? cur.name,
        accountId: patch.accountId ?? cur.accountId,
        policy: patch.policy ?? (patch.principals ? "" : cur.policy),
        principals: patch.principals ?? (patch.policy !== undefined ? { key_admins: [], key_admins_roles: [], key_users: [], key_users_roles: [], external_accounts: [] } : cur.principals),
      };
      assertContent(next);
      try {
        await this.sql.run(`UPDATE policy_templates SET name = ?, account_id = ?, policy = ?, principals = ?, updated_at = ? WHERE id = ?`, [
          next.name,
          next.accountId,
          next.policy,
          JSON.stringify(next.principals),
          nowIso(),
          id,
        ]);
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreError("ALREADY_EXISTS", `a policy template named "${next.name}" already exists`, "name");
        throw e;
      }
      return this.get(id);
    });
  }

  /**
   * Refused while a HYOK key that is not linked yet names the template: its link would find no
   * policy. Linked keys carry the policy AWS was given and no longer need the template.
   */
  delete(id: string): Promise<void> {
    return this.sql.transaction(async () => {
      await this.get(id);
      const n = Number((await this.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM hyok_keys WHERE linked_state = 0 AND policy LIKE ?`, [namedBy(id)]))!.n);
      if (n > 0) throw new StoreError("FAILED_PRECONDITION", `policy template ${id} is named by ${n} HYOK key(s) not linked yet; link or delete them first`);
      await this.sql.run(`DELETE FROM policy_templates WHERE id = ?`, [id]);
    });
  }

  list(f: { name?: string; accountId?: string }, p: ListParams): Promise<Page<PolicyTemplate>> {
    return listPage<Row, PolicyTemplate>(
      this.sql,
      {
        from: "policy_templates",
        select: COLUMNS,
        sortable: { id: "id", name: "name", account_id: "account_id", createdAt: "created_at", updatedAt: "updated_at" },
        filters: [
          ["name = ?", f.name],
          ["account_id = ?", f.accountId],
        ],
        tieBreaker: "id",
        defaultSort: "name",
      },
      p,
      toTemplate,
    );
  }
}
