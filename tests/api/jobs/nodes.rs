//! Real `latih` processes of this build on a test's database, to be killed with SIGKILL and
//! started again: what the queue promises has to hold across processes, not just tasks.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use latih_tests::TestApp;

/// A `latih serve` or `latih worker` child process; killed (SIGKILL) when dropped.
pub struct Node {
    child: Child,
    pub base_url: Option<String>,
    _dir: tempfile::TempDir,
}

impl Node {
    /// Starts `latih <command>` on `app`'s database with the same signing secret, plus `env`.
    /// `serve` nodes are returned once `/healthz` answers; workers at once (they print nothing
    /// a test could wait for, and need not: their jobs wait in the database).
    pub async fn start(app: &TestApp, command: &str, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("node dir");
        let port = TcpListener::bind("127.0.0.1:0").expect("free port").local_addr().expect("address").port();
        let listen = format!("127.0.0.1:{port}");
        let mut process = Command::new(env!("CARGO_BIN_EXE_latih-node"));
        process
            .arg(command)
            .env_clear()
            .env("LATIH_DATABASE_URL", app.database_url())
            .env("LATIH_DATA_DIR", dir.path())
            .env("LATIH_LISTEN", &listen)
            .env("LATIH_PUBLIC_URL", &app.base_url)
            .env("LATIH_JWT_SECRET", "test-secret-that-is-long-enough-for-hs256")
            .env("LATIH_LOG", std::env::var("LATIH_TEST_LOG").unwrap_or_else(|_| "warn".to_owned()))
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        for (key, value) in env {
            process.env(key, value);
        }
        let child = process.spawn().expect("start a latih node");
        let mut node = Self { child, base_url: None, _dir: dir };
        if command == "serve" {
            let base_url = format!("http://{listen}");
            let client = reqwest::Client::builder().no_proxy().build().expect("client");
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Ok(response) = client.get(format!("{base_url}/healthz")).send().await
                    && response.status().is_success()
                {
                    break;
                }
                if let Ok(Some(status)) = node.child.try_wait() {
                    panic!("the node exited before serving: {status}");
                }
                assert!(Instant::now() < deadline, "the node did not answer /healthz within 60 s");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            node.base_url = Some(base_url);
        }
        node
    }

    /// `kill -9`: no shutdown hook, no finished try, no released lease.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Polls `check` every 20 ms until it answers `Some`, for at most `limit`.
pub async fn wait_for<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what} after {limit:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
