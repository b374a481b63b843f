//! Course evaluation surveys: once per learner, completion waits for a required one, and the
//! summary stays hidden below three respondents and never names anyone.

use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::id;
use crate::progress::Course;

fn form(required: bool) -> Value {
    json!({"required": required, "items": [
        {"id": "relevan", "kind": "likert", "text": "Materi relevan dengan pekerjaan saya."},
        {"id": "saran", "kind": "text", "text": "Saran perbaikan"},
    ]})
}

fn answers(relevan: i64, saran: Option<&str>) -> Value {
    let mut list = vec![json!({"item_id": "relevan", "value": relevan})];
    if let Some(text) = saran {
        list.push(json!({"item_id": "saran", "value": text}));
    }
    json!({"answers": list})
}

#[actix_web::test]
async fn a_required_survey_holds_back_completion_until_the_learner_answers_once() {
    let c = Course::new().await;
    let w = &c.world;
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    let (status, saved) = send(w.app.put(&path, &w.instructor.token, &form(true))).await;
    assert_eq!(status, 200, "{saved}");
    c.complete_lesson(&w.learner, &c.lessons[0]).await;
    c.complete_lesson(&w.learner, &c.lessons[1]).await;
    let waiting = c.my_progress(&w.learner).await;
    assert_eq!(waiting["status"], "active", "{waiting}");
    assert_eq!(waiting["missing"].as_array().map(Vec::len), Some(1));
    let (_, ledger) = send(w.app.get("/api/v1/me/jp", &w.learner.token)).await;
    assert_eq!(ledger["earned"], 0, "no JP before completion");

    let responses = format!("{path}/responses");
    let (status, _) = send(w.app.post(&responses, &w.learner.token, &answers(4, Some("Tambah studi kasus")))).await;
    assert_eq!(status, 201);
    assert_eq!(c.my_progress(&w.learner).await["status"], "completed", "the survey was all that was missing");
    let (_, ledger) = send(w.app.get("/api/v1/me/jp", &w.learner.token)).await;
    assert_eq!(ledger["earned"], 10);
    problem(w.app.post(&responses, &w.learner.token, &answers(5, None)), 409, "already_answered").await;
}

#[actix_web::test]
async fn only_enrolled_learners_answer_and_answers_fit_the_form() {
    let c = Course::new().await;
    let w = &c.world;
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    let responses = format!("{path}/responses");
    problem(w.app.post(&responses, &w.learner.token, &answers(4, None)), 404, "not_found").await;
    for refused in [&w.learner, &w.other_instructor, &w.other_admin] {
        problem(w.app.put(&path, &refused.token, &form(false)), 403, "forbidden").await;
    }
    let repeated =
        json!({"items": [{"id": "a", "kind": "likert", "text": "x"}, {"id": "a", "kind": "text", "text": "y"}]});
    problem(w.app.put(&path, &w.instructor.token, &repeated), 422, "validation_failed").await;
    send(w.app.put(&path, &w.instructor.token, &form(false))).await;
    let (_, read) = send(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(read["items"].as_array().map(Vec::len), Some(2));

    for outsider in [&w.instructor, &w.other_learner] {
        problem(w.app.post(&responses, &outsider.token, &answers(4, None)), 403, "forbidden").await;
    }
    for bad in [
        answers(6, None),
        json!({"answers": [{"item_id": "saran", "value": "tanpa skala"}]}),
        json!({"answers": [{"item_id": "relevan", "value": 3}, {"item_id": "lain", "value": 3}]}),
        json!({"answers": [{"item_id": "relevan", "value": "lima"}]}),
    ] {
        problem(w.app.post(&responses, &w.learner.token, &bad), 422, "validation_failed").await;
    }
    let (status, _) = send(w.app.post(&responses, &w.learner.token, &answers(3, None))).await;
    assert_eq!(status, 201, "refused answers did not use up the learner's one response");
}

#[actix_web::test]
async fn the_summary_appears_from_three_respondents_and_names_nobody() {
    let c = Course::new().await;
    let w = &c.world;
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    send(w.app.put(&path, &w.instructor.token, &form(false))).await;
    let mut learners = vec![w.learner.id];
    let second = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let third = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    w.enrol(&second, &c.course).await;
    w.enrol(&third, &c.course).await;
    learners.extend([second.id, third.id]);
    let responses = format!("{path}/responses");
    send(w.app.post(&responses, &w.learner.token, &answers(5, Some("Tambah contoh")))).await;
    send(w.app.post(&responses, &second.token, &answers(4, None))).await;

    let summary = format!("{path}/summary");
    let (status, early) = send(w.app.get(&summary, &w.instructor.token)).await;
    assert_eq!(status, 200, "{early}");
    assert_eq!((early["respondents"].as_u64(), early["items"].is_null()), (Some(2), true), "withheld below three");

    send(w.app.post(&responses, &third.token, &answers(3, Some("Audio kurang jelas")))).await;
    let (_, full) = send(w.app.get(&summary, &w.admin.token)).await;
    let relevan = &full["items"][0];
    assert_eq!(relevan["mean"], 4.0);
    assert_eq!(relevan["distribution"], json!([0, 0, 1, 1, 1]));
    assert_eq!(full["items"][1]["comments"], json!(["Audio kurang jelas", "Tambah contoh"]));
    let text = full.to_string();
    assert!(learners.iter().all(|l| !text.contains(&l.to_string())), "no learner id in {text}");
    for refused in [&w.learner, &w.other_admin] {
        problem(w.app.get(&summary, &refused.token), 403, "forbidden").await;
    }
}

#[actix_web::test]
async fn a_refused_form_or_answer_says_what_is_wrong_with_it() {
    let c = Course::new().await;
    let w = &c.world;
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    let item = |id: &str, text: &str| json!({"id": id, "kind": "likert", "text": text});
    let long = "x".repeat(501);
    for (items, field, code) in [
        (json!([item("a", "x"), item("a", "y")]), "items[1].id", "duplicate"),
        (json!([item(" ", "x")]), "items[0].id", "required"),
        (json!([item("a", " ")]), "items[0].text", "required"),
        (json!([item("a", &long)]), "items[0].text", "too_long"),
        (json!([]), "items", "required"),
    ] {
        let refused =
            problem(w.app.put(&path, &w.instructor.token, &json!({"items": items})), 422, "validation_failed").await;
        let first = &refused["errors"][0];
        assert_eq!((first["field"].as_str(), first["code"].as_str()), (Some(field), Some(code)), "{refused}");
    }
    send(w.app.put(&path, &w.instructor.token, &form(false))).await;
    let responses = format!("{path}/responses");
    let answer =
        |saran: Value| json!({"answers": [{"item_id": "relevan", "value": 4}, {"item_id": "saran", "value": saran}]});
    for (body, code) in [(answer(json!(5)), "not_text"), (answer(json!("x".repeat(2001))), "too_long")] {
        let refused = problem(w.app.post(&responses, &w.learner.token, &body), 422, "validation_failed").await;
        let first = &refused["errors"][0];
        assert_eq!((first["field"].as_str(), first["code"].as_str()), (Some("answers[1].value"), Some(code)));
    }
}

#[actix_web::test]
async fn two_first_saves_of_a_form_at_once_both_succeed_and_a_later_one_replaces_them() {
    let c = Course::new().await;
    let w = &c.world;
    let path = format!("/api/v1/courses/{}/evaluation", id(&c.course));
    let (a, b) = futures_util::join!(
        send(w.app.put(&path, &w.instructor.token, &form(false))),
        send(w.app.put(&path, &w.instructor.token, &form(false)))
    );
    assert_eq!((a.0.as_u16(), b.0.as_u16()), (200, 200), "{} {}", a.1, b.1);
    let (status, saved) = send(w.app.put(&path, &w.instructor.token, &form(true))).await;
    assert_eq!((status.as_u16(), saved["required"].as_bool()), (200, Some(true)));
    let (_, read) = send(w.app.get(&path, &w.learner.token)).await;
    assert_eq!(read["required"], true, "the later save replaced the form");
}
