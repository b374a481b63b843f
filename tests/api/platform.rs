//! `/healthz`, `/readyz`, `/metrics` and CORS.

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use reqwest::Method;
use serde_json::json;

#[actix_web::test]
async fn health_and_readiness_answer() {
    let app = TestApp::new().await;
    let (status, body) = send(app.request(Method::GET, "/healthz")).await;
    assert_eq!((status.as_u16(), body), (200, json!({"status": "ok"})));
    let (status, body) = send(app.request(Method::GET, "/readyz")).await;
    assert_eq!((status.as_u16(), body), (200, json!({"status": "ok"})));
}

#[actix_web::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = TestApp::new().await;
    app.db.clone().close().await.expect("close");
    let (status, body) = send(app.request(Method::GET, "/readyz")).await;
    assert_eq!(status, 503);
    assert_eq!(body["code"], "service_unavailable");
}

const METRICS_TOKEN: &str = "metrik-rahasia-untuk-prometheus";

#[actix_web::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = TestApp::with_env(&[("LATIH_METRICS_TOKEN", METRICS_TOKEN)]).await;
    send(app.request(Method::GET, "/healthz")).await;
    send(app.request(Method::GET, "/api/v1/me")).await;
    let metrics = app.get("/metrics", METRICS_TOKEN).send().await.expect("metrics");
    let text = metrics.text().await.expect("text");
    assert!(text.contains(r#"latih_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
    assert!(text.contains(r#"route="/api/v1/me",status="401""#), "{text}");
    assert!(text.contains("latih_http_request_duration_seconds_bucket"), "{text}");
}

#[actix_web::test]
async fn metrics_on_the_main_listener_need_the_metrics_token() {
    let app = TestApp::new().await;
    let admin = app.user(None, &[Role::PlatformAdmin]).await;
    problem(app.request(Method::GET, "/metrics"), 404, "not_found").await;
    problem(app.get("/metrics", &admin.token), 404, "not_found").await;
    let app = TestApp::with_env(&[("LATIH_METRICS_TOKEN", METRICS_TOKEN)]).await;
    let admin = app.user(None, &[Role::PlatformAdmin]).await;
    problem(app.request(Method::GET, "/metrics"), 401, "unauthorized").await;
    problem(app.get("/metrics", &admin.token), 401, "unauthorized").await;
    problem(app.get("/metrics", &format!("{METRICS_TOKEN}x")), 401, "unauthorized").await;
    let response = app.get("/metrics", METRICS_TOKEN).send().await.expect("metrics");
    assert_eq!(response.status(), 200);
    assert!(response.text().await.expect("text").contains("latih_http_requests_total"));
}

#[actix_web::test]
async fn the_metrics_listener_serves_metrics_without_a_token_and_nothing_else() {
    let app = TestApp::with_env(&[("LATIH_METRICS_LISTEN", "127.0.0.1:9")]).await;
    problem(app.request(Method::GET, "/metrics"), 404, "not_found").await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let metrics = app.state.metrics.clone();
    let server =
        actix_web::HttpServer::new(move || latih_server::platform::metrics::build_metrics_app(metrics.clone()))
            .workers(1)
            .disable_signals()
            .shutdown_timeout(0)
            .listen(listener)
            .expect("listen")
            .run();
    actix_web::rt::spawn(server);
    send(app.request(Method::GET, "/healthz")).await;
    let url = |path: &str| format!("http://{address}{path}");
    let response = app.client.get(url("/metrics")).send().await.expect("metrics");
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("text");
    assert!(text.contains(r#"latih_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
    for path in ["/healthz", "/api/v1/me", "/docs/", "/openapi.json"] {
        let response = app.client.get(url(path)).send().await.expect("other");
        assert_eq!(response.status(), 404, "{path} is not served on the metrics listener");
    }
}

#[cfg(unix)]
#[actix_web::test]
async fn a_new_data_folder_and_its_secrets_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("latih").join("data");
    let env = [("LATIH_DATA_DIR".to_owned(), data.display().to_string())].into_iter().collect();
    let settings = latih_server::Settings::load(env, None).expect("settings");
    let db = latih_server::db::connect(&settings).await.expect("connect");
    latih_server::db::migrate(&db).await.expect("migrate");
    latih_server::AppState::new(settings, db, latih_kernel::Clock::system()).await.expect("state");
    let mode = |path: &std::path::Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("media")), 0o700, "the media folder");
    assert_eq!(mode(&data.join("latih.db")), 0o600, "the SQLite file");
    assert_eq!(mode(&data.join("jwt_secret")), 0o600, "the generated JWT secret");
}

#[actix_web::test]
async fn cors_answers_preflight_for_configured_origins_only() {
    let app = TestApp::with_env(&[("LATIH_CORS_ORIGINS", "https://belajar.kupangkota.go.id")]).await;
    let preflight = |origin: &str| {
        app.request(Method::OPTIONS, "/api/v1/me")
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
    };
    let allowed = preflight("https://belajar.kupangkota.go.id").send().await.expect("preflight");
    assert!(allowed.status().is_success());
    let header = |name: &str| allowed.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    assert_eq!(header("access-control-allow-origin").as_deref(), Some("https://belajar.kupangkota.go.id"));
    assert_eq!(header("access-control-allow-credentials").as_deref(), Some("true"));
    let refused = preflight("https://evil.example").send().await.expect("preflight");
    assert!(refused.headers().get("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn a_wildcard_origin_never_allows_credentials() {
    let app = TestApp::with_env(&[("LATIH_CORS_ORIGINS", "*")]).await;
    let response = app
        .request(Method::OPTIONS, "/api/v1/me")
        .header("origin", "https://any.example")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .expect("preflight");
    assert!(response.status().is_success());
    assert_eq!(response.headers().get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("*"));
    assert!(response.headers().get("access-control-allow-credentials").is_none());
}

#[actix_web::test]
async fn without_configured_origins_no_cors_headers_are_sent() {
    let app = TestApp::new().await;
    let response =
        app.request(Method::GET, "/healthz").header("origin", "https://any.example").send().await.expect("get");
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("access-control-allow-origin").is_none());
}
