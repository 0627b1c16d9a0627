-- swift-batch schema version 13: the schedules of dataflow-server's task definitions. Data Flow
-- leaves scheduling to the platform (Kubernetes CronJobs) and has none on its local platform; this
-- server fires them itself, so they are persisted: a restart loses nothing, and two servers on one
-- database fire each time once. NEXT_FIRE_TIME is the next due fire (UTC); a server takes a fire
-- by moving it forward with VERSION as the guard (one row changed: this server fires it).
-- PROPERTIES holds the schedule's properties as given (JSON); LAST_* say how the last fire went.
-- Never edit this file after release.

CREATE TABLE SB_TASK_SCHEDULE (
    SCHEDULE_NAME VARCHAR(255) NOT NULL PRIMARY KEY,
    TASK_DEFINITION_NAME VARCHAR(255) NOT NULL,
    PLATFORM_NAME VARCHAR(255) NOT NULL,
    CRON_EXPRESSION VARCHAR(255) NOT NULL,
    TIME_ZONE VARCHAR(64) NOT NULL,
    MISFIRE_POLICY VARCHAR(16) NOT NULL,
    CONCURRENCY_POLICY VARCHAR(16) NOT NULL,
    PROPERTIES TEXT NOT NULL,
    ARGUMENTS TEXT,
    CREATED_TIME TIMESTAMP NOT NULL,
    NEXT_FIRE_TIME TIMESTAMP,
    LAST_FIRE_TIME TIMESTAMP,
    LAST_TASK_EXECUTION_ID BIGINT,
    LAST_OUTCOME VARCHAR(2500),
    VERSION BIGINT NOT NULL
);

CREATE INDEX SB_TASK_SCHEDULE_NEXT_IX ON SB_TASK_SCHEDULE (NEXT_FIRE_TIME);
CREATE INDEX SB_TASK_SCHEDULE_DEFINITION_IX ON SB_TASK_SCHEDULE (TASK_DEFINITION_NAME);
