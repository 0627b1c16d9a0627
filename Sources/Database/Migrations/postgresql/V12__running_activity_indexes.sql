-- swift-batch schema version 12: which running executions show a sign of life.
-- A history collects executions that claim to run long after their process died (906 STARTED
-- job executions and 1,095 unended task executions in a seeded million, left by crashes and by
-- Spring apps killed before they could record an end). The dashboard lists what runs now apart
-- from those: an execution shows a sign of life when a live process owns it, or when it (or, for
-- a job, one of its running steps, which a chunk commit updates) was written recently. These
-- partial indexes hold only the running or unended rows, ordered by their last update, so
-- "updated since" reads the recent ones and nothing of the silent. Never edit this file after
-- release.

CREATE INDEX SB_JOB_EXEC_RUNNING_UPD_IX ON BATCH_JOB_EXECUTION (LAST_UPDATED, JOB_EXECUTION_ID)
    WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING');

CREATE INDEX SB_STEP_EXEC_RUNNING_UPD_IX ON BATCH_STEP_EXECUTION (LAST_UPDATED, JOB_EXECUTION_ID)
    WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING');

CREATE INDEX SB_TASK_EXEC_UNENDED_UPD_IX ON TASK_EXECUTION (LAST_UPDATED, TASK_EXECUTION_ID)
    WHERE END_TIME IS NULL AND START_TIME IS NOT NULL;
