//! No GET changes a row (issue 12, point 3): every GET operation of the OpenAPI document, with
//! its path parameters filled from real rows of a lived-in organization, called as every kind of
//! caller, with every table of the database compared before and after each call. New GET
//! operations are swept without anyone listing them; one whose parameter has no seeded value
//! fails the test until `world.rs` gets one.

mod tables;
mod world;

use std::collections::{BTreeMap, BTreeSet};

use latih_quizzes::entity::attempt;
use latih_quizzes::model::AttemptStatus;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use tables::{Snapshot, Tables};
use world::{Caller, Seeded};

/// A GET operation of the document.
struct Operation {
    id: String,
    path: String,
    /// Required query parameters.
    query: Vec<String>,
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        let Some(get) = item.get("get") else { continue };
        let query = get["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query" && p["required"] == true)
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        let id = get["operationId"].as_str().map_or_else(|| format!("GET {path}"), str::to_owned);
        found.push(Operation { id, path: path.clone(), query });
    }
    found
}

/// Every URL to call for `path`: one per combination of seeded parameter values, or the name of
/// the parameter nobody seeded.
fn urls(path: &str, params: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let mut urls = vec![String::new()];
    let mut previous = "";
    for segment in path.split('/').skip(1) {
        let values = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                let key = format!("{previous}/{name}");
                params.get(&key).cloned().ok_or(key)?
            }
            None => vec![segment.to_owned()],
        };
        urls = urls.iter().flat_map(|url| values.iter().map(move |v| format!("{url}/{v}"))).collect();
        previous = segment;
    }
    Ok(urls)
}

fn query_value(name: &str) -> Option<&'static str> {
    match name {
        "format" => Some("gift"),
        _ => None,
    }
}

/// Calls GETs and records every table they change.
struct Sweep<'a> {
    seeded: &'a Seeded,
    tables: Tables,
    last: Snapshot,
    writes: Vec<String>,
    calls: usize,
}

impl Sweep<'_> {
    async fn get(&mut self, operation: &str, url: &str, caller: &Caller) -> reqwest::Response {
        let mut request = self.seeded.app.request(Method::GET, url);
        if let Some(token) = &caller.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        // The handler has answered; whatever it wrote is committed by now.
        let after = self.tables.snapshot(&self.seeded.app.db).await;
        for change in self.last.changes(&after) {
            let rows = |rows: &[String]| rows.iter().take(2).cloned().collect::<Vec<_>>().join(" | ");
            self.writes.push(format!(
                "{operation} (GET {url} as {}, {}) changed table `{}`: {} rows added [{}], {} removed [{}]",
                caller.name,
                response.status(),
                change.table,
                change.added.len(),
                rows(&change.added),
                change.removed.len(),
                rows(&change.removed),
            ));
        }
        self.last = after;
        self.calls += 1;
        response
    }

    /// The signed content URL of a file, from the first caller its download redirects.
    async fn signed_content_url(&mut self, url: &str) -> Option<String> {
        let download = url.strip_suffix("/content").map(|m| format!("{m}/download"))?;
        let seeded = self.seeded;
        for caller in &seeded.callers {
            let response = self.get("download_media (to sign a content URL)", &download, caller).await;
            let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
            if let Some(location) = location {
                let local = location.strip_prefix(&seeded.app.base_url).unwrap_or(&location).to_owned();
                if local.starts_with('/') {
                    return Some(local);
                }
            }
        }
        None
    }
}

#[actix_web::test]
async fn no_get_operation_changes_a_row() {
    let seeded = world::seed().await;
    let document: Value =
        serde_json::from_str(&latih_server::openapi::document_json().expect("document")).expect("JSON");
    let operations = operations(&document);
    let tables = Tables::of(&seeded.app.db).await;
    assert!(tables.names().len() > 20 && tables.names().iter().any(|t| t == "jobs"), "{:?}", tables.names());
    let last = tables.snapshot(&seeded.app.db).await;
    let mut sweep = Sweep { seeded: &seeded, tables, last, writes: Vec::new(), calls: 0 };
    let mut unfilled = Vec::new();
    let mut covered = BTreeSet::new();
    let mut answered = BTreeSet::new();
    for operation in &operations {
        let urls = match urls(&operation.path, &seeded.params) {
            Ok(urls) => urls,
            Err(key) => {
                unfilled.push(format!("{} ({}): no seeded value for `{key}`", operation.id, operation.path));
                continue;
            }
        };
        for url in urls {
            let url = if operation.query.iter().any(|q| q == "signature") {
                sweep.signed_content_url(&url).await.unwrap_or_else(|| format!("{url}?expires=0&signature=00"))
            } else {
                let mut query = Vec::new();
                for name in &operation.query {
                    match query_value(name) {
                        Some(value) => query.push(format!("{name}={value}")),
                        None => unfilled.push(format!("{}: no value for the query parameter `{name}`", operation.id)),
                    }
                }
                if query.is_empty() { url } else { format!("{url}?{}", query.join("&")) }
            };
            for caller in &seeded.callers {
                let status = sweep.get(&operation.id, &url, caller).await.status();
                if status.is_success() || status.is_redirection() {
                    answered.insert(operation.id.clone());
                }
            }
        }
        covered.insert(operation.id.clone());
    }

    let mut failures = Vec::new();
    failures.extend(unfilled);
    failures.extend(sweep.writes.iter().cloned());
    let never: Vec<&str> = operations
        .iter()
        .filter(|o| covered.contains(&o.id) && !answered.contains(&o.id))
        .map(|o| o.id.as_str())
        .collect();
    if !never.is_empty() {
        failures.push(format!("no caller got a success from {never:?}: seed what they read"));
    }
    assert!(failures.is_empty(), "{} failures in {} GETs:\n{}", failures.len(), sweep.calls, failures.join("\n"));
    let overdue = attempt::Entity::find()
        .filter(attempt::Column::Status.eq(AttemptStatus::InProgress))
        .filter(attempt::Column::DeadlineAt.lt(seeded.app.clock.now()))
        .count(&seeded.app.db)
        .await
        .expect("count attempts");
    assert_eq!(overdue, 3, "the attempts past their deadline are still open: only the scheduled job settles them");
    assert_eq!(covered.len(), operations.len(), "every GET operation of the document was called");
    assert!(operations.len() >= 55, "the document has its GETs: {}", operations.len());
}
