//! Access tokens die with their sign-in: within the token-check cache's few seconds of a
//! logout, a deactivation, a password change or a role change; and a sign-in has an absolute
//! lifetime however often it is refreshed.

use chrono::Duration;
use latih_kernel::Role;
use latih_tests::{PASSWORD, TestApp, TestUser, problem, send};
use reqwest::Method;
use serde_json::{Value, json};

/// The check cache's lifetime in these tests; time moves by the server clock, never by sleeping.
const CACHE_SECS: i64 = 5;

async fn app() -> TestApp {
    TestApp::with_env(&[("LATIH_AUTH_CACHE_SECS", "5")]).await
}

async fn sign_in(app: &TestApp, person: &TestUser, password: &str) -> Value {
    let request =
        app.request(Method::POST, "/api/v1/auth/login").json(&json!({"login": person.email, "password": password}));
    let (status, tokens) = send(request).await;
    assert_eq!(status, 200, "{tokens}");
    tokens
}

fn access(tokens: &Value) -> &str {
    tokens["access_token"].as_str().unwrap_or_default()
}

async fn refresh(app: &TestApp, tokens: &Value) -> (reqwest::StatusCode, Value) {
    send(app.request(Method::POST, "/api/v1/auth/refresh").json(&json!({"refresh_token": tokens["refresh_token"]})))
        .await
}

/// Answers 200 now (warming the cache), then 401 once the cache has had its few seconds.
async fn dies_after_the_cache(app: &TestApp, token: &str) {
    app.clock.advance(Duration::seconds(CACHE_SECS + 1));
    problem(app.get("/api/v1/me", token), 401, "unauthorized").await;
}

#[actix_web::test]
async fn signing_out_voids_the_access_token_within_seconds() {
    let app = app().await;
    let person = app.user(None, &[Role::Learner]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    let other = sign_in(&app, &person, PASSWORD).await;
    let (status, _) = send(app.get("/api/v1/me", access(&tokens))).await;
    assert_eq!(status, 200);
    let logout =
        app.request(Method::POST, "/api/v1/auth/logout").json(&json!({"refresh_token": tokens["refresh_token"]}));
    assert_eq!(send(logout).await.0, 204);
    dies_after_the_cache(&app, access(&tokens)).await;
    let (status, _) = send(app.get("/api/v1/me", access(&other))).await;
    assert_eq!(status, 200, "the other sign-in goes on");
}

#[actix_web::test]
async fn deactivation_voids_the_access_token_within_seconds() {
    let app = app().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let person = app.user(Some(org), &[Role::Learner]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    assert_eq!(send(app.get("/api/v1/me/enrollments", access(&tokens))).await.0, 200);
    let path = format!("/api/v1/users/{}", person.id);
    assert_eq!(send(app.patch(&path, &admin.token, &json!({"is_active": false}))).await.0, 200);
    dies_after_the_cache(&app, access(&tokens)).await;
    problem(app.get("/api/v1/me/enrollments", &person.token), 401, "unauthorized").await;
}

#[actix_web::test]
async fn a_password_change_voids_the_other_sessions_but_not_the_callers() {
    let app = app().await;
    let person = app.user(None, &[Role::Learner]).await;
    let mine = sign_in(&app, &person, PASSWORD).await;
    let stolen = sign_in(&app, &person, PASSWORD).await;
    assert_eq!(send(app.get("/api/v1/me", access(&stolen))).await.0, 200);
    let body = json!({"current_password": PASSWORD, "new_password": "Sandi-Baru-2026"});
    assert_eq!(send(app.post("/api/v1/me/password", access(&mine), &body)).await.0, 204);
    dies_after_the_cache(&app, access(&stolen)).await;
    assert_eq!(refresh(&app, &stolen).await.0, 401);
    assert_eq!(send(app.get("/api/v1/me", access(&mine))).await.0, 200, "the caller stays signed in");
    assert_eq!(refresh(&app, &mine).await.0, 200);
}

#[actix_web::test]
async fn an_admin_setting_a_password_voids_every_session_within_seconds() {
    let app = app().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let person = app.user(Some(org), &[Role::Learner]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    assert_eq!(send(app.get("/api/v1/me", access(&tokens))).await.0, 200);
    let path = format!("/api/v1/users/{}", person.id);
    assert_eq!(send(app.patch(&path, &admin.token, &json!({"password": "Sandi-Dari-Admin-1"}))).await.0, 200);
    dies_after_the_cache(&app, access(&tokens)).await;
    assert_eq!(refresh(&app, &tokens).await.0, 401);
}

#[actix_web::test]
async fn a_role_change_voids_the_access_token_and_a_refresh_brings_the_new_roles() {
    let app = app().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let person = app.user(Some(org), &[Role::Learner, Role::OrgAdmin]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    assert_eq!(send(app.get("/api/v1/users", access(&tokens))).await.0, 200);
    let path = format!("/api/v1/users/{}", person.id);
    assert_eq!(send(app.patch(&path, &admin.token, &json!({"roles": ["learner"]}))).await.0, 200);
    dies_after_the_cache(&app, access(&tokens)).await;
    problem(app.get("/api/v1/users", access(&tokens)), 401, "unauthorized").await;
    let (status, fresh) = refresh(&app, &tokens).await;
    assert_eq!(status, 200, "{fresh}");
    let (_, me) = send(app.get("/api/v1/me", access(&fresh))).await;
    assert_eq!(me["roles"], json!(["learner"]));
    problem(app.get("/api/v1/users", access(&fresh)), 403, "forbidden").await;
}

#[actix_web::test]
async fn with_no_cache_a_sign_out_takes_hold_at_once() {
    let app = TestApp::with_env(&[("LATIH_AUTH_CACHE_SECS", "0")]).await;
    let person = app.user(None, &[Role::Learner]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    assert_eq!(send(app.get("/api/v1/me", access(&tokens))).await.0, 200);
    let logout =
        app.request(Method::POST, "/api/v1/auth/logout").json(&json!({"refresh_token": tokens["refresh_token"]}));
    assert_eq!(send(logout).await.0, 204);
    problem(app.get("/api/v1/me", access(&tokens)), 401, "unauthorized").await;
}

#[actix_web::test]
async fn a_warm_token_check_costs_no_statement_per_request() {
    let mut costs = Vec::new();
    for cache_secs in ["5", "0"] {
        let app = TestApp::with_env(&[("LATIH_AUTH_CACHE_SECS", cache_secs)]).await;
        let person = app.user(None, &[Role::Learner]).await;
        let tokens = sign_in(&app, &person, PASSWORD).await;
        let (statements, status) = app.count_queries(app.get("/api/v1/me", access(&tokens))).await;
        assert_eq!(status, 200);
        costs.push(statements);
    }
    // Uncached, each request reads the person and the session besides what /me reads.
    assert_eq!(costs[1], costs[0] + 2, "{costs:?}");
}

#[actix_web::test]
async fn a_sign_in_ends_after_the_session_lifetime_however_often_it_is_refreshed() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let mut tokens = sign_in(&app, &person, PASSWORD).await;
    for _ in 0..2 {
        app.clock.advance(Duration::days(14));
        let (status, next) = refresh(&app, &tokens).await;
        assert_eq!(status, 200, "{next}");
        tokens = next;
    }
    // Day 30 and a minute: the refresh token is two days old, but the sign-in is over.
    app.clock.advance(Duration::days(2) + Duration::minutes(1));
    let (status, body) = refresh(&app, &tokens).await;
    assert_eq!((status.as_u16(), &body["code"]), (401, &json!("unauthorized")));
}

#[actix_web::test]
async fn latih_session_max_days_sets_the_session_lifetime() {
    let app = TestApp::with_env(&[("LATIH_SESSION_MAX_DAYS", "2")]).await;
    let person = app.user(None, &[Role::Learner]).await;
    let tokens = sign_in(&app, &person, PASSWORD).await;
    app.clock.advance(Duration::days(1));
    let (status, tokens) = refresh(&app, &tokens).await;
    assert_eq!(status, 200);
    app.clock.advance(Duration::days(1) + Duration::seconds(1));
    assert_eq!(refresh(&app, &tokens).await.0, 401);
}
