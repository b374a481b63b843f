//! What a failing store says is logged, never sent: clients get a generic problem.

use latih_kernel::Role;
use latih_tests::{TestApp, send};
use reqwest::Method;

use super::{complete, declare, pdf};

/// Words of SDK, network and store errors that must never reach a client.
const LEAKS: [&str; 9] = ["dispatch", "onnect", "127.0.0.1", "refused", "s3", "aws", "bucket", "io error", "timeout"];

fn assert_generic(body: &serde_json::Value, what: &str) {
    let text = body.to_string().to_ascii_lowercase();
    for leak in LEAKS {
        assert!(!text.contains(leak), "{what} leaks '{leak}': {text}");
    }
}

#[actix_web::test]
async fn a_store_that_does_not_answer_gives_clients_a_generic_problem() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let endpoint = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let app = TestApp::with_env(&[
        ("LATIH_STORAGE", "s3"),
        ("LATIH_S3_ENDPOINT", endpoint.as_str()),
        ("LATIH_S3_BUCKET", "latih-missing"),
        ("LATIH_S3_REGION", "garage"),
        ("LATIH_S3_ACCESS_KEY_ID", "GKtest"),
        ("LATIH_S3_SECRET_ACCESS_KEY", "not-a-real-secret"),
    ])
    .await;
    let instructor = app.user(None, &[Role::Instructor]).await;
    let bytes = pdf(100);
    let (status, ticket) = declare(&app, &instructor, "a.pdf", "application/pdf", &bytes, "lesson").await;
    assert_eq!(status, 201, "presigning needs no store: {ticket}");
    let (status, body) = complete(&app, &instructor, ticket["media_id"].as_str().expect("id"), Vec::new()).await;
    assert_eq!((status.as_u16(), body["code"].as_str()), (500, Some("internal_error")), "{body}");
    assert_generic(&body, "complete");
    let large = serde_json::json!({"filename": "v.mp4", "content_type": "video/mp4", "size": 100 * 1024 * 1024,
        "sha256": "0".repeat(64), "purpose": "lesson"});
    let (status, body) = send(app.post("/api/v1/media/uploads", &instructor.token, &large)).await;
    assert_eq!(status, 500, "a multipart upload needs the store: {body}");
    assert_generic(&body, "a multipart declaration");
    let (status, body) = send(app.request(Method::GET, "/readyz").header("accept-language", "en")).await;
    assert_eq!(status, 503);
    assert_generic(&body, "readiness");
}
