// Tests read the SQL from the one place that defines it.
export * from '../../scripts/sql-files'
