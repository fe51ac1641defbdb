-- Work that one instance of the fleet does at a time (the hourly purges): whoever holds a live lease does it,
-- and renews it while working; a lease left by an instance that died runs out and another takes it.
CREATE TABLE leases (
    name     TEXT PRIMARY KEY,
    holder   TEXT NOT NULL,
    until_ms INTEGER NOT NULL
);
