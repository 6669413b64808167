-- How many leaders' instructions (批示) an item has, kept in the instruction's transaction, so
-- the item page reads the instructions along an item's trail only when there are some.
ALTER TABLE items ADD COLUMN instruction_count BIGINT NOT NULL DEFAULT 0;
UPDATE items SET instruction_count = (SELECT COUNT(*) FROM instructions WHERE instructions.item_id = items.id)
    WHERE id IN (SELECT item_id FROM instructions);

-- When an assigned unit was last reminded of overdue feedback on an instruction (at most daily).
ALTER TABLE instruction_assignments ADD COLUMN reminded_at BIGINT;
CREATE INDEX instruction_assignments_due ON instruction_assignments (status, due_at);
