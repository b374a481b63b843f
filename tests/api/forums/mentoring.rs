//! Mentorships: pairing by org admins, private messages, meeting logs that become JP.

use latih_kernel::Role;
use latih_tests::{TestApp, TestUser, problem, send};
use serde_json::{Value, json};
use uuid::Uuid;

pub struct Pair {
    pub app: TestApp,
    pub admin: TestUser,
    pub mentor: TestUser,
    pub mentee: TestUser,
    pub mentorship: Value,
}

async fn pair() -> Pair {
    pair_between("2026-01-05", "2026-06-30").await
}

/// A mentor and a mentee of Kupang (WITA), paired by its org admin from `starts_on` to `ends_on`.
pub async fn pair_between(starts_on: &str, ends_on: &str) -> Pair {
    let app = TestApp::new().await;
    let org = app.organization("KUPANG", "Asia/Makassar").await;
    let admin = app.user(Some(org), &[Role::OrgAdmin]).await;
    let mentor = app.user(Some(org), &[Role::Mentor]).await;
    let mentee = app.user(Some(org), &[Role::Learner]).await;
    let body = json!({"mentor_id": mentor.id, "mentee_id": mentee.id, "starts_on": starts_on, "ends_on": ends_on, "goals": "Menyusun SKP."});
    let (status, mentorship) = send(app.post("/api/v1/mentorships", &admin.token, &body)).await;
    assert_eq!(status, 201, "{mentorship}");
    Pair { app, admin, mentor, mentee, mentorship }
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_default().to_owned()
}

#[actix_web::test]
async fn only_an_org_admin_pairs_people_of_their_organization() {
    let p = pair().await;
    let other = p.app.organization("JAYAPURA", "Asia/Jayapura").await;
    let other_admin = p.app.user(Some(other), &[Role::OrgAdmin]).await;
    let body = json!({"mentor_id": p.mentor.id, "mentee_id": p.mentee.id, "starts_on": "2026-01-05", "ends_on": "2026-06-30", "goals": "x"});
    problem(p.app.post("/api/v1/mentorships", &p.mentor.token, &body), 403, "forbidden").await;
    problem(p.app.post("/api/v1/mentorships", &other_admin.token, &body), 422, "validation_failed").await;
    let not_mentor = json!({"mentor_id": p.mentee.id, "mentee_id": p.mentor.id, "starts_on": "2026-01-05", "ends_on": "2026-06-30", "goals": "x"});
    let refused =
        problem(p.app.post("/api/v1/mentorships", &p.admin.token, &not_mentor), 422, "validation_failed").await;
    assert_eq!(refused["errors"][0]["code"], "not_a_mentor");
    let (_, mine) = send(p.app.get("/api/v1/me/mentorships", &p.mentee.token)).await;
    assert_eq!(mine["items"][0]["goals"], "Menyusun SKP.");
    let (_, admins) = send(p.app.get("/api/v1/me/mentorships", &p.admin.token)).await;
    assert_eq!(admins["items"].as_array().map(Vec::len), Some(1), "the org admin sees that it exists");
    assert!(admins["items"][0]["goals"].is_null(), "but not what it is about");
}

#[actix_web::test]
async fn a_refused_pairing_names_what_is_wrong_with_it() {
    let p = pair().await;
    let themselves = json!({"mentor_id": p.mentor.id, "mentee_id": p.mentor.id, "starts_on": "2026-01-05", "ends_on": "2026-06-30", "goals": "x"});
    let refused =
        problem(p.app.post("/api/v1/mentorships", &p.admin.token, &themselves), 422, "validation_failed").await;
    assert_eq!(
        (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("mentee_id"), Some("same_person"))
    );
    let blank = json!({"mentor_id": p.mentor.id, "mentee_id": p.mentee.id, "starts_on": "2026-01-05", "ends_on": "2026-06-30", "goals": " "});
    let refused = problem(p.app.post("/api/v1/mentorships", &p.admin.token, &blank), 422, "validation_failed").await;
    assert_eq!(
        (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
        (Some("goals"), Some("required"))
    );
    // Dates a database cannot store (PostgreSQL stops at 4713 BC) are refused, never a 500.
    let far = json!({"mentor_id": p.mentor.id, "mentee_id": p.mentee.id, "starts_on": "-100000-01-01", "ends_on": "+100000-01-01", "goals": "x"});
    let refused = problem(p.app.post("/api/v1/mentorships", &p.admin.token, &far), 422, "validation_failed").await;
    let fields: Vec<(&str, &str)> = refused["errors"]
        .as_array()
        .map(|all| all.iter().filter_map(|e| Some((e["field"].as_str()?, e["code"].as_str()?))).collect())
        .unwrap_or_default();
    assert_eq!(fields, [("starts_on", "out_of_range"), ("ends_on", "out_of_range")]);
}

#[actix_web::test]
async fn messages_are_private_to_the_mentor_and_the_mentee() {
    let p = pair().await;
    let path = format!("/api/v1/mentorships/{}/messages", id(&p.mentorship));
    let (status, _) = send(p.app.post(&path, &p.mentee.token, &json!({"body": "Pak, kapan kita bertemu?"}))).await;
    assert_eq!(status, 201);
    let (status, _) = send(p.app.post(&path, &p.mentor.token, &json!({"body": "Kamis pagi."}))).await;
    assert_eq!(status, 201);
    let (_, thread) = send(p.app.get(&path, &p.mentor.token)).await;
    assert_eq!(thread["items"].as_array().map(Vec::len), Some(2));
    let third = p.app.user(p.mentee.organization_id, &[Role::Learner, Role::Mentor]).await;
    for outsider in [&third, &p.admin] {
        problem(p.app.get(&path, &outsider.token), 404, "not_found").await;
        problem(p.app.post(&path, &outsider.token, &json!({"body": "mengintip"})), 404, "not_found").await;
    }
}

#[actix_web::test]
async fn confirmed_meeting_minutes_become_jp_for_the_mentee() {
    let p = pair().await;
    let logs = format!("/api/v1/mentorships/{}/logs", id(&p.mentorship));
    problem(p.app.post(&logs, &p.mentor.token, &json!({"met_on": "2026-03-02", "minutes": 60})), 403, "forbidden")
        .await;
    let (_, first) = send(p.app.post(
        &logs,
        &p.mentee.token,
        &json!({"met_on": "2026-03-02", "minutes": 60, "summary": "Rencana SKP"}),
    ))
    .await;
    let (_, second) = send(p.app.post(&logs, &p.mentee.token, &json!({"met_on": "2026-04-06", "minutes": 40}))).await;
    problem(
        p.app.post(&logs, &p.mentee.token, &json!({"met_on": "2026-04-06", "minutes": 0})),
        422,
        "validation_failed",
    )
    .await;
    let (_, before) = send(p.app.get("/api/v1/me/jp?year=2026", &p.mentee.token)).await;
    assert_eq!(before["earned"], 0, "unconfirmed meetings do not count");
    let confirm = |log: &Value| format!("{logs}/{}/confirm", id(log));
    problem(p.app.post(&confirm(&first), &p.mentee.token, &json!({})), 403, "forbidden").await;
    let (status, confirmed) = send(p.app.post(&confirm(&first), &p.mentor.token, &json!({}))).await;
    assert_eq!((status.as_u16(), confirmed["confirmed"].as_bool()), (200, Some(true)));
    let (_, one) = send(p.app.get("/api/v1/me/jp?year=2026", &p.mentee.token)).await;
    assert_eq!(one["earned"], 1, "60 minutes are 1 JP, rounded down");
    send(p.app.post(&confirm(&second), &p.mentor.token, &json!({}))).await;
    let (_, two) = send(p.app.get("/api/v1/me/jp?year=2026", &p.mentee.token)).await;
    assert_eq!(
        (two["earned"].as_i64(), two["entries"].as_array().map(Vec::len)),
        (Some(2), Some(1)),
        "100 minutes are 2 JP, one entry"
    );
    assert_eq!(two["entries"][0]["source"], "mentoring");
    problem(p.app.post(&confirm(&second), &p.mentor.token, &json!({})), 409, "already_confirmed").await;
    problem(p.app.post(&format!("{logs}/{}/confirm", Uuid::now_v7()), &p.mentor.token, &json!({})), 404, "not_found")
        .await;
}
