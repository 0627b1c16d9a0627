-- swift-batch schema version 10: what runs now, read from indexes that hold only what runs.
-- The dashboard's live regions ask four times a second whether what runs changed: how many job
-- executions, steps and task executions run, and a fingerprint of their ids and versions. With
-- the status and end-time indexes those summaries read a table row per running execution, and a
-- history collects runs that died without being marked (906 STARTED job executions and 1,095
-- unended task executions in a seeded million). These partial indexes hold the running rows'
-- ids and versions only, so each summary is an index-only scan of a small index (the statements
-- repeat the indexes' conditions as literals, so the planner can prove they apply).
-- Building them reads each table once. Never edit this file after release.

CREATE INDEX SB_JOB_EXEC_RUNNING_IX ON BATCH_JOB_EXECUTION (JOB_EXECUTION_ID, VERSION)
    WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING');

CREATE INDEX SB_STEP_EXEC_RUNNING_IX ON BATCH_STEP_EXECUTION (STEP_EXECUTION_ID, VERSION)
    WHERE STATUS IN ('STARTING', 'STARTED', 'STOPPING');

CREATE INDEX SB_TASK_EXEC_UNENDED_IX ON TASK_EXECUTION (TASK_EXECUTION_ID)
    WHERE END_TIME IS NULL AND START_TIME IS NOT NULL;
