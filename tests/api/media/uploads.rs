//! Declaring, sending and completing uploads, and every refusal on the way.

use latih_kernel::Role;
use latih_tests::{TestApp, problem, send};
use serde_json::json;

use super::{complete, declare, download_location, pdf, png, send_bytes, sha256, upload};

#[actix_web::test]
async fn the_full_upload_flow_ends_ready_and_readable_by_the_uploader() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(50_000);
        let (status, ticket) =
            declare(&app, &instructor, "Modul Latsar.pdf", "application/pdf", &bytes, "lesson").await;
        assert_eq!(status, 201, "{backend}: {ticket}");
        assert_eq!(ticket["upload"]["method"], "PUT");
        assert!(ticket["upload"]["url"].is_string(), "{backend}: one request for a small file");
        assert!(ticket["expires_at"].is_string());
        let media_id = ticket["media_id"].as_str().expect("id").to_owned();
        let (status, pending) = send(app.get(&format!("/api/v1/media/{media_id}"), &instructor.token)).await;
        assert_eq!((status.as_u16(), pending["status"].as_str()), (200, Some("pending")), "{backend}");
        let parts = send_bytes(&app, &ticket, &bytes).await;
        let (status, media) = complete(&app, &instructor, &media_id, parts).await;
        assert_eq!(status, 200, "{backend}: {media}");
        assert_eq!(media["status"], "ready");
        assert_eq!(media["size"], bytes.len());
        assert_eq!(media["sha256"], sha256(&bytes));
        let (status, again) = complete(&app, &instructor, &media_id, Vec::new()).await;
        assert_eq!(
            (status.as_u16(), again["status"].as_str()),
            (200, Some("ready")),
            "{backend}: completing twice is fine"
        );
        let location = download_location(&app, &instructor, &media_id).await;
        let fetched = app.client.get(&location).send().await.expect("fetch");
        assert_eq!(fetched.status(), 200, "{backend}");
        let disposition =
            fetched.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        assert!(disposition.contains("filename*=UTF-8''Modul%20Latsar.pdf"), "{backend}: {disposition}");
        assert_eq!(fetched.bytes().await.expect("bytes").as_ref(), bytes.as_slice(), "{backend}");
    }
}

#[actix_web::test]
async fn a_large_file_goes_up_in_parts_on_s3_and_in_one_stream_locally() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let mut bytes = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
        bytes.resize(64 * 1024 * 1024 + 4096, 7);
        let (status, ticket) = declare(&app, &instructor, "Kuliah.mp4", "video/mp4", &bytes, "lesson").await;
        assert_eq!(status, 201, "{backend}: {ticket}");
        match backend {
            "s3" => assert_eq!(ticket["upload"]["parts"].as_array().map(Vec::len), Some(2), "{ticket}"),
            _ => assert!(ticket["upload"]["url"].is_string() && ticket["upload"]["parts"].is_null()),
        }
        let parts = send_bytes(&app, &ticket, &bytes).await;
        let id = ticket["media_id"].as_str().expect("id");
        let (status, media) = complete(&app, &instructor, id, parts).await;
        assert_eq!(
            (status.as_u16(), media["status"].as_str()),
            (202, Some("processing")),
            "{backend}: past 8 MiB a job checks it: {media}"
        );
        app.run_jobs().await;
        let (_, media) = send(app.get(&format!("/api/v1/media/{id}"), &instructor.token)).await;
        assert_eq!(media["status"], "ready", "{backend}: {media}");
    }
}

#[actix_web::test]
async fn declarations_over_the_limit_or_of_a_wrong_type_are_refused_at_once() {
    let app = TestApp::new().await;
    let learner = app.user(None, &[Role::Learner]).await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let big = json!({"filename": "bukti.pdf", "content_type": "application/pdf", "size": 21 * 1024 * 1024, "sha256": "0".repeat(64), "purpose": "evidence"});
    problem(app.post("/api/v1/media/uploads", &learner.token, &big), 413, "payload_too_large").await;
    let huge = json!({"filename": "video.mp4", "content_type": "video/mp4", "size": 5u64 * 1024 * 1024 * 1024, "sha256": "0".repeat(64), "purpose": "lesson"});
    problem(app.post("/api/v1/media/uploads", &instructor.token, &huge), 413, "payload_too_large").await;
    let exe = json!({"filename": "setup.exe", "content_type": "application/x-msdownload", "size": 10, "sha256": "0".repeat(64), "purpose": "lesson"});
    problem(app.post("/api/v1/media/uploads", &instructor.token, &exe), 415, "unsupported_media_type").await;
    let video_evidence = json!({"filename": "v.mp4", "content_type": "video/mp4", "size": 10, "sha256": "0".repeat(64), "purpose": "evidence"});
    problem(app.post("/api/v1/media/uploads", &learner.token, &video_evidence), 415, "unsupported_media_type").await;
    let bad =
        json!({"filename": "", "content_type": "application/pdf", "size": 0, "sha256": "xyz", "purpose": "lesson"});
    let body = problem(app.post("/api/v1/media/uploads", &instructor.token, &bad), 422, "validation_failed").await;
    let fields: Vec<&str> =
        body["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["filename", "size", "sha256"]);
    problem(app.request(reqwest::Method::POST, "/api/v1/media/uploads").json(&big), 401, "unauthorized").await;
}

#[actix_web::test]
async fn complete_refuses_a_wrong_checksum_or_type_and_deletes_the_file() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(1000);
        let mut body = json!({"filename": "a.pdf", "content_type": "application/pdf", "size": bytes.len(), "sha256": sha256(b"other"), "purpose": "lesson"});
        let (_, ticket) = send(app.post("/api/v1/media/uploads", &instructor.token, &body)).await;
        send_bytes(&app, &ticket, &bytes).await;
        let id = ticket["media_id"].as_str().expect("id").to_owned();
        let refused = problem(
            app.post(&format!("/api/v1/media/{id}/complete"), &instructor.token, &json!({})),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(refused["errors"][0]["field"], "sha256", "{backend}");
        let key = super::storage_key(&app, &id).await;
        assert_eq!(app.state.media.storage.size(&key).await.ok().flatten(), None, "{backend}: the object is gone");
        let (_, failed) = send(app.get(&format!("/api/v1/media/{id}"), &instructor.token)).await;
        assert_eq!(failed["status"], "failed");
        let disguised = png();
        body = json!({"filename": "bukan.pdf", "content_type": "application/pdf", "size": disguised.len(), "sha256": sha256(&disguised), "purpose": "lesson"});
        let (_, ticket) = send(app.post("/api/v1/media/uploads", &instructor.token, &body)).await;
        send_bytes(&app, &ticket, &disguised).await;
        let id = ticket["media_id"].as_str().expect("id");
        let refused = problem(
            app.post(&format!("/api/v1/media/{id}/complete"), &instructor.token, &json!({})),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(refused["errors"][0]["field"], "content_type", "{backend}: a PNG is not a PDF");
    }
}

#[actix_web::test]
async fn complete_refuses_a_short_file_on_local_storage() {
    let app = TestApp::new().await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let bytes = pdf(1000);
    let (_, ticket) = declare(&app, &instructor, "a.pdf", "application/pdf", &bytes, "lesson").await;
    send_bytes(&app, &ticket, &bytes[..500]).await;
    let id = ticket["media_id"].as_str().expect("id");
    let refused = problem(
        app.post(&format!("/api/v1/media/{id}/complete"), &instructor.token, &json!({})),
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> =
        refused["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["size", "sha256"]);
}

#[actix_web::test]
async fn the_local_upload_url_refuses_tampering_wrong_types_and_extra_bytes() {
    let app = TestApp::new().await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let bytes = pdf(100);
    let (_, ticket) = declare(&app, &instructor, "a.pdf", "application/pdf", &bytes, "lesson").await;
    let url = ticket["upload"]["url"].as_str().expect("url").to_owned();
    let tampered = format!("{}0", url.trim_end_matches(|c: char| c.is_ascii_hexdigit()));
    let response = app
        .client
        .put(&tampered)
        .header("content-type", "application/pdf")
        .body(bytes.clone())
        .send()
        .await
        .expect("put");
    assert_eq!(response.status(), 403);
    let response =
        app.client.put(&url).header("content-type", "image/png").body(bytes.clone()).send().await.expect("put");
    assert_eq!(response.status(), 415);
    let mut longer = bytes.clone();
    longer.extend([0u8; 10]);
    let response =
        app.client.put(&url).header("content-type", "application/pdf").body(longer).send().await.expect("put");
    assert_eq!(response.status(), 413);
    let response =
        app.client.put(&url).header("content-type", "application/pdf").body(bytes).send().await.expect("put");
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn an_unfinished_upload_expires_and_is_swept() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(100);
        let (_, late) = declare(&app, &instructor, "a.pdf", "application/pdf", &bytes, "lesson").await;
        let (_, abandoned) = declare(&app, &instructor, "b.pdf", "application/pdf", &bytes, "lesson").await;
        send_bytes(&app, &late, &bytes).await;
        send_bytes(&app, &abandoned, &bytes).await;
        app.clock.advance(chrono::Duration::hours(7));
        let token = app
            .state
            .keys
            .issue(&app.clock, instructor.id, Some(org), &latih_kernel::Roles::new([Role::Instructor]))
            .expect("token");
        let late_id = late["media_id"].as_str().expect("id");
        problem(app.post(&format!("/api/v1/media/{late_id}/complete"), &token, &json!({})), 409, "upload_expired")
            .await;
        let tries = app.run_jobs().await;
        assert!(tries >= 1, "{backend}: the scheduled sweep ran");
        let abandoned_id = abandoned["media_id"].as_str().expect("id");
        let (_, row) = send(app.get(&format!("/api/v1/media/{abandoned_id}"), &token)).await;
        assert_eq!(row["status"], "expired", "{backend}");
        let key = super::storage_key(&app, abandoned_id).await;
        assert_eq!(app.state.media.storage.size(&key).await.ok().flatten(), None, "{backend}: its bytes are gone");
        let path = format!("/api/v1/media/{abandoned_id}/complete");
        problem(app.post(&path, &token, &json!({})), 409, "upload_expired").await;
        problem(app.get(&format!("/api/v1/media/{abandoned_id}/download"), &token), 409, "media_not_ready").await;
        app.run_jobs().await;
        let (_, again) = send(app.get(&format!("/api/v1/media/{abandoned_id}"), &token)).await;
        assert_eq!(again["status"], "expired", "{backend}: a second sweep changes nothing");
    }
}

#[actix_web::test]
async fn only_the_uploader_completes_and_deletes_an_unused_file() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let instructor = app.user(Some(org), &[Role::Instructor]).await;
    let colleague = app.user(Some(org), &[Role::Instructor]).await;
    let bytes = pdf(100);
    let (_, ticket) = declare(&app, &instructor, "a.pdf", "application/pdf", &bytes, "lesson").await;
    send_bytes(&app, &ticket, &bytes).await;
    let id = ticket["media_id"].as_str().expect("id");
    problem(app.post(&format!("/api/v1/media/{id}/complete"), &colleague.token, &json!({})), 404, "not_found").await;
    let media = upload(&app, &instructor, "b.pdf", "application/pdf", &bytes, "lesson").await;
    let path = format!("/api/v1/media/{}", media["id"].as_str().expect("id"));
    problem(app.delete(&path, &colleague.token), 404, "not_found").await;
    let (status, _) = send(app.delete(&path, &instructor.token)).await;
    assert_eq!(status, 204);
    problem(app.get(&path, &instructor.token), 404, "not_found").await;
}
