//! Assessments and competency gaps: the trust order of methods, recommended courses, and who
//! may see and record what.

use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::{Value, json};

use super::{competency, id, platform_admin};
use crate::courses::World;

/// Kupang's learner holds a position needing MNJ-01 at 3, MNJ-02 at 2 and Kupang's TEK-01 at 4,
/// and reports to `supervisor`.
struct Setup {
    w: World,
    supervisor: TestUser,
    mnj1: Value,
    mnj2: Value,
    tek1: Value,
}

async fn setup() -> Setup {
    let w = World::new().await;
    let platform = platform_admin(&w).await;
    let mnj1 = competency(&w, &platform, "MNJ-01", "managerial").await;
    let mnj2 = competency(&w, &platform, "MNJ-02", "managerial").await;
    let tek1 = competency(&w, &w.admin, "TEK-01", "technical").await;
    let body = json!({"name": "Analis Pelayanan", "tier": "pelaksana", "requirements": [
        {"competency_id": id(&mnj1), "level": 3}, {"competency_id": id(&mnj2), "level": 2},
        {"competency_id": id(&tek1), "level": 4}]});
    let (_, position) =
        send(w.app.post(&format!("/api/v1/organizations/{}/positions", w.kupang), &w.admin.token, &body)).await;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let link = json!({"position_id": id(&position), "supervisor_id": supervisor.id});
    let (status, _) = send(w.app.patch(&format!("/api/v1/users/{}", w.learner.id), &w.admin.token, &link)).await;
    assert_eq!(status, 200);
    Setup { w, supervisor, mnj1, mnj2, tek1 }
}

async fn assess(s: &Setup, who: &TestUser, competency: &Value, level: i32, method: &str, on: &str) {
    let path = format!("/api/v1/users/{}/assessments", s.w.learner.id);
    let body = json!({"competency_id": id(competency), "level": level, "method": method, "assessed_on": on});
    let (status, saved) = send(s.w.app.post(&path, &who.token, &body)).await;
    assert_eq!(status, 201, "{saved}");
}

/// A course by `instructor` that develops `competency` to `level`; published unless `draft`.
async fn course_developing(
    w: &World,
    instructor: &TestUser,
    fields: Value,
    (competency, level): (&Value, i32),
    draft: bool,
) -> Value {
    let mut body = json!({"title": "Kursus", "summary": "s", "description": "d", "jp": 10,
        "competency_type": "technical", "delivery": "self_paced", "visibility": "public"});
    if let (Some(body), Some(fields)) = (body.as_object_mut(), fields.as_object()) {
        body.extend(fields.clone());
    }
    let (status, course) = send(w.app.post("/api/v1/courses", &instructor.token, &body)).await;
    assert_eq!(status, 201, "{course}");
    let path = format!("/api/v1/courses/{}/competencies", id(&course));
    let items = json!({"items": [{"competency_id": id(competency), "level": level}]});
    let (status, _) = send(w.app.put(&path, &instructor.token, &items)).await;
    assert_eq!(status, 200);
    if draft {
        return course;
    }
    let (_, section) = send(w.app.post(
        &format!("/api/v1/courses/{}/sections", id(&course)),
        &instructor.token,
        &json!({"title": "Bagian 1"}),
    ))
    .await;
    let lesson = json!({"title": "Pengantar", "kind": "text", "body": "Isi.", "duration_minutes": 600});
    send(w.app.post(&format!("/api/v1/sections/{}/lessons", id(&section)), &instructor.token, &lesson)).await;
    let (status, published) =
        send(w.app.post(&format!("/api/v1/courses/{}/publish", id(&course)), &instructor.token, &json!({}))).await;
    assert_eq!(status, 200, "{published}");
    published
}

fn item<'a>(gaps: &'a Value, competency: &Value) -> &'a Value {
    gaps["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["competency_id"] == competency["id"]))
        .unwrap_or(&Value::Null)
}

fn titles(item: &Value) -> Vec<String> {
    item["recommended_courses"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["title"].as_str().map(str::to_owned))
        .collect()
}

#[actix_web::test]
async fn gaps_follow_the_most_trusted_assessment_and_recommend_courses_that_close_them() {
    let s = setup().await;
    let w = &s.w;
    // MNJ-01: the supervisor's 2 outranks the learner's later, kinder 4.
    assess(&s, &w.learner, &s.mnj1, 4, "self", "2026-01-10").await;
    assess(&s, &s.supervisor, &s.mnj1, 2, "supervisor", "2026-01-05").await;
    assess(&s, &w.learner, &s.tek1, 1, "self", "2026-02-01").await;
    // TEK-01 courses: two that reach level 4, one that stops short, one unpublished.
    course_developing(w, &w.instructor, json!({"title": "Analitika Lanjut", "jp": 10}), (&s.tek1, 5), false).await;
    course_developing(w, &w.instructor, json!({"title": "Analitika Terapan", "jp": 12}), (&s.tek1, 4), false).await;
    course_developing(w, &w.instructor, json!({"title": "Analitika Dasar", "jp": 4}), (&s.tek1, 3), false).await;
    course_developing(w, &w.instructor, json!({"title": "Analitika Draf"}), (&s.tek1, 4), true).await;
    // MNJ-02: Kupang's own course counts; Jayapura's organization-only course is not open to them.
    course_developing(
        w,
        &w.instructor,
        json!({"title": "Kepemimpinan", "visibility": "organization"}),
        (&s.mnj2, 2),
        false,
    )
    .await;
    course_developing(
        w,
        &w.other_instructor,
        json!({"title": "Kepemimpinan Papua", "visibility": "organization"}),
        (&s.mnj2, 3),
        false,
    )
    .await;

    let path = format!("/api/v1/users/{}/competency-gaps", w.learner.id);
    let (status, gaps) = send(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(status, 200, "{gaps}");
    let order: Vec<&str> = gaps["items"].as_array().into_iter().flatten().filter_map(|i| i["code"].as_str()).collect();
    assert_eq!(order, ["TEK-01", "MNJ-02", "MNJ-01"], "largest gap first");
    let tek = item(&gaps, &s.tek1);
    assert_eq!(
        (tek["required_level"].as_i64(), tek["current_level"].as_i64(), tek["gap"].as_i64()),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(
        titles(tek),
        ["Analitika Terapan", "Analitika Lanjut"],
        "closest fit first; short and draft courses left out"
    );
    let mnj2 = item(&gaps, &s.mnj2);
    assert!(mnj2["current_level"].is_null(), "never assessed");
    assert_eq!(mnj2["gap"], 2);
    assert_eq!(titles(mnj2), ["Kepemimpinan"]);
    let mnj1 = item(&gaps, &s.mnj1);
    assert_eq!((mnj1["current_level"].as_i64(), mnj1["gap"].as_i64()), (Some(2), Some(1)));

    // An older assessment-center result outranks both, and closes the gap.
    assess(&s, &w.admin, &s.mnj1, 3, "assessment_center", "2025-11-20").await;
    let (_, after) = send(w.app.get(&path, &s.supervisor.token)).await;
    let mnj1 = item(&after, &s.mnj1);
    assert_eq!((mnj1["current_level"].as_i64(), mnj1["gap"].as_i64()), (Some(3), Some(0)));
    assert_eq!(titles(mnj1), Vec::<String>::new(), "no courses for a closed gap");
}

#[actix_web::test]
async fn only_the_person_their_supervisor_and_their_org_admin_see_the_gaps() {
    let s = setup().await;
    let w = &s.w;
    let path = format!("/api/v1/users/{}/competency-gaps", w.learner.id);
    for allowed in [&w.learner, &s.supervisor, &w.admin] {
        let (status, gaps) = send(w.app.get(&path, &allowed.token)).await;
        assert_eq!(status, 200, "{gaps}");
        assert_eq!(gaps["items"].as_array().map(Vec::len), Some(3));
    }
    let colleague = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    for refused in [&colleague, &w.instructor, &w.other_admin, &w.other_learner] {
        problem(w.app.get(&path, &refused.token), 404, "not_found").await;
    }
    // The supervisor sees their staff's gaps, not the other way round.
    let upward = format!("/api/v1/users/{}/competency-gaps", s.supervisor.id);
    problem(w.app.get(&upward, &w.learner.token), 404, "not_found").await;
}

#[actix_web::test]
async fn each_party_records_only_its_own_kind_of_assessment() {
    let s = setup().await;
    let w = &s.w;
    let path = format!("/api/v1/users/{}/assessments", w.learner.id);
    let body =
        |method: &str| json!({"competency_id": id(&s.mnj1), "level": 3, "method": method, "assessed_on": "2026-03-01"});
    problem(w.app.post(&path, &w.learner.token, &body("supervisor")), 403, "forbidden").await;
    problem(w.app.post(&path, &w.learner.token, &body("assessment_center")), 403, "forbidden").await;
    problem(w.app.post(&path, &s.supervisor.token, &body("self")), 403, "forbidden").await;
    problem(w.app.post(&path, &w.admin.token, &body("self")), 403, "forbidden").await;
    let colleague = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    for stranger in [&colleague, &w.other_admin] {
        problem(w.app.post(&path, &stranger.token, &body("assessment_center")), 404, "not_found").await;
    }
    let future = json!({"competency_id": id(&s.mnj1), "level": 3, "method": "self", "assessed_on": "2030-01-01"});
    problem(w.app.post(&path, &w.learner.token, &future), 422, "validation_failed").await;
    let bad_level = json!({"competency_id": id(&s.mnj1), "level": 0, "method": "self", "assessed_on": "2026-03-01"});
    problem(w.app.post(&path, &w.learner.token, &bad_level), 422, "validation_failed").await;

    let (_, gaps) = send(w.app.get(&format!("/api/v1/users/{}/competency-gaps", w.learner.id), &w.learner.token)).await;
    assert!(item(&gaps, &s.mnj1)["current_level"].is_null(), "no refused assessment was stored");
    let (status, saved) = send(w.app.post(&path, &s.supervisor.token, &body("supervisor"))).await;
    assert_eq!(status, 201);
    assert_eq!(
        (saved["method"].as_str(), saved["assessed_by"].as_str()),
        (Some("supervisor"), Some(s.supervisor.id.to_string().as_str()))
    );
}

#[actix_web::test]
async fn the_gap_report_runs_the_same_statements_however_much_there_is_to_weigh() {
    let s = setup().await;
    let w = &s.w;
    course_developing(w, &w.instructor, json!({"title": "Kursus awal"}), (&s.tek1, 4), false).await;
    let path = format!("/api/v1/users/{}/competency-gaps", w.learner.id);
    let (bare, status) = w.app.count_queries(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(status, 200);
    for (i, day) in ["2026-01-05", "2026-02-05", "2026-03-05"].into_iter().enumerate() {
        assess(&s, &w.learner, &s.tek1, 1, "self", day).await;
        assess(&s, &s.supervisor, &s.mnj1, 2, "supervisor", day).await;
        let title = format!("Kursus {i}");
        course_developing(w, &w.instructor, json!({"title": title}), (&s.tek1, 4), false).await;
    }
    let (busy, _) = w.app.count_queries(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(busy, bare, "no statement per requirement, assessment or course");
    println!("competency gaps: {busy} statements");
}

#[actix_web::test]
async fn a_refused_assessment_names_the_field_at_fault() {
    let s = setup().await;
    let w = &s.w;
    let path = format!("/api/v1/users/{}/assessments", w.learner.id);
    let elsewhere = competency(w, &w.other_admin, "JAY-01", "technical").await;
    for (body, field, code) in [
        (json!({"competency_id": id(&elsewhere), "level": 3}), "competency_id", "not_found"),
        (json!({"competency_id": id(&s.mnj1), "level": 6}), "level", "out_of_range"),
        (
            json!({"competency_id": id(&s.mnj1), "level": 3, "assessed_on": "2030-01-01"}),
            "assessed_on",
            "in_the_future",
        ),
        (
            json!({"competency_id": id(&s.mnj1), "level": 3, "assessed_on": "-100000-01-01"}),
            "assessed_on",
            "out_of_range",
        ),
    ] {
        let mut body = body;
        body["method"] = json!("self");
        if body.get("assessed_on").is_none() {
            body["assessed_on"] = json!("2026-03-01");
        }
        let refused = problem(w.app.post(&path, &w.learner.token, &body), 422, "validation_failed").await;
        let first = &refused["errors"][0];
        assert_eq!((first["field"].as_str(), first["code"].as_str()), (Some(field), Some(code)), "{refused}");
    }
}
