/**
 * The SQLite dialect of the versioned schema (store/migrations.ts runs it). Entry N-1 is migration
 * N; migrations/postgres.ts holds the same versions for PostgreSQL, with the same meaning. Never
 * edit a released entry: append a new one to both files.
 * AWS-side fields (kms, linked_state, connection_state, aws_param, policy) are stored now so that
 * linking to AWS later needs no change of meaning.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
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
    material      BLOB,                      -- sealed 32 bytes (local), context "source-key:<id>"
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
    secret         BLOB NOT NULL,            -- sealed, context "credential:<id>"
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
  `
  UPDATE key_stores SET blocked = 1, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE NOT (length(kms) = 12 AND kms NOT GLOB '*[^0-9]*');
  CREATE TRIGGER key_stores_kms_insert BEFORE INSERT ON key_stores
    WHEN NOT (length(NEW.kms) = 12 AND NEW.kms NOT GLOB '*[^0-9]*')
    BEGIN SELECT RAISE(ABORT, 'key_stores.kms must be a 12-digit AWS account id'); END;
  CREATE TRIGGER key_stores_kms_update BEFORE UPDATE OF kms ON key_stores
    WHEN NOT (length(NEW.kms) = 12 AND NEW.kms NOT GLOB '*[^0-9]*')
    BEGIN SELECT RAISE(ABORT, 'key_stores.kms must be a 12-digit AWS account id'); END;
  `,
  // 4: audit order and retention (issue 9). A monotonic seq orders the trail: timestamps repeat
  // within a millisecond. AUTOINCREMENT so a seq is never reused once retention deleted the newest
  // rows, which keeps export cursors valid. count > 1 marks a summary of suppressed records.
  // SQLite cannot add a primary key to a table, so the table is rebuilt in rowid (= write) order.
  // id (a random UUID) has no index: a unique index on random keys made each retention batch ~9x
  // slower (measured: 5,000-row DELETE 296 ms with it, 34 ms without, on a 300k-row table).
  `
  CREATE TABLE audit_records_v3 (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
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
    FROM audit_records ORDER BY rowid;
  DROP TABLE audit_records;
  ALTER TABLE audit_records_v3 RENAME TO audit_records;
  CREATE INDEX audit_records_at ON audit_records(at);
  CREATE INDEX audit_records_store_seq ON audit_records(key_store_id, seq);
  -- the row count, kept by triggers: retention by count reads it in O(1) instead of a COUNT(*)
  -- that walks a million-entry index (50-200 ms on the event loop) on every pass
  CREATE TABLE audit_stats (id INTEGER PRIMARY KEY CHECK (id = 1), records INTEGER NOT NULL);
  INSERT INTO audit_stats (id, records) SELECT 1, COUNT(*) FROM audit_records;
  CREATE TRIGGER audit_records_count_insert AFTER INSERT ON audit_records BEGIN UPDATE audit_stats SET records = records + 1 WHERE id = 1; END;
  CREATE TRIGGER audit_records_count_delete AFTER DELETE ON audit_records BEGIN UPDATE audit_stats SET records = records - 1 WHERE id = 1; END;
  `,
  // 5: the change log (issue 10). Every write to the key model appends (entity, id, op) in the
  // write's own transaction; nodes apply the changes after their last applied seq as a delta
  // instead of re-reading everything. Triggers write it, so no code path can forget it (a cascade
  // delete fires them too). AUTOINCREMENT: a seq is never reused after pruning. Entries hold no
  // secret: the reader loads the entity's current state. Pruned to the newest entries (store/
  // changeLog.ts); a reader that fell behind the pruned part reloads the whole state instead.
  `
  CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT NOT NULL CHECK (entity IN ('key_store', 'credential', 'source_key', 'virtual_key', 'hyok_key')),
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete', 'block', 'rotate'))
  );
  CREATE TRIGGER change_log_key_stores_insert AFTER INSERT ON key_stores
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('key_store', NEW.id, 'create'); END;
  CREATE TRIGGER change_log_key_stores_update AFTER UPDATE ON key_stores
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('key_store', NEW.id, CASE WHEN OLD.blocked <> NEW.blocked THEN 'block' ELSE 'update' END); END;
  CREATE TRIGGER change_log_key_stores_delete AFTER DELETE ON key_stores
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('key_store', OLD.id, 'delete'); END;
  CREATE TRIGGER change_log_credentials_insert AFTER INSERT ON credentials
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('credential', NEW.id, 'create'); END;
  CREATE TRIGGER change_log_credentials_update AFTER UPDATE ON credentials
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('credential', NEW.id, 'update'); END;
  CREATE TRIGGER change_log_credentials_delete AFTER DELETE ON credentials
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('credential', OLD.id, 'delete'); END;
  CREATE TRIGGER change_log_source_keys_insert AFTER INSERT ON source_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('source_key', NEW.id, 'create'); END;
  CREATE TRIGGER change_log_source_keys_update AFTER UPDATE ON source_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('source_key', NEW.id, 'update'); END;
  CREATE TRIGGER change_log_source_keys_delete AFTER DELETE ON source_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('source_key', OLD.id, 'delete'); END;
  CREATE TRIGGER change_log_virtual_keys_insert AFTER INSERT ON virtual_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', NEW.id, 'create'); END;
  CREATE TRIGGER change_log_virtual_keys_update AFTER UPDATE ON virtual_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', NEW.id, 'update'); END;
  CREATE TRIGGER change_log_virtual_keys_delete AFTER DELETE ON virtual_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', OLD.id, 'delete'); END;
  CREATE TRIGGER change_log_virtual_key_versions_insert AFTER INSERT ON virtual_key_versions
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', NEW.virtual_key_id, CASE WHEN NEW.version = 1 THEN 'create' ELSE 'rotate' END); END;
  CREATE TRIGGER change_log_virtual_key_versions_update AFTER UPDATE ON virtual_key_versions
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', NEW.virtual_key_id, 'update'); END;
  CREATE TRIGGER change_log_virtual_key_versions_delete AFTER DELETE ON virtual_key_versions
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('virtual_key', OLD.virtual_key_id, 'delete'); END;
  CREATE TRIGGER change_log_hyok_keys_insert AFTER INSERT ON hyok_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('hyok_key', NEW.id, 'create'); END;
  CREATE TRIGGER change_log_hyok_keys_update AFTER UPDATE ON hyok_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('hyok_key', NEW.id, CASE WHEN OLD.blocked <> NEW.blocked THEN 'block' ELSE 'update' END); END;
  CREATE TRIGGER change_log_hyok_keys_delete AFTER DELETE ON hyok_keys
    BEGIN INSERT INTO change_log (entity, entity_id, op) VALUES ('hyok_key', OLD.id, 'delete'); END;
  `,
  // 6: a key store's authorization rules on the XKS requestMetadata (issue 11), a JSON array of
  // {principal?, operations?, viaServices?} (store/keyStores.ts). A column of the key store row, so
  // changing them is a key store update: the change_log trigger of migration 5 logs it and the
  // data plane gets the store as a delta. Existing stores get none: every request stays allowed.
  `
  ALTER TABLE key_stores ADD COLUMN authorization_rules TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(authorization_rules) AND json_type(authorization_rules) = 'array');
  `,
  // 7: fleet membership (issue 10). Each running daemon registers a row and heartbeats it;
  // last_seen_ms is the database's clock (not the node's), so liveness never depends on node clocks.
  `
  CREATE TABLE fleet_nodes (
    id            TEXT PRIMARY KEY,        -- random per daemon start
    host          TEXT NOT NULL,
    version       TEXT NOT NULL,
    applied_seq   INTEGER NOT NULL DEFAULT 0,
    started_at    TEXT NOT NULL,
    last_seen_ms  INTEGER NOT NULL
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
    secret         BLOB,                    -- sealed, context "kms-connection:<id>"; NULL unless static
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
    next_run_ms       INTEGER NOT NULL,
    step              TEXT NOT NULL DEFAULT 'idle' CHECK (step IN ('idle', 'pushed')),
    pushed_ms         INTEGER NOT NULL DEFAULT 0,
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
