-- swift-batch schema version 6: the tables of the Data Flow server (dataflow-server), named and
-- shaped as Spring Cloud Data Flow 2.11 names and shapes them (on SQLite with the same columns), so its users'
-- queries and tools keep working: registered apps, task definitions, the platform each
-- definition launched on, the audit trail and each execution's launch manifest.
-- Ids of app_registration, task_deployment and audit_records come from hibernate_sequence,
-- those of task_execution_metadata from task_execution_metadata_seq, as in Data Flow.
-- Our additions are indexes only (SB_ prefix). Never edit this file after release.

CREATE TABLE app_registration (
    id INTEGER NOT NULL PRIMARY KEY,
    object_version INTEGER,
    default_version BOOLEAN,
    metadata_uri TEXT,
    name VARCHAR(255),
    type INTEGER,
    uri TEXT,
    version VARCHAR(255),
    boot_version VARCHAR(16)
);

CREATE TABLE task_definitions (
    definition_name VARCHAR(255) NOT NULL PRIMARY KEY,
    definition TEXT,
    description VARCHAR(255)
);

CREATE TABLE task_deployment (
    id INTEGER NOT NULL PRIMARY KEY,
    object_version INTEGER,
    task_deployment_id VARCHAR(255) NOT NULL,
    task_definition_name VARCHAR(255) NOT NULL,
    platform_name VARCHAR(255) NOT NULL,
    created_on TIMESTAMP
);

CREATE TABLE audit_records (
    id INTEGER NOT NULL PRIMARY KEY,
    audit_action INTEGER NOT NULL,
    audit_data TEXT,
    audit_operation INTEGER NOT NULL,
    correlation_id VARCHAR(255),
    created_by VARCHAR(255),
    created_on TIMESTAMP,
    platform_name VARCHAR(255)
);

CREATE TABLE task_execution_metadata (
    id INTEGER NOT NULL PRIMARY KEY,
    task_execution_id INTEGER NOT NULL,
    task_execution_manifest TEXT,
    CONSTRAINT TASK_METADATA_FK FOREIGN KEY (task_execution_id) REFERENCES TASK_EXECUTION (TASK_EXECUTION_ID)
);

CREATE TABLE hibernate_sequence (
    ID INTEGER PRIMARY KEY AUTOINCREMENT
);
CREATE TABLE task_execution_metadata_seq (
    ID INTEGER PRIMARY KEY AUTOINCREMENT
);

CREATE UNIQUE INDEX SB_APP_REGISTRATION_UX ON app_registration (type, name, version);
CREATE INDEX SB_TASK_DEPLOYMENT_NAME_IX ON task_deployment (task_definition_name, id);
CREATE INDEX SB_AUDIT_RECORDS_CREATED_IX ON audit_records (created_on, id);
CREATE INDEX SB_TASK_METADATA_EXEC_IX ON task_execution_metadata (task_execution_id);
