//! `/media/...`: uploads, checks, downloads, who may read, on every storage backend of the run.

mod checks;
mod downloads;
mod lessons;
mod purposes;
mod quotas;
mod replace;
mod storage_errors;
mod uploads;

use latih_tests::{TestApp, TestUser, send};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A small but real PDF header followed by `len` filler bytes.
pub fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    bytes.extend((0..len).map(|i| b'a' + (i % 26) as u8));
    bytes
}

/// The first bytes of a PNG.
pub fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R'];
    bytes.extend([0u8; 64]);
    bytes
}

pub async fn declare(
    app: &TestApp,
    who: &TestUser,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    purpose: &str,
) -> (StatusCode, Value) {
    let body = json!({"filename": name, "content_type": content_type, "size": bytes.len(), "sha256": sha256(bytes), "purpose": purpose});
    send(app.post("/api/v1/media/uploads", &who.token, &body)).await
}

/// Sends `bytes` as the ticket says: one PUT, or one per part; answers the parts' ETags.
pub async fn send_bytes(app: &TestApp, ticket: &Value, bytes: &[u8]) -> Vec<Value> {
    let request = |target: &Value, body: Vec<u8>| {
        let mut request = app.client.request(Method::PUT, target["url"].as_str().expect("url"));
        for (name, value) in target["headers"].as_object().into_iter().flatten() {
            if !name.eq_ignore_ascii_case("content-length") && !name.eq_ignore_ascii_case("host") {
                request = request.header(name.as_str(), value.as_str().unwrap_or_default());
            }
        }
        request.body(body)
    };
    let upload = &ticket["upload"];
    let Some(parts) = upload["parts"].as_array() else {
        let response = request(upload, bytes.to_vec()).send().await.expect("upload");
        let status = response.status();
        assert!(status.is_success(), "upload answered {status}: {}", response.text().await.unwrap_or_default());
        return Vec::new();
    };
    let mut done = Vec::new();
    for part in parts {
        let offset = part["offset"].as_u64().expect("offset") as usize;
        let size = part["size"].as_u64().expect("size") as usize;
        let response = request(part, bytes[offset..offset + size].to_vec()).send().await.expect("part");
        assert!(response.status().is_success(), "part answered {}", response.status());
        let etag = response.headers().get("etag").and_then(|v| v.to_str().ok()).expect("etag").to_owned();
        done.push(json!({"part_number": part["part_number"], "etag": etag}));
    }
    done
}

pub async fn complete(app: &TestApp, who: &TestUser, media_id: &str, parts: Vec<Value>) -> (StatusCode, Value) {
    let path = format!("/api/v1/media/{media_id}/complete");
    let body = if parts.is_empty() { json!({}) } else { json!({"parts": parts}) };
    send(app.post(&path, &who.token, &body)).await
}

/// Declares, sends and completes a file; answers the ready media.
pub async fn upload(
    app: &TestApp,
    who: &TestUser,
    name: &str,
    content_type: &str,
    bytes: &[u8],
    purpose: &str,
) -> Value {
    let (status, ticket) = declare(app, who, name, content_type, bytes, purpose).await;
    assert_eq!(status, 201, "{ticket}");
    let parts = send_bytes(app, &ticket, bytes).await;
    let (status, media) = complete(app, who, ticket["media_id"].as_str().expect("media id"), parts).await;
    assert_eq!(status, 200, "{media}");
    media
}

/// Follows `/media/{id}/download` to the short-lived URL.
pub async fn download_location(app: &TestApp, who: &TestUser, media_id: &str) -> String {
    let response = app.get(&format!("/api/v1/media/{media_id}/download"), &who.token).send().await.expect("download");
    assert_eq!(response.status(), 302);
    response.headers().get("location").and_then(|v| v.to_str().ok()).expect("location").to_owned()
}

/// Where the server keeps a file's bytes.
pub async fn storage_key(app: &TestApp, media_id: &str) -> String {
    use sea_orm::EntityTrait;
    let id: uuid::Uuid = media_id.parse().expect("uuid");
    let row = latih_media::entity::media::Entity::find_by_id(id).one(&app.db).await.expect("query").expect("media");
    row.storage_key
}
