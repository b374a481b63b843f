//! Item statistics and the course's learning gain, checked against hand-computed figures.

use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::json;

use super::{Quiz, option_id};
use crate::courses::id;

#[actix_web::test]
async fn facility_and_discrimination_follow_the_answers() {
    let quiz = Quiz::new(json!({})).await;
    let easy = quiz.question(json!({"type": "true_false", "prompt": "Mudah", "correct_answer": true})).await;
    let hard = quiz.question(json!({"type": "true_false", "prompt": "Sulit", "correct_answer": true})).await;
    let world = &quiz.world;
    // Four learners: everyone gets `easy`; only the two who also get `hard` are the strong ones.
    let mut learners: Vec<TestUser> = Vec::new();
    for _ in 0..4 {
        let learner = world.app.user(Some(world.kupang), &[Role::Learner]).await;
        world.enrol(&learner, &quiz.course).await;
        learners.push(learner);
    }
    for (index, learner) in learners.iter().enumerate() {
        let attempt = quiz.start(learner).await;
        quiz.answer(learner, &attempt, &id(&easy), json!({"option_ids": [option_id(&easy, "Benar")]})).await;
        let hard_answer = if index < 2 { "Benar" } else { "Salah" };
        quiz.answer(learner, &attempt, &id(&hard), json!({"option_ids": [option_id(&hard, hard_answer)]})).await;
        quiz.submit(learner, &attempt).await;
    }
    let (status, stats) = send(world.app.get(&quiz.path("/statistics"), &world.instructor.token)).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["graded_attempts"], 4);
    let item = |q: &serde_json::Value| {
        stats["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["question_id"] == q["id"])
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!((item(&easy)["attempts"].as_u64(), item(&easy)["facility"].as_f64()), (Some(4), Some(1.0)));
    assert!(item(&easy)["discrimination"].is_null(), "an item everyone gets right does not discriminate");
    assert_eq!(item(&hard)["facility"], 0.5);
    // The rest of the test (the easy item) is the same for all, so the correlation is undefined;
    // it is defined once the rest varies, which the learning-gain test shows with real spread.
    problem(world.app.get(&quiz.path("/statistics"), &world.learner.token), 403, "forbidden").await;
}

#[actix_web::test]
async fn learning_gain_compares_pre_and_post_tests() {
    let quiz = Quiz::new(json!({"kind": "pre_test"})).await;
    let world = &quiz.world;
    let pre = &quiz.quiz;
    let post_path = format!("/api/v1/courses/{}/quizzes", id(&quiz.course));
    let (_, post) =
        send(world.app.post(&post_path, &world.instructor.token, &json!({"title": "Post", "kind": "post_test"}))).await;
    let mut pre_items = Vec::new();
    let mut post_items = Vec::new();
    for n in 0..5 {
        let body = json!({"type": "true_false", "prompt": format!("Pernyataan {n}"), "correct_answer": true});
        pre_items.push(quiz.question(body.clone()).await);
        let (_, q) =
            send(world.app.post(&format!("/api/v1/quizzes/{}/questions", id(&post)), &world.instructor.token, &body))
                .await;
        post_items.push(q);
    }
    let second = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&second, &quiz.course).await;
    // learner: 2/5 before (40%), 4/5 after (80%): gain (80-40)/(100-40) = 0.6667
    // second:  4/5 before (80%), 4/5 after (80%): gain 0
    for (who, right_before, right_after) in [(&world.learner, 2, 4), (&second, 4, 4)] {
        for (quiz_id, items, right) in [(id(pre), &pre_items, right_before), (id(&post), &post_items, right_after)] {
            let (_, attempt) =
                send(world.app.post(&format!("/api/v1/quizzes/{quiz_id}/attempts"), &who.token, &json!({}))).await;
            for (n, item) in items.iter().enumerate() {
                let choice = if n < right { "Benar" } else { "Salah" };
                let path = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(item));
                send(world.app.put(&path, &who.token, &json!({"option_ids": [option_id(item, choice)]}))).await;
            }
            send(world.app.post(&format!("/api/v1/attempts/{}/submit", id(&attempt)), &who.token, &json!({}))).await;
        }
    }
    let path = format!("/api/v1/courses/{}/learning-gain", id(&quiz.course));
    let (status, gain) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(status, 200, "{gain}");
    let learners = gain["learners"].as_array().cloned().unwrap_or_default();
    assert_eq!(learners.len(), 2);
    let of =
        |user: &TestUser| learners.iter().find(|l| l["user_id"] == user.id.to_string()).cloned().unwrap_or_default();
    assert_eq!((of(&world.learner)["pre"].as_f64(), of(&world.learner)["post"].as_f64()), (Some(40.0), Some(80.0)));
    assert_eq!(of(&world.learner)["gain"], 0.6667);
    assert_eq!(of(&second)["gain"], 0.0);
    assert_eq!(
        (gain["average_pre"].as_f64(), gain["average_post"].as_f64(), gain["average_gain"].as_f64()),
        (Some(60.0), Some(80.0), Some(0.3333))
    );
    let (status, theirs) = send(world.app.get(&path, &world.other_admin.token)).await;
    assert_eq!(
        (status.as_u16(), theirs["learners"].as_array().map(Vec::len)),
        (200, Some(0)),
        "another organization's admin sees none of Kupang's people"
    );
    problem(world.app.get(&path, &world.learner.token), 403, "forbidden").await;

    // The agency's course report carries the same mean gain.
    let report = format!("/api/v1/reports/courses?organization_id={}", world.kupang);
    let (status, report) = send(world.app.get(&report, &world.admin.token)).await;
    assert_eq!(status, 200, "{report}");
    let row = report["courses"].as_array().and_then(|rows| rows.iter().find(|r| r["course_id"] == quiz.course["id"]));
    assert_eq!(row.and_then(|r| r["mean_learning_gain"].as_f64()), Some(0.3333));
}

/// Every attempt and answer row, to show a read left them alone.
async fn attempt_rows(
    app: &latih_tests::TestApp,
) -> (Vec<latih_quizzes::entity::attempt::Model>, Vec<latih_quizzes::entity::answer::Model>) {
    use sea_orm::{EntityTrait, QueryOrder};
    let attempts = latih_quizzes::entity::attempt::Entity::find()
        .order_by_asc(latih_quizzes::entity::attempt::Column::Id)
        .all(&app.db)
        .await
        .expect("attempts");
    let answers = latih_quizzes::entity::answer::Entity::find()
        .order_by_asc(latih_quizzes::entity::answer::Column::AttemptId)
        .order_by_asc(latih_quizzes::entity::answer::Column::QuestionId)
        .all(&app.db)
        .await
        .expect("answers");
    (attempts, answers)
}

#[actix_web::test]
async fn statistics_count_an_overdue_attempt_without_grading_it_and_the_job_then_completes_the_course() {
    let course = crate::progress::Course::new().await;
    let world = &course.world;
    let app = &world.app;
    let (_, quiz) = send(app.post(
        &format!("/api/v1/courses/{}/quizzes", id(&course.course)),
        &world.instructor.token,
        &json!({"title": "Post-test", "kind": "post_test", "pass_percent": 60, "time_limit_seconds": 60}),
    ))
    .await;
    let (_, question) = send(app.post(
        &format!("/api/v1/quizzes/{}/questions", id(&quiz)),
        &world.instructor.token,
        &json!({"type": "true_false", "prompt": "Benar?", "correct_answer": true}),
    ))
    .await;
    let section = course.lessons[0]["section_id"].as_str().unwrap_or_default().to_owned();
    let (status, _) = send(app.post(
        &format!("/api/v1/sections/{section}/lessons"),
        &world.instructor.token,
        &json!({"title": "Post-test", "kind": "quiz", "quiz_id": quiz["id"]}),
    ))
    .await;
    assert_eq!(status, 201);
    course.complete_lesson(&world.learner, &course.lessons[0]).await;
    course.complete_lesson(&world.learner, &course.lessons[1]).await;
    let (_, attempt) =
        send(app.post(&format!("/api/v1/quizzes/{}/attempts", id(&quiz)), &world.learner.token, &json!({}))).await;
    let path = format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&question));
    let (status, _) =
        send(app.put(&path, &world.learner.token, &json!({"option_ids": [option_id(&question, "Benar")]}))).await;
    assert_eq!(status, 200);
    // The learner walks away; the deadline passes with nobody submitting.
    app.clock.advance(chrono::Duration::minutes(3));
    let instructor = app.token(&world.instructor, &[Role::Instructor]);
    let learner = app.token(&world.learner, &[Role::Learner]);
    let mut person = world.learner.clone();
    person.token = learner.clone();
    let before = attempt_rows(app).await;
    let (status, stats) = send(app.get(&format!("/api/v1/quizzes/{}/statistics", id(&quiz)), &instructor)).await;
    assert_eq!(status, 200, "{stats}");
    assert_eq!(stats["graded_attempts"], 1, "the overdue attempt counts as it will be graded: {stats}");
    assert_eq!(stats["questions"][0]["facility"], 1.0, "{stats}");
    let (status, gain) =
        send(app.get(&format!("/api/v1/courses/{}/learning-gain", id(&course.course)), &instructor)).await;
    assert_eq!(status, 200, "{gain}");
    let progress = course.my_progress(&person).await;
    assert_eq!((progress["status"].as_str(), progress["percent"].as_i64()), (Some("active"), Some(100)), "{progress}");
    assert_eq!(attempt_rows(app).await, before, "the GETs graded nothing");
    let (_, certificates) = send(app.get("/api/v1/me/certificates", &learner)).await;
    assert_eq!(certificates["items"].as_array().map(Vec::len), Some(0), "nor completed the course");

    app.run_jobs().await;
    let (attempts, _) = attempt_rows(app).await;
    assert_eq!(
        (attempts[0].status, attempts[0].passed),
        (latih_quizzes::model::AttemptStatus::Graded, Some(true)),
        "the scheduled job graded it"
    );
    let progress = course.my_progress(&person).await;
    assert_eq!(progress["status"], "completed", "and re-checked the learner's completion: {progress}");
    let (_, certificates) = send(app.get("/api/v1/me/certificates", &learner)).await;
    assert_eq!(certificates["items"].as_array().map(Vec::len), Some(1));
    let (_, stats) = send(app.get(&format!("/api/v1/quizzes/{}/statistics", id(&quiz)), &instructor)).await;
    assert_eq!(stats["graded_attempts"], 1, "counted once, graded or not: {stats}");
}
