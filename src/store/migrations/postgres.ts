/**
 * The PostgreSQL dialect of the versioned schema: entry N-1 is migration N and leaves the same
 * logical schema (tables, columns, constraints, indexes, change-log entries) as migration N of
 * migrations/sqlite.ts. Never edit a released entry: append a new one to both files.
 * Types: TEXT; INTEGER for small numbers and 0/1 flags; BIGINT where SQLite's 64-bit INTEGER can
 * grow past 2^31 (seqs, counts, millisecond times); BYTEA for BLOB; identity columns for
 * AUTOINCREMENT (never reused either).
 *
 * Seq order = commit order. Identity values are drawn when a row is formed, not at commit, so two
 * writers could commit seqs out of order and a reader that has seen seq 8 would skip a 7 committed
 * later. Every statement that writes a logged table (and the audit trail, read by seq cursors too)
 * therefore first takes the writer lock, a transaction-level advisory lock (sql/postgres.ts takes it
 * at BEGIN of every write transaction; the BEFORE STATEMENT triggers here take it for a write made
 * outside one): whoever draws a seq holds it until commit, so seqs are committed in order, with gaps
 * only where a transaction rolled back. Taking it before the statement touches a row (a BEFORE
 * STATEMENT trigger, not the row trigger) keeps the lock order "writer lock, then rows" everywhere,
 * so it cannot deadlock with a transaction that holds it.
 */

/** The writer lock's key ("xks-prxy" in ASCII; in pg_locks: classid 2020307757, objid 1886550137). */
export const WRITER_LOCK_KEY = "8677155746056665209";

/** The channel the change-log triggers notify; the payload is the new entry's seq. */
export const CHANGES_CHANNEL = "xks_proxy_changes";

const WRITER_LOCKED = (table: string) =>
  `CREATE TRIGGER ${table}_writer_lock BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION xks_writer_lock();`;

export const POSTGRES_MIGRATIONS: readonly string[] = [
  // 1: the key model
  `
  CREATE TABLE source_keys (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    tier          TEXT NOT NULL CHECK (tier IN ('local', 'luna-hsm')),
    partition     TEXT,                      -- token label (luna-hsm)
    label         TEXT,                      -- CKA_LABEL (luna-hsm)
    cka_id        TEXT NOT NULL DEFAULT '',  -- CKA_ID hex (luna-hsm)
    key_spec      TEXT NOT NULL,
    encrypt       INTEGER NOT NULL,
    decrypt       INTEGER NOT NULL,
    enabled       INTEGER NOT NULL DEFAULT 1,
    origin        TEXT NOT NULL CHECK (origin IN ('generated', 'registered')),
    material      BYTEA,                     -- sealed 32 bytes (local), context "source-key:<id>"
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    CHECK ((tier = 'local') = (partition IS NULL)),
    CHECK ((tier = 'local') = (material IS NOT NULL))
  );
  CREATE UNIQUE INDEX source_keys_token_label ON source_keys(partition, label) WHERE tier = 'luna-hsm';

  CREATE TABLE key_stores (
    id                                  TEXT PRIMARY KEY,
    name                                TEXT NOT NULL UNIQUE,
    kms                                 TEXT NOT NULL DEFAULT '',
    region                              TEXT NOT NULL,
    linked_state                        INTEGER NOT NULL DEFAULT 0,
    connection_state                    TEXT NOT NULL DEFAULT 'DISCONNECTED',
    custom_key_store_type               TEXT NOT NULL DEFAULT 'EXTERNAL_KEY_STORE',
    aws_custom_key_store_id             TEXT NOT NULL DEFAULT '',
    source_key_tier                     TEXT NOT NULL CHECK (source_key_tier IN ('local', 'luna-hsm')),
    partition                           TEXT,
    blocked                             INTEGER NOT NULL DEFAULT 0,
    health_check_key_id                 TEXT REFERENCES source_keys(id),
    max_credentials                     INTEGER NOT NULL DEFAULT 10 CHECK (max_credentials BETWEEN 2 AND 20),
    mtls_enabled                        INTEGER NOT NULL DEFAULT 0,
    enable_success_audit_event          INTEGER NOT NULL DEFAULT 0,
    rate_limit_rps                      INTEGER NOT NULL,
    rate_limit_burst                    INTEGER NOT NULL,
    xks_proxy_connectivity              TEXT NOT NULL DEFAULT 'PUBLIC_ENDPOINT',
    xks_proxy_uri_endpoint              TEXT NOT NULL DEFAULT '',
    xks_proxy_uri_path                  TEXT NOT NULL UNIQUE,
    xks_proxy_vpc_endpoint_service_name TEXT NOT NULL DEFAULT '',
    credential_version                  INTEGER NOT NULL DEFAULT 0,
    created_at                          TEXT NOT NULL,
    updated_at                          TEXT NOT NULL,
    CHECK ((source_key_tier = 'local') = (partition IS NULL))
  );

  CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    key_store_id   TEXT NOT NULL REFERENCES key_stores(id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    access_key_id  TEXT NOT NULL UNIQUE,
    secret         BYTEA NOT NULL,           -- sealed, context "credential:<id>"
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
  );
  CREATE INDEX credentials_store ON credentials(key_store_id);

  CREATE TABLE virtual_keys (
    id          TEXT PRIMARY KEY,
    deletable   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );

  CREATE TABLE virtual_key_versions (
    id              TEXT NOT NULL UNIQUE,
    virtual_key_id  TEXT NOT NULL REFERENCES virtual_keys(id) ON DELETE CASCADE,
    version         INTEGER NOT NULL CHECK (version >= 1),
    source_key_id   TEXT NOT NULL REFERENCES source_keys(id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (virtual_key_id, version)
  );
  CREATE INDEX virtual_key_versions_source ON virtual_key_versions(source_key_id);

  CREATE TABLE hyok_keys (
    id              TEXT PRIMARY KEY,        -- the externalKeyId AWS KMS sends
    key_store_id    TEXT NOT NULL REFERENCES key_stores(id),
    virtual_key_id  TEXT NOT NULL REFERENCES virtual_keys(id),
    blocked         INTEGER NOT NULL DEFAULT 0,
    linked_state    INTEGER NOT NULL DEFAULT 0,
    aws_param       TEXT NOT NULL DEFAULT '{}',   -- JSON: Alias, Description, Tags, Policy, ...
    policy          TEXT NOT NULL DEFAULT '{}',   -- JSON: key_admins, key_users, ..., policytemplate
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
  );
  CREATE INDEX hyok_keys_store ON hyok_keys(key_store_id);
  CREATE INDEX hyok_keys_virtual ON hyok_keys(virtual_key_id);
  `,
  // 2: audit trail (written in batches by obs/audit.ts)
  `
  CREATE TABLE audit_records (
    id              TEXT PRIMARY KEY,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('xks', 'admin')),
    operation       TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    error_name      TEXT NOT NULL DEFAULT '',
    key_store_id    TEXT NOT NULL DEFAULT '',
    key_id          TEXT NOT NULL DEFAULT '',
    kms_request_id  TEXT NOT NULL DEFAULT '',
    actor           TEXT NOT NULL DEFAULT '',
    target_id       TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX audit_records_at ON audit_records(at);
  CREATE INDEX audit_records_store_at ON audit_records(key_store_id, at);
  `,
  // 3: a key store's kms is always a 12-digit AWS account (it drives the confused-deputy check, so
  // no value may switch the check off). Stores created before the rule with another value are
  // blocked until an operator sets their account (keystore update --kms) and unblocks them.
  // A trigger, not a CHECK: like SQLite's, it judges only rows written from now on (a CHECK would
  // refuse the blocked old rows on every later update of another column).
  `
  UPDATE key_stores SET blocked = 1, updated_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    WHERE kms !~ '^[0-9]{12}$';
  CREATE FUNCTION key_stores_kms_check() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.kms !~ '^[0-9]{12}$' THEN
      RAISE EXCEPTION 'key_stores.kms must be a 12-digit AWS account id' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER key_stores_kms_insert BEFORE INSERT ON key_stores
    FOR EACH ROW EXECUTE FUNCTION key_stores_kms_check();
  CREATE TRIGGER key_stores_kms_update BEFORE UPDATE OF kms ON key_stores
    FOR EACH ROW EXECUTE FUNCTION key_stores_kms_check();
  `,
  // 4: audit order and retention (issue 9). A monotonic seq orders the trail: timestamps repeat
  // within a millisecond. An identity column never reuses a seq once retention deleted the newest
  // rows, which keeps export cursors valid. count > 1 marks a summary of suppressed records.
  // Rebuilt like SQLite's, in (at, physical) order: PostgreSQL has no rowid write order.
  // id (a random UUID) has no index: see migrations/sqlite.ts (retention batches ~9x slower with one).
  `
  CREATE FUNCTION xks_writer_lock() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(${WRITER_LOCK_KEY});
    RETURN NULL;
  END $$;
  CREATE TABLE audit_records_v3 (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id              TEXT NOT NULL,
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('xks', 'admin')),
    operation       TEXT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    error_name      TEXT NOT NULL DEFAULT '',
    key_store_id    TEXT NOT NULL DEFAULT '',
    key_id          TEXT NOT NULL DEFAULT '',
    kms_request_id  TEXT NOT NULL DEFAULT '',
    actor           TEXT NOT NULL DEFAULT '',
    target_id       TEXT NOT NULL DEFAULT '',
    count           INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
  );
  INSERT INTO audit_records_v3 (id, at, kind, operation, outcome, error_name, key_store_id, key_id, kms_request_id, actor, target_id)
    SELECT id, at, kind, operation, outcome, error_name, key_store_id, key_id, kms_request_id, actor, target_id
    FROM audit_records ORDER BY at, ctid;
  DROP TABLE audit_records;
  ALTER TABLE audit_records_v3 RENAME TO audit_records;
  ALTER TABLE audit_records RENAME CONSTRAINT audit_records_v3_pkey TO audit_records_pkey;
  ALTER SEQUENCE audit_records_v3_seq_seq RENAME TO audit_records_seq_seq;
  CREATE INDEX audit_records_at ON audit_records(at);
  CREATE INDEX audit_records_store_seq ON audit_records(key_store_id, seq);
  ${WRITER_LOCKED("audit_records")}
  -- the row count, kept by triggers: retention by count reads it in O(1). Statement-level with
  -- transition tables, so a batch of n records updates the count once, by n.
  CREATE TABLE audit_stats (id INTEGER PRIMARY KEY CHECK (id = 1), records BIGINT NOT NULL);
  INSERT INTO audit_stats (id, records) SELECT 1, COUNT(*) FROM audit_records;
  CREATE FUNCTION audit_records_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE audit_stats SET records = records + (SELECT COUNT(*) FROM inserted) WHERE id = 1;
    RETURN NULL;
  END $$;
  CREATE FUNCTION audit_records_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    UPDATE audit_stats SET records = records - (SELECT COUNT(*) FROM deleted) WHERE id = 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER audit_records_count_insert AFTER INSERT ON audit_records
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit_records_count_insert();
  CREATE TRIGGER audit_records_count_delete AFTER DELETE ON audit_records
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION audit_records_count_delete();
  `,
  // 5: the change log (issue 10). Every write to the key model appends (entity, id, op) in the
  // write's own transaction; nodes apply the changes after their last applied seq as a delta
  // instead of re-reading everything. Triggers write it, so no code path can forget it (a cascade
  // delete fires them too), and ring the doorbell: NOTIFY xks_proxy_changes with the seq, delivered
  // at commit (nothing for a rollback). Identity: a seq is never reused after pruning. Entries hold
  // no secret: the reader loads the entity's current state. See the header for seq order.
  `
  CREATE TABLE change_log (
    seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('key_store', 'credential', 'source_key', 'virtual_key', 'hyok_key')),
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'block', 'rotate'))
  );
  ${["change_log", "key_stores", "credentials", "source_keys", "virtual_keys", "virtual_key_versions", "hyok_keys"].map(WRITER_LOCKED).join("\n  ")}
  CREATE FUNCTION change_log_write(p_entity TEXT, p_id TEXT, p_op TEXT) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    s BIGINT;
  BEGIN
    INSERT INTO change_log (entity, entity_id, op) VALUES (p_entity, p_id, p_op) RETURNING seq INTO s;
    PERFORM pg_notify('${CHANGES_CHANNEL}', s::text);
  END $$;
  -- TG_ARGV[0]: the entity; TG_ARGV[1] = 'block': an update that flips blocked is op 'block'
  CREATE FUNCTION change_log_row() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM change_log_write(TG_ARGV[0], NEW.id, 'create');
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM change_log_write(TG_ARGV[0], OLD.id, 'delete');
    ELSIF TG_NARGS > 1 AND TG_ARGV[1] = 'block' THEN
      PERFORM change_log_write(TG_ARGV[0], NEW.id, CASE WHEN OLD.blocked <> NEW.blocked THEN 'block' ELSE 'update' END);
    ELSE
      PERFORM change_log_write(TG_ARGV[0], NEW.id, 'update');
    END IF;
    RETURN NULL;
  END $$;
  -- a version is a change of its virtual key: version 1 creates it, a later one rotates it
  CREATE FUNCTION change_log_virtual_key_version() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      PERFORM change_log_write('virtual_key', NEW.virtual_key_id, CASE WHEN NEW.version = 1 THEN 'create' ELSE 'rotate' END);
    ELSIF TG_OP = 'DELETE' THEN
      PERFORM change_log_write('virtual_key', OLD.virtual_key_id, 'delete');
    ELSE
      PERFORM change_log_write('virtual_key', NEW.virtual_key_id, 'update');
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER change_log_key_stores AFTER INSERT OR UPDATE OR DELETE ON key_stores
    FOR EACH ROW EXECUTE FUNCTION change_log_row('key_store', 'block');
  CREATE TRIGGER change_log_credentials AFTER INSERT OR UPDATE OR DELETE ON credentials
    FOR EACH ROW EXECUTE FUNCTION change_log_row('credential');
  CREATE TRIGGER change_log_source_keys AFTER INSERT OR UPDATE OR DELETE ON source_keys
    FOR EACH ROW EXECUTE FUNCTION change_log_row('source_key');
  CREATE TRIGGER change_log_virtual_keys AFTER INSERT OR UPDATE OR DELETE ON virtual_keys
    FOR EACH ROW EXECUTE FUNCTION change_log_row('virtual_key');
  CREATE TRIGGER change_log_virtual_key_versions AFTER INSERT OR UPDATE OR DELETE ON virtual_key_versions
    FOR EACH ROW EXECUTE FUNCTION change_log_virtual_key_version();
  CREATE TRIGGER change_log_hyok_keys AFTER INSERT OR UPDATE OR DELETE ON hyok_keys
    FOR EACH ROW EXECUTE FUNCTION change_log_row('hyok_key', 'block');
  `,
  // 6: a key store's authorization rules on the XKS requestMetadata (issue 11), a JSON array of
  // {principal?, operations?, viaServices?} (store/keyStores.ts). A column of the key store row, so
  // changing them is a key store update: the change_log trigger of migration 5 logs it and the
  // data plane gets the store as a delta. Existing stores get none: every request stays allowed.
  // The check is a function so that text that is not JSON fails the CHECK (as SQLite's json_valid
  // does) instead of raising a cast error.
  `
  CREATE FUNCTION xks_is_json_array(t TEXT) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
  BEGIN
    RETURN jsonb_typeof(t::jsonb) = 'array';
  EXCEPTION WHEN invalid_text_representation THEN
    RETURN false;
  END $$;
  ALTER TABLE key_stores ADD COLUMN authorization_rules TEXT NOT NULL DEFAULT '[]'
    CHECK (xks_is_json_array(authorization_rules));
  `,
  // 7: fleet membership (issue 10). Each running daemon registers a row and heartbeats it;
  // last_seen_ms is the database's clock (not the node's), so liveness never depends on node clocks.
  `
  CREATE TABLE fleet_nodes (
    id            TEXT PRIMARY KEY,        -- random per daemon start
    host          TEXT NOT NULL,
    version       TEXT NOT NULL,
    applied_seq   BIGINT NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    last_seen_ms  BIGINT NOT NULL
  );
  `,
  // 8: AWS connections (issue 12): how the proxy reaches AWS KMS for one account. A static access
  // key's secret is sealed under the master key, context "kms-connection:<id>"; the default chain
  // stores none. Key stores name the connection they are linked through, and keep AWS's last
  // ConnectionErrorCode. Not in the change log: the data plane never talks to AWS.
  `
  CREATE TABLE kms_connections (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    account_id     TEXT NOT NULL CHECK (length(account_id) = 12),
    regions        TEXT NOT NULL,           -- JSON array of region names
    auth_type      TEXT NOT NULL CHECK (auth_type IN ('static', 'default-chain')),
    access_key_id  TEXT NOT NULL DEFAULT '',
    secret         BYTEA,                   -- sealed, context "kms-connection:<id>"; NULL unless static
    endpoint       TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((auth_type = 'static') = (secret IS NOT NULL))
  );
  ALTER TABLE key_stores ADD COLUMN kms_connection_id TEXT REFERENCES kms_connections(id);
  ALTER TABLE key_stores ADD COLUMN connection_error_code TEXT NOT NULL DEFAULT '';
  `,
  // 9: assume-role AWS connections (issue 12). A connection with an assume_role_arn assumes that
  // IAM role through STS; its auth_type then names the source credentials that assume it (static:
  // the sealed access key; default-chain: the host's chain), so the existing CHECKs keep holding.
  // external_id is what the role's trust policy requires (AWS does not treat it as a secret).
  `
  ALTER TABLE kms_connections ADD COLUMN assume_role_arn TEXT NOT NULL DEFAULT '';
  ALTER TABLE kms_connections ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
  `,
  // 10: credential rotation with AWS (issue 12). aws_credential_id is the credential AWS KMS holds for
  // a linked store (link and every confirmed push set it; deleting it is refused);
  // aws_pending_credential_id one created for a push AWS has not confirmed yet, so an interrupted
  // rotation pushes the same one again. credential_rotation_jobs: a store's scheduled rotation and
  // its progress. Not in the change log: the data plane never reads them.
  `
  ALTER TABLE key_stores ADD COLUMN aws_credential_id TEXT NOT NULL DEFAULT '';
  ALTER TABLE key_stores ADD COLUMN aws_pending_credential_id TEXT NOT NULL DEFAULT '';
  CREATE TABLE credential_rotation_jobs (
    key_store_id      TEXT PRIMARY KEY REFERENCES key_stores(id) ON DELETE CASCADE,
    job_config_id     TEXT NOT NULL,
    interval_seconds  INTEGER NOT NULL CHECK (interval_seconds >= 1),
    keep_credentials  INTEGER NOT NULL CHECK (keep_credentials BETWEEN 1 AND 19),
    next_run_ms       BIGINT NOT NULL,
    step              TEXT NOT NULL DEFAULT 'idle' CHECK (step IN ('idle', 'pushed')),
    pushed_ms         BIGINT NOT NULL DEFAULT 0,
    runs              INTEGER NOT NULL DEFAULT 0,
    last_run_at       TEXT NOT NULL DEFAULT '',
    last_error        TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
  );
  `,
  // 11: synchronization jobs (issue 12): a job reads AWS KMS for its connections and regions and
  // reconciles the linked key stores and HYOK keys; its progress, per-item errors and the changes it
  // made are written as it runs. owner_node is the fleet node running it: a job whose node left the
  // fleet is marked failed by the next node that looks. Not in the change log: the data plane never
  // reads it.
  `
  CREATE TABLE sync_jobs (
    id               TEXT PRIMARY KEY,
    kms              TEXT NOT NULL,           -- JSON array of kms connection ids
    regions          TEXT NOT NULL,           -- JSON array; [] = every region of each connection
    synchronize_all  INTEGER NOT NULL CHECK (synchronize_all IN (0, 1)),
    overall_status   TEXT NOT NULL CHECK (overall_status IN ('in_progress', 'completed', 'failed', 'cancelled')),
    abort_requested  INTEGER NOT NULL DEFAULT 0 CHECK (abort_requested IN (0, 1)),
    detailed_status  TEXT NOT NULL DEFAULT '{}', -- JSON object "<account>/<region>" -> status
    items_total      INTEGER NOT NULL DEFAULT 0,
    items_done       INTEGER NOT NULL DEFAULT 0,
    errors           TEXT NOT NULL DEFAULT '[]', -- JSON array of {item, aws_exception, message}
    changes          TEXT NOT NULL DEFAULT '[]', -- JSON array of what the job changed here
    error            TEXT NOT NULL DEFAULT '',
    owner_node       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  );
  CREATE INDEX sync_jobs_status ON sync_jobs (overall_status);
  `,
  // 12: policy templates (issue 12 item 4): reusable key policies HYOK keys name with
  // policytemplate. Either a key policy document or principal lists composed into one
  // (aws/key-policy.ts); account_id '' = any account. Not in the change log: the data plane never reads them.
  `
  CREATE TABLE policy_templates (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    account_id  TEXT NOT NULL DEFAULT '' CHECK (account_id = '' OR length(account_id) = 12),
    policy      TEXT NOT NULL DEFAULT '',    -- a key policy JSON document, '' when principals compose one
    principals  TEXT NOT NULL DEFAULT '{}',  -- JSON object: key_admins, key_admins_roles, key_users, key_users_roles, external_accounts
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  `,
];
