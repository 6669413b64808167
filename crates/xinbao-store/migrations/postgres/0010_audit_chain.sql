-- The keyed chain over the audit log. `seq` is a record's place in the chain (commit order,
-- from 1 without gaps) and `chain_hash` its HMAC-SM3, hex, over the record and the previous
-- record's hash, under a key kept outside the database. Rows written before this version have
-- neither until the application seals them, in id order, with the key.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN chain_hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- The chain's head: one row, updated in every transaction that appends a record, so appends
-- take their places one at a time (the row lock is held to commit, on any number of servers).
-- `key_check` shows whether a key is the one that sealed the chain; `pending_seal` says rows
-- from before the chain await it.
CREATE TABLE audit_chain (
    singleton BIGINT PRIMARY KEY CHECK (singleton = 1),
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    key_check TEXT,
    pending_seal BOOLEAN NOT NULL
);
INSERT INTO audit_chain (singleton, last_seq, last_hash, pending_seal)
SELECT 1, 0, '', EXISTS (SELECT 1 FROM audit_log);

-- Still append-only: the one update allowed is sealing a row that has no seq yet, and it may
-- set only seq and chain_hash. Deletes stay refused.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL
        AND NEW.chain_hash IS NOT NULL
        AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_username, NEW.action, NEW.target_kind,
             NEW.target_id, NEW.detail, NEW.ip)
            IS NOT DISTINCT FROM
            (OLD.id, OLD.at, OLD.actor_id, OLD.actor_username, OLD.action, OLD.target_kind,
             OLD.target_id, OLD.detail, OLD.ip) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END $$;
