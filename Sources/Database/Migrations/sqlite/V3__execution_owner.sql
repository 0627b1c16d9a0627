-- swift-batch schema version 3: who runs each job execution, so a dead run can be told
-- from a live one. Spring Batch leaves a killed job STARTED forever; with this row the
-- owner's host, process id and heartbeat say whether it is still alive, and the stop
-- command reaches the owner without touching the execution row it updates.
-- Rows are deleted when an execution ends; the foreign key cascades so Spring tools that
-- delete executions are never blocked by it. Never edit this file after release.

CREATE TABLE SB_JOB_EXECUTION_OWNER (
    JOB_EXECUTION_ID INTEGER NOT NULL PRIMARY KEY,
    HOST VARCHAR(255) NOT NULL,
    PID INTEGER NOT NULL,
    PROCESS_START VARCHAR(64),
    STARTED TIMESTAMP NOT NULL,
    HEARTBEAT TIMESTAMP NOT NULL,
    STOP_REQUESTED TIMESTAMP,
    CONSTRAINT SB_JOB_EXEC_OWNER_FK FOREIGN KEY (JOB_EXECUTION_ID)
        REFERENCES BATCH_JOB_EXECUTION (JOB_EXECUTION_ID) ON DELETE CASCADE
);
