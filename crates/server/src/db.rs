//! Database connection (SQLite in WAL mode with a busy timeout, or PostgreSQL) and migrations.

use std::time::Duration;

use latih_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};
use secrecy::ExposeSecret;

use crate::private_fs::{create_private_dir, touch_private_file};
use crate::settings::Settings;

/// The URL to connect to: the configured one, or a SQLite file in the data dir.
pub fn database_url(settings: &Settings) -> String {
    match &settings.database_url {
        Some(url) => url.expose_secret().to_owned(),
        None => format!("sqlite://{}?mode=rwc", settings.data_dir.join("latih.db").display()),
    }
}

/// The file of a SQLite URL that may create it (`mode=rwc`), to be made private first.
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let creates = query.split('&').any(|pair| pair == "mode=rwc");
    (creates && !path.is_empty() && path != ":memory:").then_some(path)
}

/// Connects. SQLite gets one connection by default: writes are serialised anyway, and a single
/// connection rules out the "database is locked" failures of upgraded read transactions.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let url = database_url(settings);
    let is_sqlite = url.starts_with("sqlite:");
    if is_sqlite {
        create_private_dir(&settings.data_dir)?;
        if let Some(file) = sqlite_file(&url) {
            touch_private_file(std::path::Path::new(file))?;
        }
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(settings.database_max_connections.unwrap_or(if is_sqlite { 1 } else { 10 }))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if is_sqlite {
        options.map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    }
    Ok(Database::connect(options).await?)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await?;
    Ok(())
}
