//! Guess throttling of sign-in, password change and refresh: counted atomically, per account
//! and client address, with `X-Forwarded-For` believed only from configured proxies.

use chrono::Duration;
use futures_util::future::join_all;
use latih_kernel::Role;
use latih_tests::{PASSWORD, TestApp, TestUser, problem, send};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};

/// Loopback (the tests' own connection) and a private network are the proxies.
const PROXIES: [(&str, &str); 1] = [("LATIH_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.0/8")];
const ATTACKER: &str = "203.0.113.7";
const OWNER: &str = "192.0.2.44";

fn sign_in(app: &TestApp, forwarded_for: Option<&str>, login: &str, password: &str) -> RequestBuilder {
    let request = app.request(Method::POST, "/api/v1/auth/login").json(&json!({"login": login, "password": password}));
    match forwarded_for {
        Some(chain) => request.header("x-forwarded-for", chain),
        None => request,
    }
}

fn change_password(app: &TestApp, from: &str, who: &TestUser, current: &str) -> RequestBuilder {
    let body = json!({"current_password": current, "new_password": "Sandi-Baru-2026"});
    app.post("/api/v1/me/password", &who.token, &body).header("x-forwarded-for", from)
}

fn refresh(app: &TestApp, from: &str, token: &Value) -> RequestBuilder {
    app.request(Method::POST, "/api/v1/auth/refresh")
        .json(&json!({"refresh_token": token}))
        .header("x-forwarded-for", from)
}

async fn statuses(requests: Vec<RequestBuilder>) -> (usize, usize, Vec<StatusCode>) {
    let answers =
        join_all(requests.into_iter().map(|r| async move { r.send().await.expect("request").status() })).await;
    let unauthorized = answers.iter().filter(|s| s.as_u16() == 401).count();
    let limited = answers.iter().filter(|s| s.as_u16() == 429).count();
    (unauthorized, limited, answers)
}

fn retry_after(response: &reqwest::Response) -> u64 {
    response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0)
}

#[actix_web::test]
async fn forty_concurrent_wrong_passwords_get_no_more_401s_than_the_limit() {
    let app = TestApp::new().await;
    let person = app.user(None, &[Role::Learner]).await;
    let guesses = (0..40).map(|i| sign_in(&app, None, &person.email, &format!("tebakan-{i}"))).collect();
    let (unauthorized, limited, answers) = statuses(guesses).await;
    assert!((1..=5).contains(&unauthorized), "{answers:?}");
    assert_eq!(unauthorized + limited, 40, "{answers:?}");
}

#[actix_web::test]
async fn rotating_x_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit() {
    // Only 10.0.0.0/8 is a proxy: the tests' loopback peer is a client like any other.
    let app = TestApp::with_env(&[("LATIH_TRUSTED_PROXIES", "10.0.0.0/8")]).await;
    let person = app.user(None, &[Role::Learner]).await;
    for i in 0..5 {
        let (status, _) = send(sign_in(&app, Some(&format!("198.51.100.{i}")), &person.email, "salah-sekali")).await;
        assert_eq!(status, 401);
    }
    problem(sign_in(&app, Some("198.51.100.99"), &person.email, PASSWORD), 429, "rate_limited").await;
    // Spraying other accounts: the address limit holds however the header rotates.
    for i in 5..30 {
        let login = format!("orang{i}@uji.go.id");
        let (status, _) = send(sign_in(&app, Some(&format!("198.51.100.{i}")), &login, "salah-sekali")).await;
        assert_eq!(status, 401);
    }
    let other = app.user(None, &[Role::Learner]).await;
    problem(sign_in(&app, Some("192.0.2.1"), &other.email, PASSWORD), 429, "rate_limited").await;
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_right_most_untrusted_address_is_counted() {
    let app = TestApp::with_env(&PROXIES).await;
    let person = app.user(None, &[Role::Learner]).await;
    // The attacker writes whatever they like on the left; the proxy appends what it saw.
    for i in 0..5 {
        let chain = format!("198.51.100.{i}, {ATTACKER}, 10.0.0.5");
        let (status, _) = send(sign_in(&app, Some(&chain), &person.email, "salah-sekali")).await;
        assert_eq!(status, 401);
    }
    let chain = format!("198.51.100.77, {ATTACKER}, 10.0.0.5");
    let response = sign_in(&app, Some(&chain), &person.email, PASSWORD).send().await.expect("request");
    assert_eq!(response.status(), 429, "the rotated left part changes nothing");
    assert!((1..=15 * 60).contains(&retry_after(&response)));
    let (status, _) = send(sign_in(&app, Some(&format!("{OWNER}, 10.0.0.5")), &person.email, PASSWORD)).await;
    assert_eq!(status, 200, "another client behind the same proxy is not affected");
}

#[actix_web::test]
async fn the_owner_signs_in_from_elsewhere_while_an_attacker_is_throttled() {
    let app = TestApp::with_env(&PROXIES).await;
    let person = app.user(None, &[Role::Learner]).await;
    let guesses = (0..20).map(|i| sign_in(&app, Some(ATTACKER), &person.email, &format!("tebakan-{i}"))).collect();
    let (unauthorized, limited, answers) = statuses(guesses).await;
    assert_eq!((unauthorized <= 5, unauthorized + limited), (true, 20), "{answers:?}");
    problem(sign_in(&app, Some(ATTACKER), &person.email, PASSWORD), 429, "rate_limited").await;
    let (status, tokens) = send(sign_in(&app, Some(OWNER), &person.email, PASSWORD)).await;
    assert_eq!(status, 200, "{tokens}");
}

#[actix_web::test]
async fn guesses_from_many_addresses_slow_an_account_down_but_never_lock_it() {
    let app = TestApp::with_env(&PROXIES).await;
    let person = app.user(None, &[Role::Learner]).await;
    for i in 0..10 {
        let (status, _) = send(sign_in(&app, Some(&format!("198.51.100.{i}")), &person.email, "salah-sekali")).await;
        assert_eq!(status, 401);
    }
    let response = sign_in(&app, Some(OWNER), &person.email, PASSWORD).send().await.expect("request");
    assert_eq!(response.status(), 429, "one attempt per few seconds now");
    let wait = retry_after(&response);
    assert!((1..=10).contains(&wait), "Retry-After {wait}");
    app.clock.advance(Duration::seconds(i64::try_from(wait).unwrap_or(10)));
    let (status, _) = send(sign_in(&app, Some(OWNER), &person.email, PASSWORD)).await;
    assert_eq!(status, 200, "the owner gets in after a short wait");
    let (status, _) = send(sign_in(&app, Some("198.51.100.50"), &person.email, "salah-sekali")).await;
    assert_eq!(status, 401, "a success forgets the account's count");
}

#[actix_web::test]
async fn wrong_current_passwords_are_throttled_without_locking_out_the_owner() {
    let app = TestApp::with_env(&PROXIES).await;
    let person = app.user(None, &[Role::Learner]).await;
    // A stolen access token: the thief guesses the current password concurrently.
    let guesses = (0..20).map(|i| change_password(&app, ATTACKER, &person, &format!("tebakan-{i}"))).collect();
    let (_, limited, answers) = statuses(guesses).await;
    let wrong = answers.iter().filter(|s| s.as_u16() == 422).count();
    assert_eq!((wrong <= 5, wrong + limited), (true, 20), "{answers:?}");
    problem(change_password(&app, ATTACKER, &person, PASSWORD), 429, "rate_limited").await;
    let (status, body) = send(change_password(&app, OWNER, &person, PASSWORD)).await;
    assert_eq!(status, 204, "{body}");
}

#[actix_web::test]
async fn unknown_refresh_tokens_are_throttled_per_address_only() {
    let app = TestApp::with_env(&PROXIES).await;
    let person = app.user(None, &[Role::Learner]).await;
    let (_, tokens) = send(sign_in(&app, Some(OWNER), &person.email, PASSWORD)).await;
    let guesses = (0..40).map(|i| refresh(&app, ATTACKER, &json!(format!("tebakan-{i}")))).collect();
    let (unauthorized, limited, answers) = statuses(guesses).await;
    assert_eq!((unauthorized <= 30, unauthorized + limited), (true, 40), "{answers:?}");
    assert!(limited >= 10, "{answers:?}");
    problem(refresh(&app, ATTACKER, &tokens["refresh_token"]), 429, "rate_limited").await;
    let (status, body) = send(refresh(&app, OWNER, &tokens["refresh_token"])).await;
    assert_eq!(status, 200, "{body}");
}
