//! Registering, listing, changing and removing webhooks: who may, what is valid, and that the
//! secret never comes back.

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const SECRET: &str = "rahasia-webhook-uji-0123456789";

/// A server whose webhooks may target this machine (the receivers of these tests).
pub async fn app() -> TestApp {
    TestApp::with_env(&[("LATIH_WEBHOOK_ALLOW_PRIVATE", "true")]).await
}

fn new_webhook(url: &str) -> Value {
    json!({"url": url, "events": ["course.completed", "enrollment.assigned"], "secret": SECRET})
}

async fn create(app: &TestApp, token: &str, organization: Uuid, body: &Value) -> Value {
    let (status, hook) = send(app.post(&format!("/api/v1/organizations/{organization}/webhooks"), token, body)).await;
    assert_eq!(status, StatusCode::CREATED, "{hook}");
    hook
}

#[actix_web::test]
async fn an_org_admin_registers_a_webhook_and_never_sees_its_secret_again() {
    let app = app().await;
    let org = app.organization("WHA", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;

    let hook = create(&app, &admin.token, org, &new_webhook("https://siasn.example.go.id/latih")).await;
    assert_eq!(hook["url"], "https://siasn.example.go.id/latih");
    assert_eq!(hook["events"], json!(["course.completed", "enrollment.assigned"]));
    assert_eq!(hook["active"], true);
    assert!(hook["id"].as_str().is_some());
    assert!(hook.get("secret").is_none(), "{hook}");
    let id = hook["id"].as_str().expect("id");

    let rotated = "rahasia-baru-yang-cukup-panjang";
    let answers = [
        app.get(&format!("/api/v1/organizations/{org}/webhooks"), &admin.token),
        app.get(&format!("/api/v1/webhooks/{id}"), &admin.token),
        app.patch(&format!("/api/v1/webhooks/{id}"), &admin.token, &json!({"secret": rotated})),
        app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin.token),
    ];
    for request in answers {
        let response = request.send().await.expect("request");
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.expect("body");
        assert!(!text.contains(SECRET) && !text.contains(rotated), "{text}");
    }
    let (_, list) = send(app.get(&format!("/api/v1/organizations/{org}/webhooks"), &admin.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["next_cursor"], Value::Null);
    let (_, deliveries) = send(app.get(&format!("/api/v1/webhooks/{id}/deliveries"), &admin.token)).await;
    assert_eq!(deliveries, json!({"items": [], "next_cursor": null}));
}

#[actix_web::test]
async fn only_the_organizations_admins_and_platform_admins_manage_its_webhooks() {
    let app = app().await;
    let org = app.organization("WHB", "Asia/Jakarta").await;
    let other = app.organization("WHC", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let stranger = app.user(Some(other), &[Role::OrgAdmin]).await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let platform = app.user(None, &[Role::PlatformAdmin]).await;
    let hook = create(&app, &admin.token, org, &new_webhook("https://gudang-data.example.go.id/in")).await;
    let id = hook["id"].as_str().expect("id");
    let body = new_webhook("https://elsewhere.example.com/in");

    for (who, status, code) in
        [(&stranger, 404, "not_found"), (&learner, 403, "forbidden"), (&instructor, 403, "forbidden")]
    {
        let token = who.token.as_str();
        problem(app.post(&format!("/api/v1/organizations/{org}/webhooks"), token, &body), status, code).await;
        problem(app.get(&format!("/api/v1/organizations/{org}/webhooks"), token), status, code).await;
        problem(app.get(&format!("/api/v1/webhooks/{id}"), token), status, code).await;
        problem(app.patch(&format!("/api/v1/webhooks/{id}"), token, &json!({"active": false})), status, code).await;
        problem(app.get(&format!("/api/v1/webhooks/{id}/deliveries"), token), status, code).await;
        problem(app.delete(&format!("/api/v1/webhooks/{id}"), token), status, code).await;
    }
    problem(app.request(reqwest::Method::GET, &format!("/api/v1/organizations/{org}/webhooks")), 401, "unauthorized")
        .await;
    problem(
        app.post(&format!("/api/v1/organizations/{}/webhooks", Uuid::now_v7()), &platform.token, &body),
        404,
        "not_found",
    )
    .await;

    let (_, unchanged) = send(app.get(&format!("/api/v1/webhooks/{id}"), &admin.token)).await;
    assert_eq!(unchanged["active"], true, "nobody else changed it");
    let theirs = create(&app, &platform.token, org, &body).await;
    assert_eq!(theirs["organization_id"], org.to_string());
    let (_, list) = send(app.get(&format!("/api/v1/organizations/{org}/webhooks"), &admin.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2));
    let (_, own) = send(app.get(&format!("/api/v1/organizations/{other}/webhooks"), &stranger.token)).await;
    assert_eq!(own["items"], json!([]), "another organization sees none of them");
}

#[actix_web::test]
async fn invalid_webhooks_are_refused_naming_the_field() {
    let app = app().await;
    let org = app.organization("WHD", "Asia/Jayapura").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let path = format!("/api/v1/organizations/{org}/webhooks");
    let cases = [
        (
            json!({"url": "https://a.example.com/", "events": ["course.completed", "course.exploded"], "secret": SECRET}),
            "events[1]",
            "unknown_event",
        ),
        (json!({"url": "https://a.example.com/", "events": [], "secret": SECRET}), "events", "required"),
        (
            json!({"url": "ftp://a.example.com/", "events": ["course.completed"], "secret": SECRET}),
            "url",
            "invalid_url",
        ),
        (json!({"url": "/relative/path", "events": ["course.completed"], "secret": SECRET}), "url", "invalid_url"),
        (
            json!({"url": "https://user:pass@a.example.com/", "events": ["course.completed"], "secret": SECRET}),
            "url",
            "invalid_url",
        ),
        (
            json!({"url": "https://a.example.com/", "events": ["course.completed"], "secret": "pendek"}),
            "secret",
            "invalid_length",
        ),
    ];
    for (body, field, code) in cases {
        let problem = problem(app.post(&path, &admin.token, &body), 422, "validation_failed").await;
        let errors = problem["errors"].as_array().expect("errors");
        assert!(errors.iter().any(|e| e["field"] == field && e["code"] == code), "{field} {code} in {problem}");
    }
    let unknown = problem(
        app.post(
            &path,
            &admin.token,
            &json!({"url": "https://a.example.com/", "events": ["course.exploded"], "secret": SECRET}),
        ),
        422,
        "validation_failed",
    )
    .await;
    assert!(unknown["errors"][0]["message"].as_str().is_some_and(|m| m.contains("course.exploded")), "{unknown}");
    problem(
        app.post(&path, &admin.token, &json!({"url": "https://a.example.com/", "events": ["course.completed"]})),
        422,
        "validation_failed",
    )
    .await;

    let hook = create(&app, &admin.token, org, &new_webhook("https://a.example.com/")).await;
    let id = hook["id"].as_str().expect("id");
    let bad_patch = problem(
        app.patch(&format!("/api/v1/webhooks/{id}"), &admin.token, &json!({"events": ["nope"], "url": "mailto:x@y.z"})),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(bad_patch["errors"].as_array().map(Vec::len), Some(2), "{bad_patch}");
    let (_, list) = send(app.get(&path, &admin.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "nothing invalid was stored");
}

#[actix_web::test]
async fn private_targets_are_refused_unless_the_operator_allows_them() {
    let app = TestApp::new().await;
    let org = app.organization("WHE", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let path = format!("/api/v1/organizations/{org}/webhooks");
    for url in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://10.0.0.7/hook",
        "http://[::1]/hook",
        "http://169.254.169.254/latest",
    ] {
        let body = problem(app.post(&path, &admin.token, &new_webhook(url)), 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["code"], "private_address", "{url}: {body}");
    }
    create(&app, &admin.token, org, &new_webhook("https://siasn.example.go.id/hook")).await;

    let open = self::app().await;
    let org = open.organization("WHF", "Asia/Jakarta").await;
    let admin = open.user(Some(org), &[Role::OrgAdmin]).await;
    create(&open, &admin.token, org, &new_webhook("http://127.0.0.1:8080/hook")).await;
}

#[actix_web::test]
async fn a_webhook_is_changed_paused_and_removed() {
    let app = app().await;
    let org = app.organization("WHG", "Asia/Jakarta").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let hook = create(&app, &admin.token, org, &new_webhook("https://a.example.com/")).await;
    let id = hook["id"].as_str().expect("id");

    let (status, changed) = send(app.patch(
        &format!("/api/v1/webhooks/{id}"),
        &admin.token,
        &json!({"url": "https://b.example.com/in", "events": ["jp.at_risk", "jp.at_risk", "forum.reply"], "active": false}),
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    assert_eq!(changed["url"], "https://b.example.com/in");
    assert_eq!(changed["events"], json!(["forum.reply", "jp.at_risk"]));
    assert_eq!(changed["active"], false);
    let (_, read) = send(app.get(&format!("/api/v1/webhooks/{id}"), &admin.token)).await;
    assert_eq!(read, changed);

    let (status, _) = send(app.delete(&format!("/api/v1/webhooks/{id}"), &admin.token)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    problem(app.get(&format!("/api/v1/webhooks/{id}"), &admin.token), 404, "not_found").await;
    problem(app.delete(&format!("/api/v1/webhooks/{id}"), &admin.token), 404, "not_found").await;
}
