-- swift-batch schema version 8: the number of task executions, kept by the database itself.
-- Data Flow's task execution pages carry the total (`page.totalElements`), so every first page
-- counted TASK_EXECUTION: with a history of a million executions the COUNT cost ten times the
-- page itself and grew with the history. Two triggers keep the number in one row as executions
-- are inserted and deleted, whoever writes them (swift-batch, Spring Cloud Task, Data Flow), so
-- the unfiltered total is one row read. Filtered totals still count their rows.
-- The migration runs in an exclusive transaction: no execution is written between the count
-- below and the triggers. Never edit this file after release.

CREATE TABLE SB_TASK_EXECUTION_COUNT (
    SLOT INTEGER NOT NULL PRIMARY KEY,
    EXECUTIONS BIGINT NOT NULL
);

INSERT INTO SB_TASK_EXECUTION_COUNT (SLOT, EXECUTIONS) SELECT 0, COUNT(*) FROM TASK_EXECUTION;

CREATE TRIGGER SB_TASK_EXECUTION_INSERTED AFTER INSERT ON TASK_EXECUTION
BEGIN
    UPDATE SB_TASK_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS + 1 WHERE SLOT = 0;
END;

CREATE TRIGGER SB_TASK_EXECUTION_DELETED AFTER DELETE ON TASK_EXECUTION
BEGIN
    UPDATE SB_TASK_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS - 1 WHERE SLOT = 0;
END;
