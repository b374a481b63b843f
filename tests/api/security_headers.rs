//! The headers every answer carries: `nosniff`, no referrer, a content security policy (its own
//! for the docs page), `no-store` on tokens and personal answers, HSTS behind https.

use latih_kernel::Role;
use latih_tests::{PASSWORD, TestApp};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::json;

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[actix_web::test]
async fn every_answer_says_nosniff_and_sends_no_referrer() {
    let app = TestApp::new().await;
    let learner = app.user(None, &[Role::Learner]).await;
    for request in [
        app.request(Method::GET, "/healthz"),
        app.request(Method::GET, "/api/v1/me"),
        app.request(Method::GET, "/nowhere"),
        app.request(Method::POST, "/api/v1/auth/login").body("{not json"),
        app.get("/api/v1/me", &learner.token),
        app.request(Method::GET, "/openapi.json"),
        app.request(Method::GET, "/docs/"),
    ] {
        let response = request.send().await.expect("answer");
        let what = format!("{} {}", response.url().path(), response.status());
        assert_eq!(header(response.headers(), "x-content-type-options"), Some("nosniff"), "{what}");
        assert_eq!(header(response.headers(), "referrer-policy"), Some("no-referrer"), "{what}");
        assert!(header(response.headers(), "content-security-policy").is_some(), "{what}");
        assert!(header(response.headers(), "strict-transport-security").is_none(), "{what}: http only");
    }
}

#[actix_web::test]
async fn the_docs_page_runs_only_its_own_scripts_and_api_answers_load_nothing() {
    let app = TestApp::new().await;
    for path in ["/docs/", "/docs/swagger-initializer.js"] {
        let response = app.request(Method::GET, path).send().await.expect("docs");
        assert_eq!(response.status(), 200, "{path}");
        let csp = header(response.headers(), "content-security-policy").unwrap_or_default().to_owned();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval") && !csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    }
    let response = app.request(Method::GET, "/healthz").send().await.expect("health");
    let csp = header(response.headers(), "content-security-policy").unwrap_or_default().to_owned();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
}

#[actix_web::test]
async fn token_and_personal_answers_are_never_stored() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let login = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"login": learner.email, "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);
    assert_eq!(header(login.headers(), "cache-control"), Some("no-store"), "the token answer");
    let tokens: serde_json::Value = login.json().await.expect("tokens");
    let refresh = app
        .request(Method::POST, "/api/v1/auth/refresh")
        .json(&json!({"refresh_token": tokens["refresh_token"]}))
        .send()
        .await
        .expect("refresh");
    assert_eq!(header(refresh.headers(), "cache-control"), Some("no-store"), "the refresh answer");
    let failed = app
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({"login": learner.email, "password": "salah"}))
        .send()
        .await
        .expect("login");
    assert_eq!(header(failed.headers(), "cache-control"), Some("no-store"), "a refused login");
    for path in ["/api/v1/me", "/api/v1/me/enrollments"] {
        let response = app.get(path, &learner.token).send().await.expect("me");
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(response.headers(), "cache-control"), Some("no-store"), "{path}");
    }
    let organization = app.get(&format!("/api/v1/organizations/{org}"), &learner.token).send().await.expect("org");
    assert_eq!(header(organization.headers(), "cache-control"), Some("no-store"), "any answer to a token");
    let public = app.request(Method::GET, "/openapi.json").send().await.expect("document");
    assert_ne!(header(public.headers(), "cache-control"), Some("no-store"), "public answers may be cached");
}

#[actix_web::test]
async fn hsts_is_sent_only_when_the_public_url_is_https() {
    let app = TestApp::with_env(&[("LATIH_PUBLIC_URL", "https://belajar.kupangkota.go.id")]).await;
    for path in ["/healthz", "/api/v1/me", "/docs/"] {
        let response = app.request(Method::GET, path).send().await.expect("answer");
        let hsts = header(response.headers(), "strict-transport-security").unwrap_or_default();
        assert!(hsts.starts_with("max-age=31536000"), "{path}: {hsts}");
    }
}
