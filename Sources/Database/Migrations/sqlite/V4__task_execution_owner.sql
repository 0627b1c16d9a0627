-- swift-batch schema version 4: who runs each task execution, so a task whose process was
-- killed (kill -9, a lost pod, a crash) can be told from a live one and closed by recovery
-- instead of staying RUNNING forever, and so a single-instance lock held by a dead task can
-- be taken over at once instead of after Spring's 24-day lock TTL.
-- A row lives from the task's start to its end; the foreign key cascades so Spring tools that
-- delete task executions are never blocked by it. Never edit this file after release.

CREATE TABLE SB_TASK_EXECUTION_OWNER (
    TASK_EXECUTION_ID INTEGER NOT NULL PRIMARY KEY,
    HOST VARCHAR(255) NOT NULL,
    PID INTEGER NOT NULL,
    PROCESS_START VARCHAR(64),
    STARTED TIMESTAMP NOT NULL,
    HEARTBEAT TIMESTAMP NOT NULL,
    CONSTRAINT SB_TASK_EXEC_OWNER_FK FOREIGN KEY (TASK_EXECUTION_ID)
        REFERENCES TASK_EXECUTION (TASK_EXECUTION_ID) ON DELETE CASCADE
);
