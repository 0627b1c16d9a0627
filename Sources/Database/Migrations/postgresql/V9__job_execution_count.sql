-- swift-batch schema version 9: the number of job executions, kept by the database itself.
-- Data Flow's job execution pages carry the total (`page.totalElements`), so every first page
-- of /jobs/executions and /jobs/thinexecutions counted BATCH_JOB_EXECUTION: with a history of a
-- million executions the COUNT grew with the history while the page itself did not. As version 8
-- does for task executions, statement triggers keep the number as executions are inserted
-- (INSERT and COPY), deleted or truncated, whoever writes them (swift-batch, Spring Batch, Data
-- Flow), so the unfiltered total is a read of 16 rows. Filtered totals still count their rows.
-- The number is spread over 16 slots, one picked by the writing backend's process id, so that
-- concurrent transactions creating executions rarely wait for each other's row lock until
-- commit; the total is their sum. The functions keep the search path they were created with.
-- The table lock makes writers wait until this migration commits: none is missed or counted
-- twice between the count below and the triggers. Never edit this file after release.

LOCK TABLE BATCH_JOB_EXECUTION IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE SB_JOB_EXECUTION_COUNT (
    SLOT INTEGER NOT NULL PRIMARY KEY,
    EXECUTIONS BIGINT NOT NULL
);

INSERT INTO SB_JOB_EXECUTION_COUNT (SLOT, EXECUTIONS)
    SELECT SLOT, CASE WHEN SLOT = 0 THEN (SELECT COUNT(*) FROM BATCH_JOB_EXECUTION) ELSE 0 END
    FROM generate_series(0, 15) AS SLOT;

CREATE FUNCTION SB_JOB_EXECUTIONS_INSERTED() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    added BIGINT;
BEGIN
    SELECT COUNT(*) INTO added FROM SB_NEW_ROWS;
    IF added > 0 THEN
        UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS + added WHERE SLOT = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION SB_JOB_EXECUTIONS_DELETED() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    removed BIGINT;
BEGIN
    SELECT COUNT(*) INTO removed FROM SB_OLD_ROWS;
    IF removed > 0 THEN
        UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = EXECUTIONS - removed WHERE SLOT = pg_backend_pid() % 16;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION SB_JOB_EXECUTIONS_TRUNCATED() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE SB_JOB_EXECUTION_COUNT SET EXECUTIONS = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER SB_JOB_EXECUTION_INSERTED AFTER INSERT ON BATCH_JOB_EXECUTION
    REFERENCING NEW TABLE AS SB_NEW_ROWS FOR EACH STATEMENT EXECUTE FUNCTION SB_JOB_EXECUTIONS_INSERTED();
CREATE TRIGGER SB_JOB_EXECUTION_DELETED AFTER DELETE ON BATCH_JOB_EXECUTION
    REFERENCING OLD TABLE AS SB_OLD_ROWS FOR EACH STATEMENT EXECUTE FUNCTION SB_JOB_EXECUTIONS_DELETED();
CREATE TRIGGER SB_JOB_EXECUTION_TRUNCATED AFTER TRUNCATE ON BATCH_JOB_EXECUTION
    FOR EACH STATEMENT EXECUTE FUNCTION SB_JOB_EXECUTIONS_TRUNCATED();
