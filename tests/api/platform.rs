//! `/healthz`, `/readyz`, `/metrics` and CORS.

use latih_tests::{TestApp, send};
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

#[actix_web::test]
async fn metrics_count_requests_by_route_and_status() {
    let app = TestApp::new().await;
    send(app.request(Method::GET, "/healthz")).await;
    send(app.request(Method::GET, "/api/v1/me")).await;
    let text = app.request(Method::GET, "/metrics").send().await.expect("metrics").text().await.expect("text");
    assert!(text.contains(r#"latih_http_requests_total{method="GET",route="/healthz",status="200"} 1"#), "{text}");
    assert!(text.contains(r#"route="/api/v1/me",status="401""#), "{text}");
    assert!(text.contains("latih_http_request_duration_seconds_bucket"), "{text}");
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
