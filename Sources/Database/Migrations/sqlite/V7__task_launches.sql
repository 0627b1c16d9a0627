-- swift-batch schema version 7: the launches of dataflow-server, persisted so that nothing is
-- lost when the server stops or is killed: the queue, each launch's process and working
-- directory (its logs), its watchdogs and a pending stop. A restarted server adopts the
-- processes still running and records the end of those that ended while it was down.
-- REQUEST holds what to start (executable, arguments, environment names) as JSON, so a queued
-- launch can start after a restart. The foreign key cascades, as for the owner tables.
-- Never edit this file after release.

CREATE TABLE SB_TASK_LAUNCH (
    TASK_EXECUTION_ID INTEGER NOT NULL PRIMARY KEY,
    TASK_NAME VARCHAR(255) NOT NULL,
    PLATFORM_NAME VARCHAR(255) NOT NULL,
    LAUNCH_ID VARCHAR(255),
    STATE VARCHAR(16) NOT NULL,
    PRIORITY INTEGER NOT NULL,
    QUEUED_AT TIMESTAMP NOT NULL,
    LAUNCHED_AT TIMESTAMP,
    ENDED_AT TIMESTAMP,
    HOST VARCHAR(255),
    PID INTEGER,
    PROCESS_START VARCHAR(64),
    WORK_DIR VARCHAR(2500),
    START_DEADLINE TIMESTAMP,
    RUN_DEADLINE TIMESTAMP,
    STOP_REQUESTED TIMESTAMP,
    EXIT_CODE INTEGER,
    REQUEST TEXT NOT NULL,
    CONSTRAINT SB_TASK_LAUNCH_FK FOREIGN KEY (TASK_EXECUTION_ID)
        REFERENCES TASK_EXECUTION (TASK_EXECUTION_ID) ON DELETE CASCADE
);

CREATE INDEX SB_TASK_LAUNCH_STATE_IX ON SB_TASK_LAUNCH (PLATFORM_NAME, STATE, PRIORITY, TASK_EXECUTION_ID);
CREATE INDEX SB_TASK_LAUNCH_ID_IX ON SB_TASK_LAUNCH (LAUNCH_ID);
