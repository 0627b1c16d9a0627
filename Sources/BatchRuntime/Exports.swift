// Batch applications declare SQL readers and writers with the SQL layer's values
// (`SQLValue`, `SQLRow`, `ConnectionPool`), so importing BatchRuntime brings them along.
@_exported import Database
