//! The test harness: a whole Latih server per test, on its own database, bound to a loopback
//! port before it starts, driven over HTTP like a frontend would.
//!
//! SQLite by default (a temp file per test). With `LATIH_TEST_DATABASE_URL` pointing at a
//! PostgreSQL server, every test gets its own database copied from a migrated template.

mod database;
mod smtp;

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::HttpServer;
use latih_identity::entity::{organization, user};
use latih_kernel::ids::new_id;
use latih_kernel::{Clock, Role, Roles};
use latih_server::{AppState, Settings, build_app};
use reqwest::{Method, RequestBuilder, StatusCode};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use secrecy::SecretString;
use serde_json::Value;
use tokio::sync::OnceCell;
use uuid::Uuid;

pub use database::TestDatabase;
pub use smtp::{ReceivedMail, SmtpServer, free_port};

/// The password every test person gets.
pub const PASSWORD: &str = "Kata-Sandi-Uji-123";

static PASSWORD_HASH: OnceCell<String> = OnceCell::const_new();

/// A running server and what a test needs to poke at it.
pub struct TestApp {
    pub base_url: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub db: DatabaseConnection,
    pub clock: Clock,
    /// Statements the server has sent to the database so far.
    queries: Arc<AtomicUsize>,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

/// A person made for a test, with a fresh access token.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: Uuid,
    pub email: String,
    pub organization_id: Option<Uuid>,
    pub token: String,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_env(&[]).await
    }

    /// A server whose settings are the defaults plus these `LATIH_*` values.
    pub async fn with_env(env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = TestDatabase::create(dir.path()).await;
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        let mut values: HashMap<String, String> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        values.insert("LATIH_DATA_DIR".into(), dir.path().display().to_string());
        values.insert("LATIH_LISTEN".into(), address.to_string());
        values.entry("LATIH_PUBLIC_URL".into()).or_insert_with(|| format!("http://{address}"));
        let mut settings = Settings::load(values, None).expect("test settings");
        // `LATIH_TEST_LOG=debug cargo test ...` shows the server's log lines of failing tests.
        if let Ok(filter) = std::env::var("LATIH_TEST_LOG") {
            settings.log = filter;
            latih_server::telemetry::init(&settings);
        }
        settings.database_url = Some(SecretString::from(database.url.clone()));
        settings.jwt_secret = Some(SecretString::from("test-secret-that-is-long-enough-for-hs256".to_owned()));
        let mut db = latih_server::db::connect(&settings).await.expect("connect");
        let queries = Arc::new(AtomicUsize::new(0));
        let counter = queries.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        latih_server::db::migrate(&db).await.expect("migrate");
        let clock = Clock::system();
        let state = AppState::new(settings, db.clone(), clock.clone()).await.expect("state");
        let server_state = state.clone();
        let server = HttpServer::new(move || build_app(server_state.clone()))
            .workers(2)
            .disable_signals()
            .shutdown_timeout(0)
            .listen(listener)
            .expect("listen")
            .run();
        actix_web::rt::spawn(server);
        let client =
            reqwest::Client::builder().no_proxy().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Self {
            base_url: format!("http://{address}"),
            client,
            state,
            db,
            clock,
            queries,
            _database: database,
            _dir: dir,
        }
    }

    /// A server on each media backend this run has: the local folder always, and the
    /// S3-compatible server named by `LATIH_TEST_S3_ENDPOINT` when it is set.
    pub async fn on_each_storage(env: &[(&str, &str)]) -> Vec<(&'static str, TestApp)> {
        let mut apps = vec![("local", TestApp::with_env(env).await)];
        if let Ok(endpoint) = std::env::var("LATIH_TEST_S3_ENDPOINT") {
            let bucket = std::env::var("LATIH_TEST_S3_BUCKET").unwrap_or_else(|_| "latih".to_owned());
            let region = std::env::var("LATIH_TEST_S3_REGION").unwrap_or_else(|_| "garage".to_owned());
            let mut s3_env: Vec<(&str, &str)> = env.to_vec();
            s3_env.extend([
                ("LATIH_STORAGE", "s3"),
                ("LATIH_S3_ENDPOINT", endpoint.as_str()),
                ("LATIH_S3_BUCKET", bucket.as_str()),
                ("LATIH_S3_REGION", region.as_str()),
            ]);
            apps.push(("s3", TestApp::with_env(&s3_env).await));
        }
        apps
    }

    /// How many statements the database has run while `request` was answered. The token's
    /// check (is its sign-in still standing?) is warmed first: it is cached for a few seconds,
    /// so it costs a statement only now and then, never per item.
    pub async fn count_queries(&self, request: RequestBuilder) -> (usize, StatusCode) {
        let bearer = request
            .try_clone()
            .and_then(|r| r.build().ok())
            .and_then(|r| r.headers().get(reqwest::header::AUTHORIZATION).cloned());
        if let Some(bearer) = bearer {
            let warm = self.request(Method::GET, "/api/v1/me").header(reqwest::header::AUTHORIZATION, bearer);
            warm.send().await.expect("warm the token check");
        }
        let before = self.queries.load(Ordering::SeqCst);
        let status = request.send().await.expect("request").status();
        (self.queries.load(Ordering::SeqCst) - before, status)
    }

    /// Runs every due job (schedules included) until none is left, as a worker node would;
    /// answers how many tries ran. Background work is visible to a test only after this.
    pub async fn run_jobs(&self) -> usize {
        latih_server::jobs::runner(&self.state).run_until_idle().await.expect("run jobs")
    }

    /// The database this server runs on, for real nodes started beside it.
    pub fn database_url(&self) -> &str {
        &self._database.url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// A request to `path`; paths starting with `/api` or a platform path are used as they are.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.request(Method::GET, path).bearer_auth(token)
    }

    pub fn post(&self, path: &str, token: &str, body: &Value) -> RequestBuilder {
        self.request(Method::POST, path).bearer_auth(token).json(body)
    }

    pub fn patch(&self, path: &str, token: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PATCH, path).bearer_auth(token).json(body)
    }

    pub fn put(&self, path: &str, token: &str, body: &Value) -> RequestBuilder {
        self.request(Method::PUT, path).bearer_auth(token).json(body)
    }

    pub fn delete(&self, path: &str, token: &str) -> RequestBuilder {
        self.request(Method::DELETE, path).bearer_auth(token)
    }

    /// An organization, straight into the database.
    pub async fn organization(&self, code: &str, timezone: &str) -> Uuid {
        let model = organization::ActiveModel {
            id: Set(new_id()),
            name: Set(format!("Organisasi {code}")),
            code: Set(code.to_owned()),
            timezone: Set(timezone.to_owned()),
            created_at: Set(self.clock.now()),
        }
        .insert(&self.db)
        .await
        .expect("insert organization");
        model.id
    }

    /// A fresh access token for `user`, e.g. after the clock moved past the old one's expiry.
    pub fn token(&self, user: &TestUser, roles: &[Role]) -> String {
        let roles = Roles::new(roles.iter().copied());
        self.state.keys.issue(&self.clock, user.id, user.organization_id, &roles).expect("token")
    }

    /// A person with `roles` in `organization_id`, password `PASSWORD`, and an access token.
    pub async fn user(&self, organization_id: Option<Uuid>, roles: &[Role]) -> TestUser {
        let hash = PASSWORD_HASH
            .get_or_init(|| async { self.state.auth.passwords.hash(PASSWORD.to_owned()).await.expect("hash") })
            .await
            .clone();
        let id = new_id();
        let email = format!("{}@uji.go.id", id.simple());
        let roles = Roles::new(roles.iter().copied());
        let now = self.clock.now();
        user::ActiveModel {
            id: Set(id),
            organization_id: Set(organization_id),
            unit_id: Set(None),
            name: Set(format!("Pegawai {}", &id.simple().to_string()[24..])),
            email: Set(email.clone()),
            nip: Set(None),
            employment_type: Set("non_asn".to_owned()),
            roles: Set(roles.to_column()),
            position: Set(None),
            rank: Set(None),
            position_id: Set(None),
            supervisor_id: Set(None),
            password_hash: Set(Some(hash)),
            is_active: Set(true),
            language: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&self.db)
        .await
        .expect("insert user");
        let token = self.state.keys.issue(&self.clock, id, organization_id, &roles).expect("token");
        TestUser { id, email, organization_id, token }
    }
}

/// Sends a request and returns its status and JSON body (`Value::Null` when empty or not JSON).
pub async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("request");
    let status = response.status();
    let bytes = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// Asserts the problem+json shape and returns the body.
pub async fn problem(request: RequestBuilder, status: u16, code: &str) -> Value {
    let response = request.send().await.expect("request");
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.expect("problem body");
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code, "code in {body}");
    for key in ["type", "title", "detail"] {
        assert!(body[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {body}");
    }
    assert!(body["errors"].is_array(), "errors in {body}");
    body
}
