-- Placeholder on the dissemination branch only, so that 0006 follows an unbroken sequence (MigrationSet refuses gaps).
-- Version 5 belongs to another branch of issue 13: when the branches merge, delete this file and keep that one.
SELECT 1;
