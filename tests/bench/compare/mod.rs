//! `bench compare`: Latih against pgbench on the same PostgreSQL server (issue 13).
