//! The competency dictionary, positions and what courses develop.

use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::{competency, id, levels, platform_admin};
use crate::courses::World;

fn codes(page: &Value) -> Vec<String> {
    page["items"].as_array().into_iter().flatten().filter_map(|c| c["code"].as_str().map(str::to_owned)).collect()
}

#[actix_web::test]
async fn national_entries_are_everyones_and_an_agencys_own_stay_in_the_agency() {
    let w = World::new().await;
    let platform = platform_admin(&w).await;
    let national = competency(&w, &platform, "MNJ-01", "managerial").await;
    assert!(national["organization_id"].is_null());
    assert_eq!(national["levels"].as_array().map(Vec::len), Some(5));
    let own = competency(&w, &w.admin, "tek-01", "technical").await;
    assert_eq!(own["organization_id"], w.kupang.to_string());
    assert_eq!(own["code"], "TEK-01", "codes are kept upper-case");

    let (_, kupang) = send(w.app.get("/api/v1/competencies", &w.learner.token)).await;
    assert_eq!(codes(&kupang), ["MNJ-01", "TEK-01"]);
    let (_, jayapura) = send(w.app.get("/api/v1/competencies", &w.other_learner.token)).await;
    assert_eq!(codes(&jayapura), ["MNJ-01"], "another agency's own entries stay hidden");
    let (_, technical) = send(w.app.get("/api/v1/competencies?type=technical", &w.learner.token)).await;
    assert_eq!(codes(&technical), ["TEK-01"]);
    let (_, found) = send(w.app.get("/api/v1/competencies?q=mnj", &w.learner.token)).await;
    assert_eq!(codes(&found), ["MNJ-01"]);

    // Jayapura may keep its own TEK-01; Kupang may not shadow a national code.
    competency(&w, &w.other_admin, "TEK-01", "technical").await;
    let again = json!({"code": "mnj-01", "name": "Lagi", "type": "managerial", "levels": levels()});
    problem(w.app.post("/api/v1/competencies", &w.admin.token, &again), 409, "already_exists").await;
    for refused in [&w.learner, &w.instructor] {
        problem(w.app.post("/api/v1/competencies", &refused.token, &again), 403, "forbidden").await;
    }
}

#[actix_web::test]
async fn a_national_code_cannot_take_a_code_an_agency_already_uses() {
    let w = World::new().await;
    let platform = platform_admin(&w).await;
    competency(&w, &w.admin, "TEK-01", "technical").await;
    let national = json!({"code": "tek-01", "name": "Nasional", "type": "technical", "levels": levels()});
    problem(w.app.post("/api/v1/competencies", &platform.token, &national), 409, "already_exists").await;
    let (_, kupang) = send(w.app.get("/api/v1/competencies", &w.learner.token)).await;
    assert_eq!(codes(&kupang), ["TEK-01"], "Kupang's dictionary keeps one TEK-01");
    competency(&w, &platform, "TEK-02", "technical").await;
}

#[actix_web::test]
async fn an_entry_describes_each_level_1_to_5_once() {
    let w = World::new().await;
    let mut four = levels();
    if let Some(list) = four.as_array_mut() {
        list.pop();
    }
    let body = json!({"code": "TEK-02", "name": "Analisis data", "type": "technical", "levels": four});
    let refused = problem(w.app.post("/api/v1/competencies", &w.admin.token, &body), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "levels_1_to_5");
    let blank = json!({"code": " ", "name": "x", "type": "technical", "levels": levels()});
    problem(w.app.post("/api/v1/competencies", &w.admin.token, &blank), 422, "validation_failed").await;
    let (_, list) = send(w.app.get("/api/v1/competencies", &w.admin.token)).await;
    assert_eq!(codes(&list), Vec::<String>::new(), "nothing half-stored");
}

#[actix_web::test]
async fn an_org_admin_defines_positions_from_the_dictionary_it_may_use() {
    let w = World::new().await;
    let platform = platform_admin(&w).await;
    let national = competency(&w, &platform, "MNJ-01", "managerial").await;
    let own = competency(&w, &w.admin, "TEK-01", "technical").await;
    let theirs = competency(&w, &w.other_admin, "TEK-09", "technical").await;
    let path = format!("/api/v1/organizations/{}/positions", w.kupang);
    let body = json!({"name": "Analis Kebijakan Ahli Muda", "tier": "fungsional", "requirements": [
        {"competency_id": id(&national), "level": 3}, {"competency_id": id(&own), "level": 4}]});
    let (status, position) = send(w.app.post(&path, &w.admin.token, &body)).await;
    assert_eq!(status, 201, "{position}");
    assert_eq!(position["tier"], "fungsional");
    assert_eq!(position["requirements"].as_array().map(Vec::len), Some(2));

    let foreign = json!({"name": "Pranata Komputer", "tier": "fungsional", "requirements": [
        {"competency_id": id(&theirs), "level": 2}]});
    let refused = problem(w.app.post(&path, &w.admin.token, &foreign), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["field"], "requirements[0].competency_id");
    let out_of_range = json!({"name": "Pengawas", "tier": "pengawas", "requirements": [
        {"competency_id": id(&national), "level": 6}]});
    problem(w.app.post(&path, &w.admin.token, &out_of_range), 422, "validation_failed").await;
    problem(w.app.post(&path, &w.learner.token, &body), 403, "forbidden").await;
    problem(w.app.post(&path, &w.other_admin.token, &body), 404, "not_found").await;

    let (status, list) = send(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "the refused positions were not stored");
    problem(w.app.get(&path, &w.other_learner.token), 404, "not_found").await;
}

#[actix_web::test]
async fn course_staff_say_what_a_course_develops() {
    let w = World::new().await;
    let platform = platform_admin(&w).await;
    let national = competency(&w, &platform, "MNJ-01", "managerial").await;
    let theirs = competency(&w, &w.other_admin, "TEK-09", "technical").await;
    let (course, _) = w.published(json!({})).await;
    let path = format!("/api/v1/courses/{}/competencies", id(&course));
    let body = json!({"items": [{"competency_id": id(&national), "level": 3}]});
    let (status, saved) = send(w.app.put(&path, &w.instructor.token, &body)).await;
    assert_eq!(status, 200, "{saved}");
    let (_, read) = send(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(read["items"][0]["level"], 3);

    for refused in [&w.learner, &w.other_instructor, &w.other_admin] {
        problem(w.app.put(&path, &refused.token, &json!({"items": []})), 403, "forbidden").await;
    }
    let twice =
        json!({"items": [{"competency_id": id(&national), "level": 3}, {"competency_id": id(&national), "level": 4}]});
    problem(w.app.put(&path, &w.instructor.token, &twice), 422, "validation_failed").await;
    let foreign = json!({"items": [{"competency_id": id(&theirs), "level": 3}]});
    problem(w.app.put(&path, &w.admin.token, &foreign), 422, "validation_failed").await;
    let (_, kept) = send(w.app.get(&path, &w.instructor.token)).await;
    assert_eq!(kept, read, "a refused replacement leaves the list as it was");

    let (status, cleared) = send(w.app.put(&path, &w.admin.token, &json!({"items": []}))).await;
    assert_eq!((status.as_u16(), cleared["items"].as_array().map(Vec::len)), (200, Some(0)));
    let hidden = w.draft(json!({})).await;
    let hidden_path = format!("/api/v1/courses/{}/competencies", id(&hidden));
    problem(w.app.get(&hidden_path, &w.learner.token), 404, "not_found").await;
}
