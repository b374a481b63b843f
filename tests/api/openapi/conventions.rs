//! Every operation documents the statuses it can answer, public operations say so, and `limit`
//! says its bounds. Checked on the document, and against the running server: what the
//! extractors answer to a malformed body or query is in the document of that operation.

use latih_kernel::Role;
use latih_tests::{TestApp, send};
use reqwest::Method;
use serde_json::{Value, json};

fn document() -> Value {
    serde_json::to_value(latih_server::openapi::document()).expect("json")
}

/// Every operation as (method, path, operation object).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut found = Vec::new();
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("item") {
            found.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    assert!(found.len() > 100, "only {} operations", found.len());
    found
}

fn documents(operation: &Value, status: &str) -> bool {
    operation["responses"].get(status).is_some()
}

fn parameters<'a>(operation: &'a Value, place: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    operation["parameters"].as_array().into_iter().flatten().filter(move |p| p["in"] == place)
}

fn json_body(operation: &Value) -> bool {
    operation["requestBody"]["content"].get("application/json").is_some()
}

fn missing(doc: &Value, applies: impl Fn(&Value) -> bool, statuses: &[&str]) -> Vec<String> {
    let mut missing = Vec::new();
    for (method, path, operation) in operations(doc) {
        for status in statuses.iter().filter(|status| applies(&operation) && !documents(&operation, status)) {
            missing.push(format!("{method} {path} {status}"));
        }
    }
    missing
}

#[test]
fn operations_with_a_json_body_document_400_413_415_and_422() {
    let doc = document();
    let missing = missing(&doc, json_body, &["400", "413", "415", "422"]);
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn operations_with_a_query_document_400_and_lists_document_422() {
    let doc = document();
    let missing_400 = missing(&doc, |op| parameters(op, "query").next().is_some(), &["400"]);
    assert!(missing_400.is_empty(), "{missing_400:#?}");
    let missing_422 = missing(&doc, |op| parameters(op, "query").any(|p| p["name"] == "limit"), &["422"]);
    assert!(missing_422.is_empty(), "{missing_422:#?}");
}

#[test]
fn every_limit_parameter_says_1_to_100() {
    let doc = document();
    let mut lists = 0;
    for (method, path, operation) in operations(&doc) {
        for limit in parameters(&operation, "query").filter(|p| p["name"] == "limit") {
            lists += 1;
            let schema = &limit["schema"];
            assert_eq!((&schema["minimum"], &schema["maximum"]), (&json!(1), &json!(100)), "{method} {path}");
            assert_eq!(schema["default"], 20, "{method} {path}");
        }
    }
    assert!(lists > 20, "only {lists} lists");
}

#[test]
fn operations_taking_if_match_document_412() {
    let doc = document();
    let takes_if_match = |op: &Value| parameters(op, "header").any(|p| p["name"].as_str() == Some("If-Match"));
    let missing = missing(&doc, takes_if_match, &["412"]);
    assert!(missing.is_empty(), "{missing:#?}");
    for path in ["/api/v1/courses/{id}", "/api/v1/lessons/{id}", "/api/v1/quizzes/{id}"] {
        assert!(documents(&doc["paths"][path]["patch"], "412"), "PATCH {path}");
    }
}

#[test]
fn throttled_operations_document_429_with_retry_after() {
    let doc = document();
    let throttled: Vec<_> = operations(&doc)
        .into_iter()
        .filter(|(.., op)| {
            ["login", "refresh", "change_my_password"].contains(&op["operationId"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(throttled.len(), 3);
    for (method, path, operation) in operations(&doc) {
        let Some(response) = operation["responses"].get("429") else { continue };
        assert_eq!(response["headers"]["Retry-After"]["schema"]["type"], "integer", "{method} {path}");
    }
    for (method, path, operation) in throttled {
        assert!(documents(&operation, "429"), "{method} {path}");
    }
}

#[test]
fn public_operations_say_security_is_empty_and_the_rest_require_a_bearer_token() {
    let doc = document();
    let public = [
        "login",
        "refresh",
        "logout",
        "verify_certificate",
        "upload_media_content",
        "get_media_content",
        "get_health",
        "get_readiness",
        "get_openapi",
        "unsubscribe_notifications",
        "get_unsubscribe_page",
    ];
    for (method, path, operation) in operations(&doc) {
        let id = operation["operationId"].as_str().unwrap_or_default();
        let security = operation["security"].as_array().unwrap_or_else(|| panic!("{method} {path} lacks security"));
        if public.contains(&id) {
            assert!(security.is_empty(), "{method} {path} is public");
        } else if id != "get_metrics" {
            assert_eq!(security, &[json!({"bearer": []})], "{method} {path}");
            assert!(documents(&operation, "401"), "{method} {path}");
        }
    }
}

/// `path` with every `{param}` filled: a fresh UUID where one is expected.
fn concrete(path: &str, operation: &Value) -> String {
    let mut concrete = path.to_owned();
    for parameter in parameters(operation, "path") {
        let name = parameter["name"].as_str().unwrap_or_default();
        let value = if parameter["schema"]["format"] == "uuid" { uuid::Uuid::new_v4().to_string() } else { "x".into() };
        concrete = concrete.replace(&format!("{{{name}}}"), &value);
    }
    concrete
}

/// Requests no operation should take, each with what it is and whether a 2xx is fine (a
/// garbage string may be a valid search).
fn bad_requests(
    app: &TestApp,
    token: &str,
    method: &str,
    url: &str,
    operation: &Value,
) -> Vec<(&'static str, reqwest::RequestBuilder, bool)> {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
    let at = |query: &str| app.request(method.clone(), &format!("{url}{query}")).bearer_auth(token);
    let mut requests = Vec::new();
    if json_body(operation) {
        let json = || at("").header("content-type", "application/json");
        requests.push(("malformed JSON", json().body("{\"name\": "), false));
        requests.push(("JSON sent as text/plain", at("").header("content-type", "text/plain").body("{}"), false));
        requests.push(("a 300 KiB body", json().body(" ".repeat(300 * 1024) + "{}"), false));
    } else if operation.get("requestBody").is_some() {
        requests.push((
            "an unknown media type",
            at("").header("content-type", "application/x-unknown").body("?"),
            false,
        ));
    }
    let query: Vec<String> = parameters(operation, "query")
        .map(|p| format!("{}=%FF%00n0t-a-value", p["name"].as_str().unwrap_or("")))
        .collect();
    if !query.is_empty() {
        requests.push(("garbage in every query parameter", at(&format!("?{}", query.join("&"))), true));
    }
    if parameters(operation, "query").any(|p| p["name"] == "limit") {
        requests.push(("limit=0", at("?limit=0"), false));
        requests.push(("limit=101", at("?limit=101"), false));
        requests.push(("limit=many", at("?limit=many"), false));
    }
    requests
}

#[actix_web::test]
async fn malformed_bodies_and_queries_answer_a_status_their_operation_documents() {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin, Role::Instructor, Role::Learner]).await;
    let doc = document();
    let (mut undocumented, mut tried) = (Vec::new(), 0);
    for (method, path, operation) in operations(&doc) {
        let url = concrete(&path, &operation);
        for (what, request, may_succeed) in bad_requests(&app, &admin.token, &method, &url, &operation) {
            tried += 1;
            let (status, body) = send(request).await;
            let fine = documents(&operation, status.as_str()) && !status.is_server_error();
            if !fine || (status.is_success() && !may_succeed) {
                let code = body["code"].as_str().unwrap_or_default().to_owned();
                undocumented.push(format!("{} {path} with {what}: {status} {code}", method.to_uppercase()));
            }
        }
    }
    assert!(tried > 150, "only {tried} requests");
    assert!(
        undocumented.is_empty(),
        "{} of {tried} answers are not documented:\n{undocumented:#?}",
        undocumented.len()
    );
}
