// Batch applications declare SQL readers and writers with the SQL layer's values
// (`SQLValue`, `SQLRow`, `ConnectionPool`), and run inside the task lifecycle, so importing
// BatchRuntime brings both along.
@_exported import Database
@_exported import TaskRuntime
