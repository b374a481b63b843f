//! Individual development plans: one a year, draft → submitted → approved or rejected, with
//! earned JP read from the ledger.

use chrono::{Datelike, Duration, Utc};
use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::{Value, json};

use super::id;
use crate::progress::Course;

/// The year in Kupang (WITA, UTC+8), where the test organization lives.
fn this_year() -> i32 {
    (Utc::now() + Duration::hours(8)).year()
}

async fn with_supervisor(c: &Course) -> TestUser {
    let w = &c.world;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let link = json!({"supervisor_id": supervisor.id});
    let (status, _) = send(w.app.patch(&format!("/api/v1/users/{}", w.learner.id), &w.admin.token, &link)).await;
    assert_eq!(status, 200);
    supervisor
}

fn plan_body(c: &Course, year: i32) -> Value {
    json!({"year": year, "items": [
        {"activity": "course", "course_id": id(&c.course), "planned_jp": 10},
        {"activity": "mentoring", "title": "Mentoring penyusunan SKP", "planned_jp": 6},
    ]})
}

#[actix_web::test]
async fn a_plan_is_approved_by_the_supervisor_or_admin_and_earns_jp_from_the_ledger() {
    let c = Course::new().await;
    let w = &c.world;
    let supervisor = with_supervisor(&c).await;
    let year = this_year();
    let (status, plan) = send(w.app.post("/api/v1/me/development-plans", &w.learner.token, &plan_body(&c, year))).await;
    assert_eq!(status, 201, "{plan}");
    assert_eq!(
        (plan["status"].as_str(), plan["planned_jp"].as_i64(), plan["earned_jp"].as_i64()),
        (Some("draft"), Some(16), Some(0))
    );
    assert_eq!(plan["items"][0]["title"], "Pelayanan Publik Prima", "a course item takes the course title");
    let again =
        problem(w.app.post("/api/v1/me/development-plans", &w.learner.token, &plan_body(&c, year)), 409, "plan_exists")
            .await;
    assert_eq!(again["status"], 409);

    let step = |action: &str| format!("/api/v1/development-plans/{}/{action}", id(&plan));
    problem(w.app.post(&step("approve"), &supervisor.token, &json!({})), 409, "plan_status").await;
    problem(w.app.post(&step("submit"), &supervisor.token, &json!({})), 403, "forbidden").await;
    let (status, submitted) = send(w.app.post(&step("submit"), &w.learner.token, &json!({}))).await;
    assert_eq!((status.as_u16(), submitted["status"].as_str()), (200, Some("submitted")));

    problem(w.app.post(&step("approve"), &w.learner.token, &json!({})), 403, "forbidden").await;
    let colleague = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    for stranger in [&colleague, &w.other_admin, &w.instructor] {
        problem(w.app.post(&step("approve"), &stranger.token, &json!({})), 404, "not_found").await;
    }
    problem(w.app.post(&step("reject"), &supervisor.token, &json!({"reason": " "})), 422, "validation_failed").await;
    let (_, rejected) =
        send(w.app.post(&step("reject"), &supervisor.token, &json!({"reason": "Tambahkan kegiatan teknis."}))).await;
    assert_eq!(
        (rejected["status"].as_str(), rejected["reason"].as_str()),
        (Some("rejected"), Some("Tambahkan kegiatan teknis."))
    );
    // Rejected, the owner reworks the items; nobody else may.
    let edit = format!("/api/v1/development-plans/{}", id(&plan));
    let reworked = json!({"items": [
        {"activity": "course", "course_id": id(&c.course), "planned_jp": 10},
        {"activity": "project", "title": "Proyek perubahan layanan", "planned_jp": 8},
    ]});
    problem(w.app.put(&edit, &supervisor.token, &reworked), 403, "forbidden").await;
    problem(w.app.put(&edit, &colleague.token, &reworked), 404, "not_found").await;
    let invalid = json!({"items": [{"activity": "project", "title": "x", "planned_jp": 500}]});
    problem(w.app.put(&edit, &w.learner.token, &invalid), 422, "validation_failed").await;
    let (status, edited) = send(w.app.put(&edit, &w.learner.token, &reworked)).await;
    assert_eq!(status, 200, "{edited}");
    assert_eq!((edited["planned_jp"].as_i64(), edited["items"][1]["activity"].as_str()), (Some(18), Some("project")));
    let (_, resubmitted) = send(w.app.post(&step("submit"), &w.learner.token, &json!({}))).await;
    assert_eq!(resubmitted["status"], "submitted");
    assert!(resubmitted["reason"].is_null());
    problem(w.app.put(&edit, &w.learner.token, &reworked), 409, "plan_status").await;
    let (status, approved) = send(w.app.post(&step("approve"), &w.admin.token, &json!({}))).await;
    assert_eq!((status.as_u16(), approved["status"].as_str()), (200, Some("approved")));
    assert_eq!(approved["decided_by"], w.admin.id.to_string());
    problem(w.app.post(&step("approve"), &supervisor.token, &json!({})), 409, "plan_status").await;

    // Completing the course enters 10 JP in the ledger, and the plan shows it.
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let list = format!("/api/v1/users/{}/development-plans?year={year}", w.learner.id);
    let (status, plans) = send(w.app.get(&list, &supervisor.token)).await;
    assert_eq!(status, 200, "{plans}");
    let seen = &plans["items"][0];
    assert_eq!((seen["items"][0]["earned_jp"].as_i64(), seen["items"][1]["earned_jp"].as_i64()), (Some(10), Some(0)));
    assert_eq!(seen["earned_jp"], 10);
    for stranger in [&colleague, &w.other_admin] {
        problem(w.app.get(&list, &stranger.token), 404, "not_found").await;
    }
}

#[actix_web::test]
async fn a_plan_with_bad_items_or_year_is_refused_whole() {
    let c = Course::new().await;
    let w = &c.world;
    let year = this_year();
    let hidden = w.draft(json!({"title": "Belum terbit"})).await;
    for (body, field) in [
        (json!({"year": year - 1, "items": [{"activity": "self_study", "title": "Membaca", "planned_jp": 2}]}), "year"),
        (json!({"year": year, "items": []}), "items"),
        (json!({"year": year, "items": [{"activity": "course", "planned_jp": 2}]}), "items[0].course_id"),
        (
            json!({"year": year, "items": [{"activity": "course", "course_id": id(&hidden), "planned_jp": 2}]}),
            "items[0].course_id",
        ),
        (
            json!({"year": year, "items": [{"activity": "project", "course_id": id(&c.course), "title": "Proyek", "planned_jp": 2}]}),
            "items[0].course_id",
        ),
        (
            json!({"year": year, "items": [{"activity": "coaching", "title": "Coaching", "planned_jp": 0}]}),
            "items[0].planned_jp",
        ),
    ] {
        let refused =
            problem(w.app.post("/api/v1/me/development-plans", &w.learner.token, &body), 422, "validation_failed")
                .await;
        assert_eq!(refused["errors"][0]["field"], field, "{body}");
    }
    let (_, plans) =
        send(w.app.get(&format!("/api/v1/users/{}/development-plans", w.learner.id), &w.learner.token)).await;
    assert_eq!(plans["items"].as_array().map(Vec::len), Some(0), "nothing was stored");
    let next = json!({"year": year + 1, "items": [{"activity": "self_study", "title": "Membaca", "planned_jp": 2}]});
    let (status, _) = send(w.app.post("/api/v1/me/development-plans", &w.learner.token, &next)).await;
    assert_eq!(status, 201, "next year's plan may be written now");
}

#[actix_web::test]
async fn a_course_and_a_mentoring_for_one_competency_share_a_plan_and_each_earns_its_own_jp() {
    let c = Course::new().await;
    let w = &c.world;
    let year = this_year();
    let skill = super::competency(w, &w.admin, "TEK-01", "technical").await;
    let body = json!({"year": year, "items": [
        {"competency_id": id(&skill), "activity": "course", "course_id": id(&c.course), "planned_jp": 10},
        {"competency_id": id(&skill), "activity": "mentoring", "title": "Mentoring layanan", "planned_jp": 4},
    ]});
    let (status, plan) = send(w.app.post("/api/v1/me/development-plans", &w.learner.token, &body)).await;
    assert_eq!(status, 201, "{plan}");
    assert_eq!((&plan["items"][0]["competency_id"], &plan["items"][1]["competency_id"]), (&skill["id"], &skill["id"]));

    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let mentor = w.app.user(Some(w.kupang), &[Role::Mentor]).await;
    let pairing = json!({"mentor_id": mentor.id, "mentee_id": w.learner.id, "starts_on": format!("{year}-01-01"),
        "ends_on": format!("{year}-12-31"), "goals": "Layanan prima"});
    let (status, mentorship) = send(w.app.post("/api/v1/mentorships", &w.admin.token, &pairing)).await;
    assert_eq!(status, 201, "{mentorship}");
    let logs = format!("/api/v1/mentorships/{}/logs", id(&mentorship));
    let today = (Utc::now() + Duration::hours(8)).date_naive().to_string();
    let (status, log) = send(w.app.post(&logs, &w.learner.token, &json!({"met_on": today, "minutes": 90}))).await;
    assert_eq!(status, 201, "{log}");
    let (status, _) = send(w.app.post(&format!("{logs}/{}/confirm", id(&log)), &mentor.token, &json!({}))).await;
    assert_eq!(status, 200);

    let list = format!("/api/v1/users/{}/development-plans?year={year}", w.learner.id);
    let (_, plans) = send(w.app.get(&list, &w.learner.token)).await;
    let seen = &plans["items"][0];
    assert_eq!(
        (seen["items"][0]["earned_jp"].as_i64(), seen["items"][1]["earned_jp"].as_i64(), seen["earned_jp"].as_i64()),
        (Some(10), Some(2), Some(12)),
        "the course earns its completion, the mentoring its confirmed hours: {seen}"
    );
}

#[actix_web::test]
async fn a_refused_plan_item_says_what_is_wrong_with_it() {
    let c = Course::new().await;
    let w = &c.world;
    let year = this_year();
    let elsewhere = super::competency(w, &w.other_admin, "JAY-01", "technical").await;
    let course = |jp: i64| json!({"activity": "course", "course_id": id(&c.course), "planned_jp": jp});
    for (items, field, code) in [
        (json!([course(10), course(5)]), "items[1].course_id", "duplicate"),
        (
            json!([{"competency_id": id(&elsewhere), "activity": "project", "title": "Proyek", "planned_jp": 2}]),
            "items[0].competency_id",
            "not_found",
        ),
        (json!([]), "items", "required"),
        (json!(vec![course(1); 51]), "items", "too_many"),
    ] {
        let body = json!({"year": year, "items": items});
        let refused =
            problem(w.app.post("/api/v1/me/development-plans", &w.learner.token, &body), 422, "validation_failed")
                .await;
        let first = &refused["errors"][0];
        assert_eq!((first["field"].as_str(), first["code"].as_str()), (Some(field), Some(code)), "{refused}");
    }
}
