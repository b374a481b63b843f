//! Attempts: the draw, autosave, deadlines, grading of every type, review, races and limits.

use chrono::Duration;
use latih_kernel::{Role, Roles};
use latih_tests::{TestUser, problem, send};
use serde_json::{Value, json};

use super::{Quiz, option_id, single_choice};
use crate::courses::id;

/// A quiz with one question of every objective type.
async fn objective_quiz(settings: Value) -> (Quiz, Vec<Value>) {
    let quiz = Quiz::new(settings).await;
    let questions = vec![
        quiz.question(single_choice()).await,
        quiz.question(json!({"type": "multiple_choice", "prompt": "Nilai dasar ASN", "points": 2, "options": [
            {"text": "Akuntabel", "correct": true}, {"text": "Kompeten", "correct": true}, {"text": "Otoriter"}, {"text": "Nepotis"}]}))
        .await,
        quiz.question(json!({"type": "true_false", "prompt": "ASN boleh berpolitik praktis.", "correct_answer": false})).await,
        quiz.question(json!({"type": "short_answer", "prompt": "Singkatan Aparatur Sipil Negara", "accepted_answers": ["ASN"]})).await,
        quiz.question(json!({"type": "numeric", "prompt": "JP minimal setahun", "numeric_value": 20, "tolerance": 0.5})).await,
    ];
    (quiz, questions)
}

fn right_answers(q: &[Value]) -> Vec<Value> {
    vec![
        json!({"option_ids": [option_id(&q[0], "Kupang")]}),
        json!({"option_ids": [option_id(&q[1], "Akuntabel"), option_id(&q[1], "Kompeten")]}),
        json!({"option_ids": [option_id(&q[2], "Salah")]}),
        json!({"text": "  asn "}),
        json!({"number": 20.4}),
    ]
}

fn wrong_answers(q: &[Value]) -> Vec<Value> {
    vec![
        json!({"option_ids": [option_id(&q[0], "Ende")]}),
        json!({"option_ids": [option_id(&q[1], "Otoriter"), option_id(&q[1], "Nepotis")]}),
        json!({"option_ids": [option_id(&q[2], "Benar")]}),
        json!({"text": "PNS"}),
        json!({"number": 19}),
    ]
}

async fn answer_all(quiz: &Quiz, who: &TestUser, attempt: &Value, questions: &[Value], answers: Vec<Value>) {
    for (question, answer) in questions.iter().zip(answers) {
        let (status, saved) = quiz.answer(who, attempt, &id(question), answer).await;
        assert_eq!(status, 200, "{saved}");
    }
}

#[actix_web::test]
async fn every_objective_type_is_graded_right_and_wrong() {
    let (quiz, questions) = objective_quiz(json!({"max_attempts": 2})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    answer_all(&quiz, learner, &attempt, &questions, right_answers(&questions)).await;
    let (status, result) = quiz.submit(learner, &attempt).await;
    assert_eq!(status, 200, "{result}");
    assert_eq!(
        (result["score"].as_f64(), result["max_score"].as_f64(), result["percent"].as_f64()),
        (Some(7.0), Some(7.0), Some(100.0))
    );
    assert_eq!((result["status"].as_str(), result["passed"].as_bool()), (Some("graded"), Some(true)));
    let second = quiz.start(learner).await;
    assert_ne!(second["id"], attempt["id"]);
    answer_all(&quiz, learner, &second, &questions, wrong_answers(&questions)).await;
    let (_, result) = quiz.submit(learner, &second).await;
    assert_eq!((result["score"].as_f64(), result["passed"].as_bool()), (Some(0.0), Some(false)));
    let (_, detail) = send(quiz.world.app.get(&quiz.path(""), &learner.token)).await;
    assert_eq!(detail["my_result"]["percent"], 100.0, "the best attempt counts");
}

#[actix_web::test]
async fn multiple_choice_gives_partial_credit_never_below_zero() {
    let (quiz, questions) = objective_quiz(json!({})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    let half = json!({"option_ids": [option_id(&questions[1], "Akuntabel")]});
    quiz.answer(learner, &attempt, &id(&questions[1]), half).await;
    quiz.submit(learner, &attempt).await;
    let (_, view) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    let graded = view["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == questions[1]["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(graded["awarded"], 1.0, "{view}");
    assert_eq!(view["score"], 1.0);
}

#[actix_web::test]
async fn nothing_reveals_the_answers_before_the_review_policy_allows() {
    let (quiz, questions) = objective_quiz(json!({"review_policy": "score_only"})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    let text = attempt.to_string();
    for secret in ["correct", "accepted_answers", "numeric_value", "explanation", "Kupang sejak"] {
        assert!(!text.contains(secret), "the start leaks {secret}: {text}");
    }
    answer_all(&quiz, learner, &attempt, &questions, right_answers(&questions)).await;
    let (_, open) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    assert!(
        open["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|q| q["correct"].is_null() && q["awarded"].is_null() && q["correct_option_ids"].is_null())
    );
    assert!(open["score"].is_null());
    quiz.submit(learner, &attempt).await;
    let (_, done) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    assert_eq!(done["score"], 7.0);
    assert!(
        done["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|q| q["correct"].is_null() && q["explanation"].is_null()),
        "{done}"
    );
    let path = quiz.path("");
    send(quiz.world.app.patch(&path, &quiz.world.instructor.token, &json!({"review_policy": "correctness"}))).await;
    let (_, correctness) =
        send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    assert_eq!(correctness["questions"][0]["correct"], true);
    assert!(correctness["questions"][0]["correct_option_ids"].is_null());
    send(quiz.world.app.patch(&path, &quiz.world.instructor.token, &json!({"review_policy": "explanations"}))).await;
    let (_, full) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    let first = full["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == questions[0]["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(first["correct_option_ids"], json!([option_id(&questions[0], "Kupang")]));
    assert_eq!(first["explanation"], "Kupang sejak 1958.");
}

#[actix_web::test]
async fn a_reload_shows_the_same_draw_in_the_same_order() {
    let quiz = Quiz::new(json!({"shuffle_questions": true, "shuffle_options": true, "questions_per_attempt": 3})).await;
    for n in 0..6 {
        quiz.question(json!({"type": "single_choice", "prompt": format!("Soal {n}"), "options": [
            {"text": "a", "correct": true}, {"text": "b"}, {"text": "c"}, {"text": "d"}]}))
            .await;
    }
    let learner = &quiz.world.learner;
    let first = quiz.start(learner).await;
    assert_eq!(first["questions"].as_array().map(Vec::len), Some(3));
    let again = quiz.start(learner).await;
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["questions"], first["questions"], "same questions, same order, same option order");
    let (_, view) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&first)), &learner.token)).await;
    let ids = |v: &Value| v["questions"].as_array().into_iter().flatten().map(|q| q["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&view), ids(&first));
}

#[actix_web::test]
async fn the_deadline_refuses_late_answers_and_grades_the_attempt_as_it_stood() {
    let (quiz, questions) = objective_quiz(json!({"time_limit_seconds": 90})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    assert!(attempt["deadline_at"].is_string());
    let right = right_answers(&questions);
    quiz.answer(learner, &attempt, &id(&questions[0]), right[0].clone()).await;
    quiz.world.app.clock.advance(Duration::seconds(91));
    let token = quiz
        .world
        .app
        .state
        .keys
        .issue(&quiz.world.app.clock, learner.id, learner.organization_id, &Roles::new([Role::Learner]))
        .expect("token");
    let path = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&questions[1]));
    problem(quiz.world.app.put(&path, &token, &right[1]), 409, "attempt_closed").await;
    let (_, view) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &token)).await;
    assert_eq!((view["status"].as_str(), view["score"].as_f64()), (Some("graded"), Some(2.0)), "{view}");
    let (status, result) =
        send(quiz.world.app.post(&format!("/api/v1/attempts/{}/submit", id(&attempt)), &token, &json!({}))).await;
    assert_eq!((status.as_u16(), result["score"].as_f64()), (200, Some(2.0)), "a late submit answers the same result");
}

#[actix_web::test]
async fn an_abandoned_attempt_is_graded_by_the_scheduled_job_and_announced_once() {
    let (quiz, questions) = objective_quiz(json!({"time_limit_seconds": 60})).await;
    let app = &quiz.world.app;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    answer_all(&quiz, learner, &attempt, &questions, right_answers(&questions)).await;
    app.clock.advance(Duration::minutes(5));
    let token = app.token(learner, &[Role::Learner]);
    let attempt_id: uuid::Uuid = id(&attempt).parse().expect("uuid");
    let stored = || async {
        <latih_quizzes::entity::attempt::Entity as sea_orm::EntityTrait>::find_by_id(attempt_id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("attempt")
    };
    let (_, view) = send(app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &token)).await;
    assert_eq!((view["status"].as_str(), view["percent"].as_f64()), (Some("graded"), Some(100.0)), "{view}");
    let (_, list) = send(app.get(&quiz.path("/attempts"), &token)).await;
    assert_eq!(list["items"][0]["status"], "graded", "{list}");
    assert_eq!(stored().await.status, latih_quizzes::model::AttemptStatus::InProgress, "reading graded nothing");
    app.run_jobs().await;
    let row = stored().await;
    assert_eq!(
        (row.status, row.percent, row.passed),
        (latih_quizzes::model::AttemptStatus::Graded, Some(100.0), Some(true))
    );
    app.run_jobs().await;
    let events =
        <latih_jobs::entity::event::Entity as sea_orm::EntityTrait>::find().all(&app.db).await.expect("events");
    let graded: Vec<_> = events.iter().filter(|e| e.name == "quiz.attempt_graded").collect();
    assert_eq!(graded.len(), 1, "one grade, one event");
    assert_eq!(
        (graded[0].payload["attempt_id"].as_str(), graded[0].payload["passed"].as_bool()),
        (Some(id(&attempt).as_str()), Some(true))
    );
    assert_eq!(graded[0].organization_id, learner.organization_id);
}

#[actix_web::test]
async fn the_closing_time_caps_the_deadline_and_an_unopened_quiz_refuses() {
    let closes = chrono::Utc::now() + Duration::minutes(10);
    let (quiz, _) = objective_quiz(json!({"time_limit_seconds": 3600, "closes_at": closes})).await;
    let attempt = quiz.start(&quiz.world.learner).await;
    let deadline: chrono::DateTime<chrono::Utc> =
        attempt["deadline_at"].as_str().and_then(|d| d.parse().ok()).expect("deadline");
    assert!((deadline - closes).num_seconds().abs() <= 1, "{deadline} vs {closes}");
    let opens = chrono::Utc::now() + Duration::days(1);
    let (later, _) = objective_quiz(json!({"opens_at": opens})).await;
    problem(
        later.world.app.post(&later.path("/attempts"), &later.world.learner.token, &json!({})),
        409,
        "quiz_not_open",
    )
    .await;
}

#[actix_web::test]
async fn two_submits_at_once_grade_once_and_answer_the_same() {
    let (quiz, questions) = objective_quiz(json!({})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    answer_all(&quiz, learner, &attempt, &questions, right_answers(&questions)).await;
    let path = format!("/api/v1/attempts/{}/submit", id(&attempt));
    let (a, b) = futures_util::future::join(
        send(quiz.world.app.post(&path, &learner.token, &json!({}))),
        send(quiz.world.app.post(&path, &learner.token, &json!({}))),
    )
    .await;
    assert_eq!((a.0.as_u16(), b.0.as_u16()), (200, 200));
    assert_eq!(a.1, b.1, "both answers are the same result");
    assert_eq!(a.1["score"], 7.0);
    let (_, list) = send(quiz.world.app.get(&quiz.path("/attempts"), &learner.token)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn max_attempts_is_enforced() {
    let (quiz, _) = objective_quiz(json!({"max_attempts": 1})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    quiz.submit(learner, &attempt).await;
    problem(quiz.world.app.post(&quiz.path("/attempts"), &learner.token, &json!({})), 409, "max_attempts_reached")
        .await;
}

#[actix_web::test]
async fn answers_replay_with_an_idempotency_key_and_must_fit_the_question() {
    let (quiz, questions) = objective_quiz(json!({})).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    let path = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&questions[0]));
    let body = json!({"option_ids": [option_id(&questions[0], "Kupang")]});
    let (s1, first) = send(quiz.world.app.put(&path, &learner.token, &body).header("idempotency-key", "jawab-1")).await;
    let (s2, replay) =
        send(quiz.world.app.put(&path, &learner.token, &body).header("idempotency-key", "jawab-1")).await;
    assert_eq!((s1.as_u16(), s2.as_u16()), (200, 200));
    assert_eq!(first, replay, "the replay answers the first result");
    let foreign = json!({"option_ids": [option_id(&questions[1], "Akuntabel")]});
    problem(quiz.world.app.put(&path, &learner.token, &foreign), 422, "validation_failed").await;
    let two = json!({"option_ids": [option_id(&questions[0], "Kupang"), option_id(&questions[0], "Ende")]});
    problem(quiz.world.app.put(&path, &learner.token, &two), 422, "validation_failed").await;
    let numeric = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&questions[4]));
    problem(quiz.world.app.put(&numeric, &learner.token, &json!({"text": "dua puluh"})), 422, "validation_failed")
        .await;
    let submit = format!("/api/v1/attempts/{}/submit", id(&attempt));
    let (_, a) =
        send(quiz.world.app.post(&submit, &learner.token, &json!({})).header("idempotency-key", "kirim")).await;
    let (_, b) =
        send(quiz.world.app.post(&submit, &learner.token, &json!({})).header("idempotency-key", "kirim")).await;
    assert_eq!(a, b);
}

#[actix_web::test]
async fn a_learner_cannot_read_or_touch_another_learners_attempt() {
    let (quiz, questions) = objective_quiz(json!({})).await;
    let world = &quiz.world;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &quiz.course).await;
    let attempt = quiz.start(&world.learner).await;
    let path = format!("/api/v1/attempts/{}", id(&attempt));
    problem(world.app.get(&path, &colleague.token), 404, "not_found").await;
    let answer = json!({"option_ids": [option_id(&questions[0], "Kupang")]});
    problem(
        world.app.put(&format!("{path}/answers/{}", id(&questions[0])), &colleague.token, &answer),
        404,
        "not_found",
    )
    .await;
    problem(world.app.post(&format!("{path}/submit"), &colleague.token, &json!({})), 404, "not_found").await;
    let (status, _) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(status, 200, "course staff read every attempt");
    problem(world.app.get(&path, &world.other_admin.token), 404, "not_found").await;
}

#[actix_web::test]
async fn only_enrolled_learners_start_attempts() {
    let (quiz, _) = objective_quiz(json!({})).await;
    let world = &quiz.world;
    let visitor = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    problem(world.app.post(&quiz.path("/attempts"), &visitor.token, &json!({})), 403, "forbidden").await;
    problem(world.app.post(&quiz.path("/attempts"), &world.other_learner.token, &json!({})), 403, "forbidden").await;
    problem(world.app.post(&quiz.path("/attempts"), &world.instructor.token, &json!({})), 403, "forbidden").await;
    problem(world.app.get(&quiz.path(""), &visitor.token), 403, "forbidden").await;
}

#[actix_web::test]
async fn essays_wait_for_staff_and_then_the_attempt_is_final() {
    let quiz = Quiz::new(json!({"pass_percent": 50})).await;
    let essay = quiz.question(json!({"type": "essay", "prompt": "Jelaskan BerAKHLAK.", "points": 10})).await;
    let choice = quiz.question(single_choice()).await;
    let learner = &quiz.world.learner;
    let attempt = quiz.start(learner).await;
    quiz.answer(learner, &attempt, &id(&essay), json!({"text": "Berorientasi pelayanan, akuntabel, ..."})).await;
    quiz.answer(learner, &attempt, &id(&choice), json!({"option_ids": [option_id(&choice, "Kupang")]})).await;
    let (_, result) = quiz.submit(learner, &attempt).await;
    assert_eq!((result["status"].as_str(), result["score"].as_f64()), (Some("pending_review"), None));
    let grades = format!("/api/v1/attempts/{}/grades", id(&attempt));
    problem(
        quiz.world.app.post(&grades, &learner.token, &json!({"question_id": id(&essay), "points": 10})),
        403,
        "forbidden",
    )
    .await;
    problem(
        quiz.world.app.post(&grades, &quiz.world.instructor.token, &json!({"question_id": id(&essay), "points": 11})),
        422,
        "validation_failed",
    )
    .await;
    problem(
        quiz.world.app.post(&grades, &quiz.world.instructor.token, &json!({"question_id": id(&choice), "points": 1})),
        422,
        "validation_failed",
    )
    .await;
    let body = json!({"question_id": id(&essay), "points": 7.5, "feedback": "Baik, lengkapi contoh."});
    let (status, graded) = send(quiz.world.app.post(&grades, &quiz.world.instructor.token, &body)).await;
    assert_eq!(status, 200, "{graded}");
    assert_eq!(
        (graded["status"].as_str(), graded["score"].as_f64(), graded["passed"].as_bool()),
        (Some("graded"), Some(9.5), Some(true))
    );
    problem(quiz.world.app.post(&grades, &quiz.world.instructor.token, &body), 409, "attempt_final").await;
    let (_, mine) = send(quiz.world.app.get(&format!("/api/v1/attempts/{}", id(&attempt)), &learner.token)).await;
    let essay_view = mine["questions"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["id"] == essay["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(essay_view["feedback"], "Baik, lengkapi contoh.");
}
