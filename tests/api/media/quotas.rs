//! Storage quotas: each person and each organization stores at most what
//! `LATIH_MEDIA_QUOTA_USER_BYTES` and `LATIH_MEDIA_QUOTA_ORGANIZATION_BYTES` allow, counted over
//! declared sizes of ready files and of uploads that have not expired.

use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, problem};
use serde_json::{Value, json};

use super::{declare, pdf, send_bytes, sha256, upload};

const QUOTAS: [(&str, &str); 2] =
    [("LATIH_MEDIA_QUOTA_USER_BYTES", "1000"), ("LATIH_MEDIA_QUOTA_ORGANIZATION_BYTES", "1500")];

/// A PDF of exactly `size` bytes.
fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = pdf(size);
    bytes.truncate(size);
    bytes
}

fn declaration(size: usize) -> Value {
    json!({"filename": "bukti.pdf", "content_type": "application/pdf", "size": size, "sha256": "0".repeat(64), "purpose": "evidence"})
}

async fn refused(app: &TestApp, who: &TestUser, size: usize) -> Value {
    problem(app.post("/api/v1/media/uploads", &who.token, &declaration(size)), 413, "quota_exceeded").await
}

#[actix_web::test]
async fn a_person_past_their_quota_is_told_how_much_is_left() {
    let app = TestApp::with_env(&QUOTAS).await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    upload(&app, &learner, "a.pdf", "application/pdf", &pdf_of(600), "evidence").await;
    let body = refused(&app, &learner, 500).await;
    assert_eq!(body["remaining_bytes"], 400, "{body}");
    let (status, _) = declare(&app, &learner, "b.pdf", "application/pdf", &pdf_of(400), "evidence").await;
    assert_eq!(status, 201, "exactly what is left fits");
    let body = refused(&app, &learner, 1).await;
    assert_eq!(body["remaining_bytes"], 0, "a declared upload holds its space: {body}");
}

#[actix_web::test]
async fn failed_and_expired_uploads_give_their_space_back() {
    let app = TestApp::with_env(&QUOTAS).await;
    let learner = app.user(None, &[Role::Learner]).await;
    let bytes = pdf_of(900);
    let wrong = json!({"filename": "a.pdf", "content_type": "application/pdf", "size": bytes.len(), "sha256": sha256(b"x"), "purpose": "evidence"});
    let (_, ticket) = latih_tests::send(app.post("/api/v1/media/uploads", &learner.token, &wrong)).await;
    send_bytes(&app, &ticket, &bytes).await;
    refused(&app, &learner, 200).await;
    let id = ticket["media_id"].as_str().expect("id");
    problem(app.post(&format!("/api/v1/media/{id}/complete"), &learner.token, &json!({})), 422, "validation_failed")
        .await;
    let (status, _) = declare(&app, &learner, "b.pdf", "application/pdf", &pdf_of(900), "evidence").await;
    assert_eq!(status, 201, "the failed file no longer counts");
    refused(&app, &learner, 200).await;
    app.clock.advance(chrono::Duration::hours(7));
    let learner = TestUser { token: app.token(&learner, &[Role::Learner]), ..learner };
    let (status, _) = declare(&app, &learner, "c.pdf", "application/pdf", &pdf_of(900), "evidence").await;
    assert_eq!(status, 201, "an expired declaration no longer counts, swept or not");
}

#[actix_web::test]
async fn an_organization_shares_one_quota_and_other_organizations_are_not_touched() {
    let app = TestApp::with_env(&QUOTAS).await;
    let kupang = app.organization("KUPANG", "Asia/Makassar").await;
    let jayapura = app.organization("JAYAPURA", "Asia/Jayapura").await;
    let first = app.user(Some(kupang), &[Role::Instructor]).await;
    let second = app.user(Some(kupang), &[Role::Learner]).await;
    let elsewhere = app.user(Some(jayapura), &[Role::Learner]).await;
    upload(&app, &first, "modul.pdf", "application/pdf", &pdf_of(900), "lesson").await;
    let body = refused(&app, &second, 700).await;
    assert_eq!(body["remaining_bytes"], 600, "the organization has 600 of 1500 left: {body}");
    let (status, _) = declare(&app, &elsewhere, "a.pdf", "application/pdf", &pdf_of(700), "evidence").await;
    assert_eq!(status, 201, "another organization's files do not count");
    let (status, _) = declare(&app, &second, "a.pdf", "application/pdf", &pdf_of(600), "evidence").await;
    assert_eq!(status, 201);
}

#[actix_web::test]
async fn concurrent_declarations_never_pass_the_quota_together() {
    let app = TestApp::with_env(&QUOTAS).await;
    let learner = app.user(None, &[Role::Learner]).await;
    let body = declaration(300);
    let requests = (0..10).map(|_| app.post("/api/v1/media/uploads", &learner.token, &body).send());
    let answers = futures_util::future::join_all(requests).await;
    let statuses: Vec<u16> = answers.into_iter().map(|r| r.expect("answer").status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 3, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 413).count(), 7, "{statuses:?}");
}
