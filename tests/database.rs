//! A database of its own for every test.

use std::path::Path;
use std::time::Duration;

use latih_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use tokio::sync::OnceCell;

/// Where the test's database lives; a PostgreSQL database is dropped with this value.
pub struct TestDatabase {
    pub url: String,
    postgres: Option<(String, String)>,
}

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// `postgres://u@h:5432/db?x` → (`postgres://u@h:5432`, `?x`).
fn split_url(url: &str) -> (String, String) {
    let (before_query, query) = match url.split_once('?') {
        Some((a, b)) => (a, format!("?{b}")),
        None => (url, String::new()),
    };
    let scheme_end = before_query.find("://").map_or(0, |i| i + 3);
    let base = match before_query[scheme_end..].find('/') {
        Some(slash) => &before_query[..scheme_end + slash],
        None => before_query,
    };
    (base.to_owned(), query)
}

async fn admin(admin_url: &str) -> DatabaseConnection {
    let mut options = ConnectOptions::new(admin_url.to_owned());
    options.max_connections(1).sqlx_logging(false).acquire_timeout(Duration::from_secs(30));
    Database::connect(options).await.expect("connect to LATIH_TEST_DATABASE_URL")
}

async fn execute(db: &DatabaseConnection, sql: String) -> Result<(), sea_orm::DbErr> {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql)).await.map(|_| ())
}

/// The migrated template, built once per migration set (shared by concurrent test processes
/// through an advisory lock).
async fn template(admin_url: &str, base: &str, query: &str) -> String {
    let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
    let digest =
        names.join(",").bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let name = format!("latih_tpl_{digest:016x}");
    let db = admin(admin_url).await;
    execute(&db, "SELECT pg_advisory_lock(7210431)".into()).await.expect("lock");
    let exists = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
        ))
        .await
        .expect("look up template")
        .is_some();
    if !exists {
        let building = format!("{name}_{}", std::process::id());
        execute(&db, format!("DROP DATABASE IF EXISTS {building}")).await.expect("drop stale template");
        execute(&db, format!("CREATE DATABASE {building}")).await.expect("create template");
        let template_db = Database::connect(format!("{base}/{building}{query}")).await.expect("connect template");
        Migrator::up(&template_db, None).await.expect("migrate template");
        template_db.close().await.expect("close template");
        execute(&db, format!("ALTER DATABASE {building} RENAME TO {name}")).await.expect("publish template");
    }
    execute(&db, "SELECT pg_advisory_unlock(7210431)".into()).await.expect("unlock");
    name
}

impl TestDatabase {
    pub async fn create(dir: &Path) -> Self {
        let Ok(url) = std::env::var("LATIH_TEST_DATABASE_URL") else {
            return Self { url: format!("sqlite://{}?mode=rwc", dir.join("latih.db").display()), postgres: None };
        };
        let (base, query) = split_url(&url);
        let template = TEMPLATE.get_or_init(|| template(&url, &base, &query)).await.clone();
        let name = format!("latih_test_{}", uuid::Uuid::new_v4().simple());
        let db = admin(&url).await;
        let mut attempt = 0u64;
        loop {
            match execute(&db, format!("CREATE DATABASE {name} TEMPLATE {template}")).await {
                Ok(()) => break,
                // Two copies of one template at the same instant can collide; try again.
                Err(_) if attempt < 20 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                }
                Err(error) => panic!("create test database: {error}"),
            }
        }
        db.close().await.ok();
        Self { url: format!("{base}/{name}{query}"), postgres: Some((url, name)) }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime; drop the database from a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                let db = Database::connect(admin_url).await.ok()?;
                execute(&db, format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("could not drop a test database");
        }
    }
}
