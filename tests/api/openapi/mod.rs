//! The committed OpenAPI document matches the code, and the server serves it; `names` and
//! `conventions` check that it tells the truth about bodies and statuses.

mod conventions;
mod names;

use latih_tests::TestApp;
use reqwest::Method;

const REGENERATE: &str = "cargo run -p latih-server -- openapi > openapi/openapi.json";

#[test]
fn the_committed_document_matches_the_code() {
    let generated = latih_server::openapi::document_json().expect("document");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code. Regenerate it with:\n\n    {REGENERATE}\n"
    );
}

#[actix_web::test]
async fn the_server_serves_the_same_document() {
    let app = TestApp::new().await;
    let served = app.request(Method::GET, "/openapi.json").send().await.expect("get").text().await.expect("text");
    assert_eq!(served, latih_server::openapi::document_json().expect("document"));
    let doc: serde_json::Value = serde_json::from_str(&served).expect("json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
}

#[test]
fn every_error_response_is_a_problem_and_secured_operations_declare_401() {
    let doc = serde_json::to_value(latih_server::openapi::document()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 10);
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("item") {
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/Problem", "{method} {path} {status}");
                }
            }
            if operation["security"].as_array().is_some_and(|s| !s.is_empty()) {
                assert!(responses.contains_key("401"), "{method} {path}");
            }
            assert!(operation["operationId"].is_string(), "{method} {path}");
        }
    }
}
