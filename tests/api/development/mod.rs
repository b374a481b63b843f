//! `/competencies`, `/organizations/{id}/positions`, `/courses/{id}/competencies`,
//! `/users/{id}/assessments`, `/users/{id}/competency-gaps`.

mod dictionary;
mod evaluation;
mod follow_ups;
mod gaps;
mod notices;
mod plans;
mod reporting_lines;
mod reports;

use latih_kernel::Role;
use latih_tests::{TestUser, send};
use serde_json::{Value, json};

use crate::courses::World;

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

pub fn levels() -> Value {
    json!([
        {"level": 1, "description": "Memahami"}, {"level": 2, "description": "Menerapkan dengan bimbingan"},
        {"level": 3, "description": "Menerapkan mandiri"}, {"level": 4, "description": "Membimbing orang lain"},
        {"level": 5, "description": "Menjadi rujukan"},
    ])
}

/// A dictionary entry added by `who`; national when `who` is a platform admin.
pub async fn competency(world: &World, who: &TestUser, code: &str, kind: &str) -> Value {
    let body = json!({"code": code, "name": format!("Kompetensi {code}"), "type": kind, "levels": levels()});
    let (status, created) = send(world.app.post("/api/v1/competencies", &who.token, &body)).await;
    assert_eq!(status, 201, "{created}");
    created
}

/// A platform admin of no organization.
pub async fn platform_admin(world: &World) -> TestUser {
    world.app.user(None, &[Role::PlatformAdmin]).await
}
