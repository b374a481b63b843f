//! Large files are checked by a job after `complete` (202 `processing`, then `ready` or
//! `rejected` with the reason); small ones stay inline (200 `ready` at once). The inline limit
//! is lowered to 1000 bytes here so that small test files take the job's path.

use latih_jobs::entity::job;
use latih_kernel::Role;
use latih_media::jobs::check::CheckMedia;
use latih_tests::{TestApp, TestUser, problem, send};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use super::{complete, declare, download_location, pdf, png, send_bytes, sha256, storage_key};

const LOW_LIMIT: [(&str, &str); 1] = [("LATIH_MEDIA_INLINE_CHECK_BYTES", "1000")];

/// Declares `bytes` as `content_type` with `declared_sha256`, sends them and completes.
async fn sent(
    app: &TestApp,
    who: &TestUser,
    content_type: &str,
    bytes: &[u8],
    declared_sha256: &str,
    purpose: &str,
) -> (String, StatusCode, Value) {
    let body = json!({"filename": "materi.pdf", "content_type": content_type, "size": bytes.len(),
        "sha256": declared_sha256, "purpose": purpose});
    let (status, ticket) = send(app.post("/api/v1/media/uploads", &who.token, &body)).await;
    assert_eq!(status, 201, "{ticket}");
    let parts = send_bytes(app, &ticket, bytes).await;
    let id = ticket["media_id"].as_str().expect("id").to_owned();
    let (status, media) = complete(app, who, &id, parts).await;
    (id, status, media)
}

async fn media(app: &TestApp, who: &TestUser, id: &str) -> Value {
    let request = app.get(&format!("/api/v1/media/{id}"), &who.token).header("accept-language", "en");
    let (status, body) = send(request).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn check_jobs(app: &TestApp) -> u64 {
    job::Entity::find().filter(job::Column::Kind.eq("media.check")).count(&app.db).await.expect("count")
}

/// Runs the check of `id` once more, as after a crash between its effect and its bookkeeping.
async fn rerun_check(app: &TestApp, id: &str) {
    job::Entity::delete_many().filter(job::Column::Kind.eq("media.check")).exec(&app.db).await.expect("forget");
    let job = CheckMedia { media_id: id.parse().expect("uuid"), organization_id: None };
    latih_jobs::enqueue(&app.db, &app.clock, &job).await.expect("enqueue");
    assert!(app.run_jobs().await >= 1);
}

#[actix_web::test]
async fn a_large_file_is_processing_until_its_check_job_makes_it_ready() {
    for (backend, app) in TestApp::on_each_storage(&LOW_LIMIT).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(5_000);
        let (id, status, accepted) =
            sent(&app, &instructor, "application/pdf", &bytes, &sha256(&bytes), "lesson").await;
        assert_eq!((status.as_u16(), accepted["status"].as_str()), (202, Some("processing")), "{backend}: {accepted}");
        assert_eq!(accepted["rejection_reason"], Value::Null);
        let (status, again) = complete(&app, &instructor, &id, Vec::new()).await;
        assert_eq!(
            (status.as_u16(), again["status"].as_str()),
            (202, Some("processing")),
            "{backend}: the same answer"
        );
        assert_eq!(check_jobs(&app).await, 1, "{backend}: one check, however often complete is called");
        let path = format!("/api/v1/media/{id}/download");
        problem(app.get(&path, &instructor.token), 409, "media_processing").await;
        let stranger = app.user(Some(org), &[Role::Instructor]).await;
        problem(app.get(&format!("/api/v1/media/{id}"), &stranger.token), 404, "not_found").await;

        app.run_jobs().await;
        let ready = media(&app, &instructor, &id).await;
        assert_eq!(ready["status"], "ready", "{backend}: {ready}");
        assert!(ready["completed_at"].is_string(), "{backend}");
        let (status, done) = complete(&app, &instructor, &id, Vec::new()).await;
        assert_eq!((status.as_u16(), done["status"].as_str()), (200, Some("ready")), "{backend}");
        let location = download_location(&app, &instructor, &id).await;
        let fetched = app.client.get(&location).send().await.expect("fetch");
        assert_eq!(fetched.bytes().await.expect("bytes").as_ref(), bytes.as_slice(), "{backend}");
        rerun_check(&app, &id).await;
        assert_eq!(media(&app, &instructor, &id).await["status"], "ready", "{backend}: a rerun changes nothing");
    }
}

#[actix_web::test]
async fn a_large_file_that_does_not_match_its_checksum_is_rejected_with_the_reason() {
    let quota = [LOW_LIMIT[0], ("LATIH_MEDIA_QUOTA_USER_BYTES", "8000")];
    for (backend, app) in TestApp::on_each_storage(&quota).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(5_000);
        let (id, status, _) = sent(&app, &instructor, "application/pdf", &bytes, &sha256(b"other"), "lesson").await;
        assert_eq!(status, 202, "{backend}: the checksum is not read inside the request");
        let (status, _) = declare(&app, &instructor, "b.pdf", "application/pdf", &pdf(4_000), "lesson").await;
        assert_eq!(status, 413, "{backend}: a file being checked holds its space");
        let key = storage_key(&app, &id).await;

        app.run_jobs().await;
        let rejected = media(&app, &instructor, &id).await;
        assert_eq!(rejected["status"], "rejected", "{backend}: {rejected}");
        assert_eq!(rejected["rejection_reason"]["code"], "checksum_mismatch", "{backend}");
        assert_eq!(rejected["rejection_reason"]["detail"], "The SHA-256 does not match.", "{backend}");
        let (_, in_indonesian) = send(app.get(&format!("/api/v1/media/{id}"), &instructor.token)).await;
        assert_eq!(in_indonesian["rejection_reason"]["detail"], "SHA-256 tidak cocok.");
        problem(app.get(&format!("/api/v1/media/{id}/download"), &instructor.token), 409, "media_rejected").await;
        let path = format!("/api/v1/media/{id}/complete");
        problem(app.post(&path, &instructor.token, &json!({})), 409, "upload_rejected").await;
        assert_eq!(app.state.media.storage.size(&key).await.ok().flatten(), None, "{backend}: its bytes are gone");
        let (status, _) = declare(&app, &instructor, "b.pdf", "application/pdf", &pdf(4_000), "lesson").await;
        assert_eq!(status, 201, "{backend}: a rejected file no longer counts against the quota");
        rerun_check(&app, &id).await;
        assert_eq!(media(&app, &instructor, &id).await["status"], "rejected", "{backend}");
    }
}

#[actix_web::test]
async fn a_large_file_whose_content_is_not_the_declared_type_is_rejected() {
    for (backend, app) in TestApp::on_each_storage(&LOW_LIMIT).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let mut disguised = png();
        disguised.resize(3_000, 0);
        let (id, status, _) =
            sent(&app, &instructor, "application/pdf", &disguised, &sha256(&disguised), "lesson").await;
        assert_eq!(status, 202, "{backend}");
        app.run_jobs().await;
        let rejected = media(&app, &instructor, &id).await;
        assert_eq!(rejected["status"], "rejected", "{backend}");
        assert_eq!(rejected["rejection_reason"]["code"], "type_mismatch", "{backend}");
        assert_eq!(rejected["rejection_reason"]["detail"], "The file's content is image/png, not application/pdf.");
    }
}

#[actix_web::test]
async fn small_files_are_still_checked_inside_complete() {
    let app = TestApp::with_env(&LOW_LIMIT).await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let bytes = pdf(500);
    let (_, status, ready) = sent(&app, &instructor, "application/pdf", &bytes, &sha256(&bytes), "lesson").await;
    assert_eq!((status.as_u16(), ready["status"].as_str()), (200, Some("ready")), "{ready}");
    let (_, status, _) = sent(&app, &instructor, "application/pdf", &bytes, &sha256(b"x"), "lesson").await;
    assert_eq!(status, 422, "a small file's mismatch is told at once");
    assert_eq!(check_jobs(&app).await, 0, "no job for a small file");
}

#[actix_web::test]
async fn files_being_checked_or_rejected_cannot_be_attached_to_lessons_or_claims() {
    let app = TestApp::with_env(&LOW_LIMIT).await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let learner = app.user(Some(org), &[Role::Learner]).await;
    let body = json!({"title": "Latsar", "summary": "Pelatihan dasar", "jp": 10, "competency_type": "technical",
        "delivery": "self_paced", "visibility": "public"});
    let (_, course) = send(app.post("/api/v1/courses", &instructor.token, &body)).await;
    let sections = format!("/api/v1/courses/{}/sections", course["id"].as_str().expect("course"));
    let (_, section) = send(app.post(&sections, &instructor.token, &json!({"title": "M"}))).await;
    let lessons = format!("/api/v1/sections/{}/lessons", section["id"].as_str().expect("section"));
    let bytes = pdf(5_000);
    let (processing, _, _) = sent(&app, &instructor, "application/pdf", &bytes, &sha256(&bytes), "lesson").await;
    let (rejected, _, _) = sent(&app, &instructor, "application/pdf", &bytes, &sha256(b"x"), "lesson").await;
    let (evidence, _, _) = sent(&app, &learner, "application/pdf", &bytes, &sha256(&bytes), "evidence").await;
    let claim = |media_id: &str| json!({"title": "Workshop SPBE", "provider": "Diskominfo", "jp": 4, "date": "2026-10-14", "evidence_media_id": media_id});
    for id in [&processing, &rejected] {
        let lesson = json!({"title": "Materi", "kind": "document", "media_id": id});
        let refused = problem(app.post(&lessons, &instructor.token, &lesson), 422, "validation_failed").await;
        assert_eq!(refused["errors"][0]["code"], "media_not_ready", "a file being checked is not attached");
    }
    let refused =
        problem(app.post("/api/v1/me/jp/claims", &learner.token, &claim(&evidence)), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "evidence_media_id");

    app.run_jobs().await;
    let lesson = json!({"title": "Ditolak", "kind": "document", "media_id": rejected});
    let refused = problem(app.post(&lessons, &instructor.token, &lesson), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "media_not_ready", "a rejected file is never attached");
    let lesson = json!({"title": "Siap", "kind": "document", "media_id": processing});
    let (status, _) = send(app.post(&lessons, &instructor.token, &lesson)).await;
    assert_eq!(status, 201, "once checked it is attached");
    let (status, body) = send(app.post("/api/v1/me/jp/claims", &learner.token, &claim(&evidence))).await;
    assert_eq!(status, 201, "{body}");
}
