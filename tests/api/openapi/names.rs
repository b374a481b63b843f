//! One schema name, one type. utoipa keeps schemas in a map by name, so two types of the same
//! name silently become one schema and some operation then documents a body it never sends.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("read crates folder");
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The schema name of every type in `source` that derives `ToSchema`, directly or through
/// the kernel's `text_enum!`, honouring `#[schema(as = ...)]`; with its line. Test modules,
/// whose types never reach the document, end the scan.
fn schema_names(source: &str) -> Vec<(String, usize)> {
    let mut names = Vec::new();
    let (mut derives, mut in_derive, mut alias, mut in_text_enum) = (false, false, None, false);
    for (index, line) in source.lines().enumerate() {
        let line = line.trim();
        if line == "#[cfg(test)]" {
            break;
        }
        if in_derive || line.starts_with("#[derive(") {
            derives |= line.contains("ToSchema");
            in_derive = !line.ends_with(")]");
            continue;
        }
        if let Some(rest) = line.strip_prefix("#[schema(").and_then(|rest| rest.split("as = ").nth(1)) {
            let path = rest.split([',', ')']).next().unwrap_or_default();
            alias = path.rsplit("::").next().map(|name| name.trim().to_owned());
        }
        if line.starts_with("text_enum!(") || line.starts_with("latih_kernel::text_enum!(") {
            in_text_enum = true;
            continue;
        }
        let item = line.trim_start_matches("pub(crate) ").trim_start_matches("pub ");
        let declared = item.strip_prefix("struct ").or_else(|| item.strip_prefix("enum "));
        if let Some(rest) = declared.filter(|_| derives) {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            names.push((alias.take().unwrap_or(name), index + 1));
            derives = false;
        } else if in_text_enum && !line.is_empty() && !line.starts_with('#') && !line.starts_with("//") {
            let name: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            names.push((name, index + 1));
            in_text_enum = false;
        }
    }
    names
}

#[test]
fn no_two_rust_types_share_a_schema_name() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates"), &mut files);
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let source = std::fs::read_to_string(file).expect("read source");
        for (name, line) in schema_names(&source) {
            owners.entry(name).or_default().push(format!("{}:{line}", file.display()));
        }
    }
    assert!(owners.len() > 100, "the scan found only {} schemas; is it still reading the derives?", owners.len());
    assert!(owners.contains_key("CompetencyType"), "the scan misses `text_enum!` types");
    let shared: Vec<String> = owners
        .iter()
        .filter(|(_, places)| places.len() > 1)
        .map(|(name, places)| format!("{name}: {}", places.join(", ")))
        .collect();
    assert!(
        shared.is_empty(),
        "types sharing a schema name (rename one, or give it #[schema(as = ...)]):\n{shared:#?}"
    );
}

#[test]
fn no_schema_name_stands_for_two_different_schemas_in_the_composition() {
    let clashes = latih_server::openapi::schema_name_clashes();
    assert!(clashes.is_empty(), "{clashes:#?}");
    let parts = latih_server::openapi::parts();
    let doc = serde_json::to_value(latih_server::openapi::document()).expect("json");
    for name in parts.iter().flat_map(|part| part.schemas.keys()) {
        assert!(doc["components"]["schemas"].get(name).is_some(), "{name} is missing from the document");
    }
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    &doc["components"]["schemas"][name]
}

fn response_schema_name(doc: &Value, path: &str, method: &str) -> String {
    let reference = doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_default();
    reference.trim_start_matches("#/components/schemas/").to_owned()
}

#[test]
fn the_roster_import_is_documented_with_created_updated_unchanged_and_errors() {
    let doc = serde_json::to_value(latih_server::openapi::document()).expect("json");
    let name = response_schema_name(&doc, "/api/v1/users/import", "post");
    let mut fields: Vec<&str> =
        schema(&doc, &name)["properties"].as_object().expect("properties").keys().map(String::as_str).collect();
    fields.sort_unstable();
    assert_eq!(fields, ["created", "errors", "unchanged", "updated"], "{name}");
    let name = response_schema_name(&doc, "/api/v1/quizzes/{id}/questions/import", "post");
    assert!(schema(&doc, &name)["properties"]["imported"].is_object(), "{name}");
}

#[test]
fn course_instructors_are_documented_with_external() {
    let doc = serde_json::to_value(latih_server::openapi::document()).expect("json");
    let instructors = &schema(&doc, "CourseDto")["properties"]["instructors"]["items"]["$ref"];
    let name = instructors.as_str().expect("a reference").trim_start_matches("#/components/schemas/");
    assert!(schema(&doc, name)["properties"]["external"].is_object(), "{name}: {}", schema(&doc, name));
    let learner = &schema(&doc, "FollowUpDto")["properties"]["learner"]["$ref"];
    assert_ne!(learner.as_str(), instructors.as_str(), "a follow-up's learner is not an instructor");
}
