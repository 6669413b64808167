-- The inbox lists an office's items urgent first, newest first. This index serves that order
-- directly and carries the status, so a page reads only the rows it shows.
CREATE INDEX items_inbox_order ON items (office_id, urgent_rank, submitted_at, id, status);
