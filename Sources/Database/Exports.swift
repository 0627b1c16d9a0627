// Settings are read from the launch properties (`--spring.datasource.*`, ...), so importing
// Database brings `LaunchProperties` along.
@_exported import Properties
