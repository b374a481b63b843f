//! `/auth/*` and bearer tokens.

mod sessions;
mod throttling;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use latih_kernel::Role;
use latih_tests::{PASSWORD, TestApp, problem, send};
use reqwest::Method;
use serde_json::{Value, json};

async fn login(app: &TestApp, login: &str, password: &str) -> (reqwest::StatusCode, Value) {
    send(app.request(Method::POST, "/api/v1/auth/login").json(&json!({"login": login, "password": password}))).await
}

async fn refresh(app: &TestApp, token: &Value) -> (reqwest::StatusCode, Value) {
    send(app.request(Method::POST, "/api/v1/auth/refresh").json(&json!({"refresh_token": token}))).await
}

#[actix_web::test]
async fn a_person_signs_in_by_email_and_reads_me() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let person = app.user(Some(org), &[Role::Learner]).await;
    let (status, tokens) = login(&app, &person.email.to_uppercase(), PASSWORD).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let access = tokens["access_token"].as_str().expect("access token");
    let (status, me) = send(app.get("/api/v1/me", access)).await;
    assert_eq!(status, 200);
    assert_eq!(me["id"], person.id.to_string());
    assert_eq!(me["organization_id"], org.to_string());
    assert_eq!(me["roles"], json!(["learner"]));
    assert!(me.get("password_hash").is_none());
}

#[actix_web::test]
async fn a_person_signs_in_by_nip() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let body = json!({
        "name": "Maria Fernandez", "email": "maria@kupangkota.go.id", "password": "Sandi-Maria-2026",
        "employment_type": "pns", "nip": "198503122010012003", "rank": "III/b",
    });
    let (status, _) = send(app.post("/api/v1/users", &admin.token, &body)).await;
    assert_eq!(status, 201);
    let (status, tokens) = login(&app, "19850312 201001 2 003", "Sandi-Maria-2026").await;
    assert_eq!(status, 200);
    assert!(tokens["refresh_token"].is_string());
}

#[actix_web::test]
async fn a_wrong_password_or_unknown_login_is_401() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let (status, body) = login(&app, &person.email, "salah-sekali").await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthorized");
    let (status, unknown) = login(&app, "tidak.ada@uji.go.id", "salah-sekali").await;
    assert_eq!(status, 401);
    assert_eq!(unknown["detail"], body["detail"], "unknown and wrong answer alike");
}

#[actix_web::test]
async fn a_deactivated_person_cannot_sign_in() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let person = app.user(Some(org), &[Role::Learner]).await;
    let (status, _) = login(&app, &person.email, PASSWORD).await;
    assert_eq!(status, 200);
    let path = format!("/api/v1/users/{}", person.id);
    let (status, _) = send(app.patch(&path, &admin.token, &json!({"is_active": false}))).await;
    assert_eq!(status, 200);
    let (status, _) = login(&app, &person.email, PASSWORD).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn refresh_rotates_and_a_reused_token_revokes_the_family() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let (_, first) = login(&app, &person.email, PASSWORD).await;
    let (status, second) = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(status, 200);
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert!(second["access_token"].is_string());
    // The first token again: reuse. It fails, and so does the token rotated from it.
    let (status, body) = refresh(&app, &first["refresh_token"]).await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthorized");
    let (status, _) = refresh(&app, &second["refresh_token"]).await;
    assert_eq!(status, 401, "the whole family is revoked");
    // Another sign-in is a new family and still works.
    let (_, other) = login(&app, &person.email, PASSWORD).await;
    let (status, _) = refresh(&app, &other["refresh_token"]).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn an_expired_refresh_token_is_401() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let (_, tokens) = login(&app, &person.email, PASSWORD).await;
    app.clock.advance(Duration::days(31));
    let (status, _) = refresh(&app, &tokens["refresh_token"]).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let (_, tokens) = login(&app, &person.email, PASSWORD).await;
    let request =
        app.request(Method::POST, "/api/v1/auth/logout").json(&json!({"refresh_token": tokens["refresh_token"]}));
    let (status, _) = send(request).await;
    assert_eq!(status, 204);
    let (status, _) = refresh(&app, &tokens["refresh_token"]).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn an_expired_access_token_is_refused() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let (status, _) = send(app.get("/api/v1/me", &person.token)).await;
    assert_eq!(status, 200);
    app.clock.advance(Duration::minutes(16));
    let response = app.get("/api/v1/me", &person.token).send().await.expect("request");
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
}

fn tamper(token: &str, change: impl FnOnce(&mut Value, &mut Value)) -> String {
    let mut parts = token.split('.');
    let decode = |part: Option<&str>| -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part.expect("part")).expect("base64")).expect("json")
    };
    let mut header = decode(parts.next());
    let mut claims = decode(parts.next());
    let signature = parts.next().expect("signature").to_owned();
    change(&mut header, &mut claims);
    let encode = |value: &Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("json"));
    format!("{}.{}.{signature}", encode(&header), encode(&claims))
}

#[actix_web::test]
async fn a_tampered_token_is_refused() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let promoted = tamper(&person.token, |_, claims| claims["roles"] = json!(["platform_admin"]));
    problem(app.get("/api/v1/me", &promoted), 401, "unauthorized").await;
    problem(app.get("/api/v1/me", "not-a-token"), 401, "unauthorized").await;
}

#[actix_web::test]
async fn an_alg_none_token_is_refused() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let unsigned = tamper(&person.token, |header, _| header["alg"] = json!("none"));
    let stripped = format!("{}.", unsigned.rsplit_once('.').map(|(head, _)| head).unwrap_or_default());
    problem(app.get("/api/v1/me", &stripped), 401, "unauthorized").await;
    let hs512 = tamper(&person.token, |header, _| header["alg"] = json!("HS512"));
    problem(app.get("/api/v1/me", &hs512), 401, "unauthorized").await;
}

#[actix_web::test]
async fn failed_logins_lock_the_account_from_that_address_with_retry_after() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    for _ in 0..5 {
        let (status, _) = login(&app, &person.email, "salah-sekali").await;
        assert_eq!(status, 401);
    }
    let response = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"login": person.email, "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 429, "even the right password waits");
    let retry_after: u64 = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry_after > 0 && retry_after <= 15 * 60);
    let body: Value = response.json().await.expect("body");
    assert_eq!(body["code"], "rate_limited");
    // After the lockout the right password works again.
    app.clock.advance(Duration::minutes(16));
    let (status, _) = login(&app, &person.email, PASSWORD).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn failed_logins_from_one_address_are_limited_across_accounts() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    for attempt in 0..30 {
        let (status, _) = login(&app, &format!("orang{attempt}@uji.go.id"), "salah-sekali").await;
        assert_eq!(status, 401);
    }
    let (status, body) = login(&app, &person.email, PASSWORD).await;
    assert_eq!(status, 429);
    assert_eq!(body["code"], "rate_limited");
}
