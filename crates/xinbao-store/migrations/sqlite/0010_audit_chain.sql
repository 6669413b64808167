-- The keyed chain over the audit log. `seq` is a record's place in the chain (commit order,
-- from 1 without gaps) and `chain_hash` its HMAC-SM3, hex, over the record and the previous
-- record's hash, under a key kept outside the database. Rows written before this version have
-- neither until the application seals them, in id order, with the key.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- The chain's head: one row, updated in every transaction that appends a record, so appends
-- take their places one at a time (SQLite has one writer anyway). `key_check` shows whether a
-- key is the one that sealed the chain; `pending_seal` says rows from before the chain await it.
CREATE TABLE audit_chain (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    key_check TEXT,
    pending_seal BOOLEAN NOT NULL
);
INSERT INTO audit_chain (singleton, last_seq, last_hash, pending_seal)
SELECT 1, 0, '', EXISTS (SELECT 1 FROM audit_log);

-- Still append-only: the one update allowed is sealing a row that has no seq yet, and it may
-- set only seq and chain_hash. Deletes stay refused (audit_log_no_delete).
DROP TRIGGER audit_log_no_update;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.chain_hash IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
    OR NEW.actor_username IS NOT OLD.actor_username OR NEW.action IS NOT OLD.action
    OR NEW.target_kind IS NOT OLD.target_kind OR NEW.target_id IS NOT OLD.target_id
    OR NEW.detail IS NOT OLD.detail OR NEW.ip IS NOT OLD.ip
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
