//! A checked file cannot be replaced: once `complete` ran, the upload URL (which works until
//! it expires) changes nothing readers get.

use std::time::Duration;

use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, send};
use serde_json::Value;

use super::{complete, declare, download_location, pdf, send_bytes, sha256};

/// The bytes a reader of `media_id` gets.
async fn downloaded(app: &TestApp, who: &TestUser, media_id: &str) -> Vec<u8> {
    let location = download_location(app, who, media_id).await;
    app.client.get(&location).send().await.expect("fetch").bytes().await.expect("bytes").to_vec()
}

fn put(app: &TestApp, ticket: &Value, body: reqwest::Body) -> reqwest::RequestBuilder {
    let upload = &ticket["upload"];
    let mut request = app.client.put(upload["url"].as_str().expect("url"));
    for (name, value) in upload["headers"].as_object().into_iter().flatten() {
        if !name.eq_ignore_ascii_case("content-length") && !name.eq_ignore_ascii_case("host") {
            request = request.header(name.as_str(), value.as_str().unwrap_or_default());
        }
    }
    request.body(body)
}

#[actix_web::test]
async fn the_upload_url_cannot_replace_a_checked_file() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let instructor = app.user(None, &[Role::Instructor]).await;
        let original = pdf(5_000);
        let mut forged = original.clone();
        forged[100] ^= 0xFF;
        let (_, ticket) = declare(&app, &instructor, "Modul.pdf", "application/pdf", &original, "lesson").await;
        let media_id = ticket["media_id"].as_str().expect("id").to_owned();
        send_bytes(&app, &ticket, &original).await;
        let (status, media) = complete(&app, &instructor, &media_id, Vec::new()).await;
        assert_eq!(status, 200, "{backend}: {media}");
        let late = put(&app, &ticket, forged.clone().into()).send().await.expect("put");
        if backend == "local" {
            assert_eq!(late.status(), 409, "{backend}: the local upload URL closes on complete");
        }
        assert_eq!(
            downloaded(&app, &instructor, &media_id).await,
            original,
            "{backend}: readers get the checked bytes"
        );
        let (_, again) = complete(&app, &instructor, &media_id, Vec::new()).await;
        assert_eq!(
            (again["status"].as_str(), again["sha256"].as_str()),
            (Some("ready"), Some(sha256(&original).as_str()))
        );
        assert_eq!(downloaded(&app, &instructor, &media_id).await, original, "{backend}: still the checked bytes");
    }
}

#[actix_web::test]
async fn a_local_upload_still_streaming_when_complete_ran_is_refused_and_changes_nothing() {
    let app = TestApp::new().await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let original = pdf(5_000);
    let mut forged = original.clone();
    forged[100] ^= 0xFF;
    let (_, ticket) = declare(&app, &instructor, "Modul.pdf", "application/pdf", &original, "lesson").await;
    let media_id = ticket["media_id"].as_str().expect("id").to_owned();
    send_bytes(&app, &ticket, &original).await;
    let key = super::storage_key(&app, &media_id).await;
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(1);
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    });
    let late = actix_web::rt::spawn(put(&app, &ticket, reqwest::Body::wrap_stream(stream)).send());
    sender.send(Ok(forged[..1000].to_vec())).await.expect("first chunk");
    // The late upload is past its checks once its partial file exists.
    let path = app.state.settings.data_dir.join("media").join(&key);
    let (folder, name) = (path.parent().expect("folder").to_owned(), format!("{media_id}."));
    let mut started = false;
    for _ in 0..500 {
        let mut entries = tokio::fs::read_dir(&folder).await.expect("folder");
        while let Some(entry) = entries.next_entry().await.expect("entry") {
            let file = entry.file_name().to_string_lossy().into_owned();
            started |= file.starts_with(&name) && file.ends_with(".part");
        }
        if started {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(started, "the late upload never started writing");
    let (status, media) = complete(&app, &instructor, &media_id, Vec::new()).await;
    assert_eq!((status.as_u16(), media["status"].as_str()), (200, Some("ready")), "{media}");
    sender.send(Ok(forged[1000..].to_vec())).await.expect("rest");
    drop(sender);
    let late = late.await.expect("task").expect("answer");
    assert_eq!(late.status(), 409, "the late upload is refused");
    assert_eq!(downloaded(&app, &instructor, &media_id).await, original);
    let (_, row) = send(app.get(&format!("/api/v1/media/{media_id}"), &instructor.token)).await;
    assert_eq!(row["sha256"], sha256(&original));
}

/// Runs the jobs once every upload URL of the test has expired, as a worker node would (the
/// sweeps are scheduled every 5 minutes); answers how many upload keys are still to be dropped.
async fn sweep_after_expiry(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    app.clock.advance(chrono::Duration::hours(7));
    app.run_jobs().await;
    latih_media::entity::upload_leftover::Entity::find().count(&app.db).await.expect("count")
}

#[actix_web::test]
async fn what_a_late_upload_left_behind_is_dropped_once_its_url_expired() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let instructor = app.user(None, &[Role::Instructor]).await;
        let original = pdf(2_000);
        let (_, ticket) = declare(&app, &instructor, "Modul.pdf", "application/pdf", &original, "lesson").await;
        let media_id = ticket["media_id"].as_str().expect("id").to_owned();
        let upload_key = super::storage_key(&app, &media_id).await;
        send_bytes(&app, &ticket, &original).await;
        complete(&app, &instructor, &media_id, Vec::new()).await;
        put(&app, &ticket, original.clone().into()).send().await.expect("late put");
        let (_, deleted) = declare(&app, &instructor, "b.pdf", "application/pdf", &original, "lesson").await;
        let deleted_id = deleted["media_id"].as_str().expect("id").to_owned();
        let deleted_key = super::storage_key(&app, &deleted_id).await;
        let (status, _) = send(app.delete(&format!("/api/v1/media/{deleted_id}"), &instructor.token)).await;
        assert_eq!(status, 204, "{backend}");
        put(&app, &deleted, original.clone().into()).send().await.expect("put after delete");
        assert_eq!(sweep_after_expiry(&app).await, 0, "{backend}: every leftover key was dropped");
        let storage = app.state.media.storage.as_ref();
        for key in [&upload_key, &deleted_key] {
            assert_eq!(storage.size(key).await.expect("size"), None, "{backend}: {key} is gone");
        }
        let final_key = super::storage_key(&app, &media_id).await;
        assert_eq!(storage.size(&final_key).await.expect("size"), Some(original.len() as u64), "{backend}");
    }
}
