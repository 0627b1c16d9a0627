// Task applications reach the metadata database through the SQL layer's types
// (`ConnectionPool`, `DatabaseURL`), so importing TaskRuntime brings them along.
@_exported import Database
