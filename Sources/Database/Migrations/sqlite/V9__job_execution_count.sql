-- swift-batch schema version 9: the number of job executions, kept by the database itself.
-- Data Flow's job execution pages carry the total (`page.totalElements`), so every first page
-- of /jobs/executions and /jobs/thinexecutions counted BATCH_JOB_EXECUTION: with a history of a
-- million executions the COUNT grew with the history while the page itself did not. As version 8
-- does for task executions, two triggers keep the number in one row as executions are inserted
-- and deleted, whoever writes them (swift-batch, Spring Batch, Data Flow), so the unfiltered
-- total is one row read. Filtered totals still count their rows.
-- The migration runs in an exclusive transaction: no execution is written between the count
-- below and the triggers. Never edit this file after release.

CREATE TABLE SB_JOB_EXECUTION_COUNT (
    SLOT INTEGER NOT NULL PRIMARY KEY,
    EXECUTIONS BIGINT NOT NULL
);

INSERT INTO SB_JOB_EXECUTION_COUNT (SLOT, EXECUTIONS) SELECT 0, COUNT(*) FROM BATCH_JOB_EXECUTION;

CREATE TRIGGER SB_JOB_EXECUTION_INSERTED AFTER INSERT ON BATCH_JOB_EXECUTION
BEGIN
    UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS + 1 WHERE SLOT = 0;
END;

CREATE TRIGGER SB_JOB_EXECUTION_DELETED AFTER DELETE ON BATCH_JOB_EXECUTION
BEGIN
    UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS - 1 WHERE SLOT = 0;
END;
