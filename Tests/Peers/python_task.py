#!/usr/bin/env python3
"""A task app written in Python, as Data Flow's launch contract expects any app to behave:
it reads --spring.cloud.task.executionid (and the datasource from --spring.datasource.url or
SPRING_DATASOURCE_URL / _USERNAME / _PASSWORD, where dataflow-server puts it), records its own
start on the row the server created, does its work, and records its own end (exit code 0,
exit message "python-ok")."""
import os
import sys
from datetime import datetime, timezone
from urllib.parse import urlparse


def option(name):
    prefix = f"--{name}="
    for argument in sys.argv[1:]:
        if argument.startswith(prefix):
            return argument[len(prefix):]
    return None


execution_id = int(option("spring.cloud.task.executionid"))
url = option("spring.datasource.url") or os.environ["SPRING_DATASOURCE_URL"]
now = datetime.now(timezone.utc).replace(tzinfo=None)
arguments = sys.argv[1:]

if url.startswith("sqlite:"):
    import sqlite3
    connection = sqlite3.connect(url[len("sqlite:"):])
    mark = "?"
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
else:
    import psycopg2
    parsed = urlparse(url.replace("jdbc:", "", 1))
    query = dict(part.split("=", 1) for part in (parsed.query or "").split("&") if "=" in part)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, dbname=parsed.path.lstrip("/"),
        user=parsed.username or os.environ.get("SPRING_DATASOURCE_USERNAME"),
        password=parsed.password or os.environ.get("SPRING_DATASOURCE_PASSWORD"),
        options=f"-c search_path={query['currentSchema']}" if "currentSchema" in query else None)
    mark = "%s"
    stamp = now

cursor = connection.cursor()
cursor.execute(f"UPDATE TASK_EXECUTION SET START_TIME = {mark}, TASK_NAME = {mark}, LAST_UPDATED = {mark} WHERE TASK_EXECUTION_ID = {mark}",
               (stamp, option("spring.cloud.task.name"), stamp, execution_id))
for argument in arguments:
    cursor.execute(f"INSERT INTO TASK_EXECUTION_PARAMS (TASK_EXECUTION_ID, TASK_PARAM) VALUES ({mark}, {mark})", (execution_id, argument))
connection.commit()
print(f"python task {execution_id} started", flush=True)
cursor.execute(f"UPDATE TASK_EXECUTION SET END_TIME = {mark}, EXIT_CODE = 0, EXIT_MESSAGE = 'python-ok', LAST_UPDATED = {mark} WHERE TASK_EXECUTION_ID = {mark}",
               (stamp, stamp, execution_id))
connection.commit()
connection.close()
