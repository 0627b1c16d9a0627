-- swift-batch schema version 11: job executions started per hour and status, kept by the
-- database itself. The dashboard charts the last 24 hours by outcome; counting them read every
-- execution started in those hours, so the chart cost more the busier the history (5,556
-- executions a day in a seeded million). As versions 8 and 9 do for the totals, triggers keep
-- the count of each hour (UTC, as whole hours since 1970) and status as executions are
-- inserted, change status or start time, and are deleted, whoever writes them (swift-batch,
-- Spring Batch, Data Flow); a whole hour is then one row per status. A start time SQLite cannot
-- read as a date is left out rather than fail the writer's statement.
-- SLOT is always 0 here (one writer at a time); PostgreSQL spreads counts over 16 slots, and
-- both schemas have the same columns.
-- The migration runs in an exclusive transaction: no execution is written between the count
-- below and the triggers. Never edit this file after release.

CREATE TABLE SB_JOB_EXECUTION_HOURLY (
    HOUR BIGINT NOT NULL,
    STATUS VARCHAR(10) NOT NULL,
    SLOT INTEGER NOT NULL,
    EXECUTIONS BIGINT NOT NULL,
    PRIMARY KEY (HOUR, STATUS, SLOT)
);

INSERT INTO SB_JOB_EXECUTION_HOURLY (HOUR, STATUS, SLOT, EXECUTIONS)
    SELECT CAST(strftime('%s', START_TIME) AS INTEGER) / 3600, COALESCE(STATUS, 'UNKNOWN'), 0, COUNT(*)
    FROM BATCH_JOB_EXECUTION WHERE strftime('%s', START_TIME) IS NOT NULL
    GROUP BY 1, 2;

CREATE TRIGGER SB_JOB_EXECUTION_HOURLY_INSERTED AFTER INSERT ON BATCH_JOB_EXECUTION
WHEN strftime('%s', NEW.START_TIME) IS NOT NULL
BEGIN
    INSERT INTO SB_JOB_EXECUTION_HOURLY (HOUR, STATUS, SLOT, EXECUTIONS)
        VALUES (CAST(strftime('%s', NEW.START_TIME) AS INTEGER) / 3600, COALESCE(NEW.STATUS, 'UNKNOWN'), 0, 1)
        ON CONFLICT (HOUR, STATUS, SLOT) DO UPDATE SET EXECUTIONS = EXECUTIONS + 1;
END;

CREATE TRIGGER SB_JOB_EXECUTION_HOURLY_UPDATED AFTER UPDATE OF START_TIME, STATUS ON BATCH_JOB_EXECUTION
WHEN OLD.START_TIME IS NOT NEW.START_TIME OR OLD.STATUS IS NOT NEW.STATUS
BEGIN
    UPDATE SB_JOB_EXECUTION_HOURLY SET EXECUTIONS = EXECUTIONS - 1
        WHERE HOUR = CAST(strftime('%s', OLD.START_TIME) AS INTEGER) / 3600 AND STATUS = COALESCE(OLD.STATUS, 'UNKNOWN');
    INSERT INTO SB_JOB_EXECUTION_HOURLY (HOUR, STATUS, SLOT, EXECUTIONS)
        SELECT CAST(strftime('%s', NEW.START_TIME) AS INTEGER) / 3600, COALESCE(NEW.STATUS, 'UNKNOWN'), 0, 1
        WHERE strftime('%s', NEW.START_TIME) IS NOT NULL
        ON CONFLICT (HOUR, STATUS, SLOT) DO UPDATE SET EXECUTIONS = EXECUTIONS + 1;
END;

CREATE TRIGGER SB_JOB_EXECUTION_HOURLY_DELETED AFTER DELETE ON BATCH_JOB_EXECUTION
WHEN strftime('%s', OLD.START_TIME) IS NOT NULL
BEGIN
    UPDATE SB_JOB_EXECUTION_HOURLY SET EXECUTIONS = EXECUTIONS - 1
        WHERE HOUR = CAST(strftime('%s', OLD.START_TIME) AS INTEGER) / 3600 AND STATUS = COALESCE(OLD.STATUS, 'UNKNOWN');
END;
