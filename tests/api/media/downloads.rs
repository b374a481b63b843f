//! Download URLs: Range and conditional requests, expiry and tampering, `nosniff`.

use chrono::Duration;
use latih_kernel::{Role, Roles};
use latih_tests::TestApp;

use super::{download_location, pdf, upload};

#[actix_web::test]
async fn download_urls_honour_range_and_if_none_match() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let bytes = pdf(20_000);
        let media = upload(&app, &instructor, "video-kelas.pdf", "application/pdf", &bytes, "lesson").await;
        let location = download_location(&app, &instructor, media["id"].as_str().expect("id")).await;
        for (start, end) in [(0usize, 9usize), (10_000, 10_999), (20_000, bytes.len() - 1)] {
            let response =
                app.client.get(&location).header("range", format!("bytes={start}-{end}")).send().await.expect("range");
            assert_eq!(response.status(), 206, "{backend}");
            let range = response.headers().get("content-range").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            assert_eq!(range, format!("bytes {start}-{end}/{}", bytes.len()), "{backend}");
            assert_eq!(response.bytes().await.expect("bytes").as_ref(), &bytes[start..=end], "{backend}");
        }
        let full = app.client.get(&location).send().await.expect("get");
        let etag = full.headers().get("etag").and_then(|v| v.to_str().ok()).expect("etag").to_owned();
        if backend == "local" {
            let sniff = full.headers().get("x-content-type-options").and_then(|v| v.to_str().ok());
            assert_eq!(sniff, Some("nosniff"));
        }
        let again = app.client.get(&location).header("if-none-match", &etag).send().await.expect("conditional");
        assert_eq!(again.status(), 304, "{backend}");
    }
}

#[actix_web::test]
async fn a_tampered_download_url_is_refused() {
    for (backend, app) in TestApp::on_each_storage(&[]).await {
        let org = app.organization("KUPANG", "Asia/Makassar").await;
        let instructor = app.user(Some(org), &[Role::Instructor]).await;
        let media = upload(&app, &instructor, "a.pdf", "application/pdf", &pdf(100), "lesson").await;
        let location = download_location(&app, &instructor, media["id"].as_str().expect("id")).await;
        let tampered = location.replacen("ignature=", "ignature=00", 1);
        assert_ne!(tampered, location);
        let response = app.client.get(&tampered).send().await.expect("get");
        assert_eq!(response.status(), 403, "{backend}");
    }
}

#[actix_web::test]
async fn an_expired_local_download_url_is_refused() {
    let app = TestApp::new().await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let media = upload(&app, &instructor, "a.pdf", "application/pdf", &pdf(100), "lesson").await;
    let location = download_location(&app, &instructor, media["id"].as_str().expect("id")).await;
    assert_eq!(app.client.get(&location).send().await.expect("get").status(), 200);
    app.clock.advance(Duration::minutes(6));
    assert_eq!(app.client.get(&location).send().await.expect("get").status(), 403);
    let token = app.state.keys.issue(&app.clock, instructor.id, None, &Roles::new([Role::Instructor])).expect("token");
    let fresh = app.get(&format!("/api/v1/media/{}/download?inline=true", media["id"].as_str().expect("id")), &token);
    let response = fresh.send().await.expect("download");
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_owned();
    let inline = app.client.get(&location).send().await.expect("get");
    assert_eq!(inline.status(), 200);
    let disposition =
        inline.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    assert!(disposition.starts_with("inline;"), "{disposition}");
}
