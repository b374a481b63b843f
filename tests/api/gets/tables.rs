//! Every table's whole content, read in one statement, to compare before and after a request.
//!
//! The table list comes from the database itself (`sqlite_master`, `information_schema`), so a
//! table added by a later migration is watched without anyone listing it here.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

/// Separates rows inside one table's content (ASCII record separator).
const ROW: char = '\u{1e}';

/// What every table held at one moment: table name to its rows, sorted, joined by `ROW`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<String, String>);

/// The statement that reads every table of the database at once.
pub struct Tables {
    names: Vec<String>,
    sql: String,
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned()))
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
    rows.iter().map(|row| row.try_get_by_index::<String>(0).expect("a text column")).collect()
}

impl Tables {
    /// Every table of `db`: on SQLite all but its own `sqlite_*` ones, on PostgreSQL every base
    /// table of the current schema (each test has a database of its own).
    pub async fn of(db: &DatabaseConnection) -> Self {
        let backend = db.get_database_backend();
        let names = match backend {
            DatabaseBackend::Postgres => {
                strings(
                    db,
                    "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() \
                     AND table_type = 'BASE TABLE' ORDER BY 1",
                )
                .await
            }
            _ => {
                strings(
                    db,
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
                )
                .await
            }
        };
        let mut parts = Vec::new();
        for name in &names {
            let part = match backend {
                DatabaseBackend::Postgres => format!(
                    "SELECT {lit}::text, coalesce(string_agg(r__::text, chr(30) ORDER BY r__::text), '') FROM {q} r__",
                    lit = literal(name),
                    q = quoted(name)
                ),
                _ => {
                    let columns =
                        strings(db, &format!("SELECT name FROM pragma_table_info({}) ORDER BY cid", literal(name)))
                            .await;
                    let row =
                        columns.iter().map(|c| format!("quote({})", quoted(c))).collect::<Vec<_>>().join(" || ',' || ");
                    format!(
                        "SELECT {lit}, coalesce((SELECT group_concat(x, char(30)) FROM (SELECT {row} AS x FROM {q} ORDER BY 1)), '')",
                        lit = literal(name),
                        q = quoted(name)
                    )
                }
            };
            parts.push(part);
        }
        Self { sql: parts.join(" UNION ALL "), names }
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// What every table holds now.
    pub async fn snapshot(&self, db: &DatabaseConnection) -> Snapshot {
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), self.sql.clone()))
            .await
            .expect("read every table");
        let mut tables = BTreeMap::new();
        for row in rows {
            let name: String = row.try_get_by_index(0).expect("table name");
            let content: String = row.try_get_by_index(1).expect("table content");
            tables.insert(name, content);
        }
        Snapshot(tables)
    }
}

/// One table that differs between two snapshots, with rows that appeared and disappeared.
#[derive(Debug)]
pub struct Change {
    pub table: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Snapshot {
    /// The tables whose content differs in `after`, in name order.
    pub fn changes(&self, after: &Snapshot) -> Vec<Change> {
        let empty = String::new();
        let mut changes = Vec::new();
        for (table, before) in &self.0 {
            let now = after.0.get(table).unwrap_or(&empty);
            if before == now {
                continue;
            }
            let rows = |content: &str| -> Vec<String> {
                content.split(ROW).filter(|r| !r.is_empty()).map(str::to_owned).collect()
            };
            let (old, new) = (rows(before), rows(now));
            let added = new.iter().filter(|r| !old.contains(r)).cloned().collect();
            let removed = old.iter().filter(|r| !new.contains(r)).cloned().collect();
            changes.push(Change { table: table.clone(), added, removed });
        }
        changes
    }
}
