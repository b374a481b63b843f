//! The problem+json contract: every error status has the same shape and speaks the caller's
//! language.

use latih_kernel::Role;
use latih_tests::{TestApp, problem};
use reqwest::Method;
use serde_json::json;

#[actix_web::test]
async fn malformed_json_is_400() {
    let app = TestApp::new().await;
    let request =
        app.request(Method::POST, "/api/v1/auth/login").header("content-type", "application/json").body("{\"login\": ");
    problem(request, 400, "bad_request").await;
}

#[actix_web::test]
async fn a_missing_or_mistyped_field_is_422_naming_it() {
    let app = TestApp::new().await;
    let request = app.request(Method::POST, "/api/v1/auth/login").json(&json!({"login": "a@b.id"}));
    let body = problem(request, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "password");
    assert_eq!(body["errors"][0]["code"], "required");
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let body = json!({"name": "X", "email": "x@uji.go.id", "employment_type": "pegawai"});
    let body = problem(app.post("/api/v1/users", &admin.token, &body), 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "employment_type");
    assert_eq!(body["errors"][0]["code"], "invalid_choice");
}

#[actix_web::test]
async fn a_malformed_query_is_400_naming_the_parameter() {
    let app = TestApp::new().await;
    let admin = app.user(None, &[Role::PlatformAdmin]).await;
    let body = problem(app.get("/api/v1/users?limit=banyak", &admin.token), 400, "bad_request").await;
    assert_eq!(body["errors"][0]["field"], "limit");
    let body = problem(app.get("/api/v1/users?limit=500", &admin.token), 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "limit");
    let body = problem(app.get("/api/v1/users?cursor=%21%21", &admin.token), 400, "bad_request").await;
    assert_eq!(body["errors"][0]["field"], "cursor");
}

#[actix_web::test]
async fn no_token_is_401_with_a_bearer_challenge() {
    let app = TestApp::new().await;
    let response = app.request(Method::GET, "/api/v1/me").send().await.expect("request");
    assert_eq!(response.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
    problem(app.request(Method::GET, "/api/v1/me"), 401, "unauthorized").await;
}

#[actix_web::test]
async fn a_role_that_may_not_is_403() {
    let app = TestApp::new().await;
    let learner = app.user(None, &[Role::Learner]).await;
    problem(app.get("/api/v1/users", &learner.token), 403, "forbidden").await;
}

#[actix_web::test]
async fn unknown_routes_and_malformed_ids_are_404() {
    let app = TestApp::new().await;
    let learner = app.user(None, &[Role::Learner]).await;
    problem(app.get("/api/v1/nothing-here", &learner.token), 404, "not_found").await;
    problem(app.request(Method::GET, "/nothing-here"), 404, "not_found").await;
    problem(app.get("/api/v1/users/not-a-uuid", &learner.token), 404, "not_found").await;
}

#[actix_web::test]
async fn a_body_over_the_limit_is_413() {
    let app = TestApp::new().await;
    let huge = "x".repeat(300 * 1024);
    let request = app.request(Method::POST, "/api/v1/auth/login").json(&json!({"login": huge, "password": "x"}));
    problem(request, 413, "payload_too_large").await;
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_415() {
    let app = TestApp::new().await;
    let request = app.request(Method::POST, "/api/v1/auth/login").header("content-type", "text/plain").body("hi");
    problem(request, 415, "unsupported_media_type").await;
}

#[actix_web::test]
async fn too_many_attempts_is_429() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let body = json!({"login": person.email, "password": "salah-sekali"});
    for _ in 0..5 {
        problem(app.request(Method::POST, "/api/v1/auth/login").json(&body), 401, "unauthorized").await;
    }
    problem(app.request(Method::POST, "/api/v1/auth/login").json(&body), 429, "rate_limited").await;
}

#[actix_web::test]
async fn problems_speak_indonesian_by_default_and_english_on_request() {
    let app = TestApp::new().await;
    let indonesian = problem(app.request(Method::GET, "/api/v1/me"), 401, "unauthorized").await;
    assert_eq!(indonesian["title"], "Belum masuk");
    let request = app.request(Method::GET, "/api/v1/me").header("accept-language", "en-US,en;q=0.9");
    let english = problem(request, 401, "unauthorized").await;
    assert_eq!(english["title"], "Not signed in");
    let request = app.request(Method::POST, "/api/v1/auth/login").header("accept-language", "en").json(&json!({}));
    let body = problem(request, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["message"], "Required.");
}

#[actix_web::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let response =
        app.request(Method::GET, "/healthz").header("x-request-id", "frontend-abc-1").send().await.expect("request");
    assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("frontend-abc-1"));
    let response = app.request(Method::GET, "/healthz").send().await.expect("request");
    assert!(response.headers().get("x-request-id").is_some());
}
