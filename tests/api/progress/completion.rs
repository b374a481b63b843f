//! Course completion: once, with one certificate and one JP entry, whatever the concurrency.

use chrono::Utc;
use latih_kernel::Role;
use latih_progress::entity::{certificate, jp_entry};
use latih_tests::{problem, send};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;

use super::{Course, event};
use crate::courses::id;

#[actix_web::test]
async fn finishing_the_required_lessons_completes_the_course_with_a_certificate_and_jp() {
    let course = Course::new().await;
    let learner = &course.world.learner;
    let before = course.my_progress(learner).await;
    assert_eq!(
        (before["percent"].as_i64(), before["required_lessons"].as_u64(), before["status"].as_str()),
        (Some(0), Some(2), Some("active"))
    );
    course.complete_lesson(learner, &course.lessons[0]).await;
    let half = course.my_progress(learner).await;
    assert_eq!((half["percent"].as_i64(), half["missing"].as_array().map(Vec::len)), (Some(50), Some(1)));
    course.complete_lesson(learner, &course.lessons[1]).await;
    let done = course.my_progress(learner).await;
    assert_eq!(
        (done["status"].as_str(), done["percent"].as_i64()),
        (Some("completed"), Some(100)),
        "the optional lesson is not needed"
    );
    assert!(done["completed_at"].is_string());
    let (_, certificates) = send(course.world.app.get("/api/v1/me/certificates", &learner.token)).await;
    assert_eq!(certificates["items"].as_array().map(Vec::len), Some(1));
    let first = &certificates["items"][0];
    assert_eq!((first["course_title"].as_str(), first["jp"].as_i64()), (Some("Pelayanan Publik Prima"), Some(10)));
    let (_, jp) = send(course.world.app.get("/api/v1/me/jp", &learner.token)).await;
    assert_eq!((jp["target"].as_i64(), jp["earned"].as_i64()), (Some(20), Some(10)));
    assert_eq!(jp["entries"][0]["source"], "course");
    let (_, mine) = send(course.world.app.get("/api/v1/me/enrollments", &learner.token)).await;
    assert_eq!(
        (mine["items"][0]["status"].as_str(), mine["items"][0]["progress_percent"].as_i64()),
        (Some("completed"), Some(100))
    );
    // Integrators hear of it once, and the learner is told, in Indonesian and English.
    course.complete_lesson(learner, &course.lessons[1]).await;
    let app = &course.world.app;
    let completed = super::events(app, "course.completed").await;
    assert_eq!(completed.len(), 1, "{completed:?}");
    assert_eq!(
        (completed[0]["course_id"].as_str(), completed[0]["user_id"].as_str(), completed[0]["jp"].as_i64()),
        (Some(id(&course.course).as_str()), Some(learner.id.to_string().as_str()), Some(10))
    );
    assert_eq!(completed[0]["organization_id"].as_str(), learner.organization_id.map(|o| o.to_string()).as_deref());
    let issued = super::events(app, "certificate.issued").await;
    assert_eq!(issued.len(), 1);
    assert_eq!(
        (issued[0]["certificate_id"].as_str(), issued[0]["code"].as_str()),
        (first["id"].as_str(), first["code"].as_str())
    );
    let notes = super::notified(app, learner).await;
    let kinds: Vec<&str> = notes.iter().filter_map(|n| n["event"].as_str()).collect();
    assert!(kinds.contains(&"course.completed") && kinds.contains(&"certificate.issued"), "{kinds:?}");
    assert_eq!(kinds.len(), 2, "each once: {kinds:?}");
    assert!(notes.iter().any(|n| n["title"].as_str().is_some_and(|t| t.contains("Pelayanan Publik Prima"))));
    let (_, others) = send(app.get("/api/v1/me/notifications", &course.world.instructor.token)).await;
    assert!(
        others["items"].as_array().is_none_or(|items| items.iter().all(|n| n["event"] != "course.completed")),
        "nobody else is told: {others}"
    );
}

#[actix_web::test]
async fn concurrent_events_complete_the_course_exactly_once() {
    let course = Course::new().await;
    let world = &course.world;
    course.complete_lesson(&world.learner, &course.lessons[0]).await;
    let last = &course.lessons[1];
    let requests = (0..12).map(|n| {
        let batch = json!({"events": [event(&format!("c{n}"), last, "completed", 600, 10, Utc::now())]});
        send(world.app.post("/api/v1/me/progress/batch", &world.learner.token, &batch))
    });
    let puts = (0..6).map(|_| {
        let body = json!({"status": "completed", "position_seconds": 600, "time_spent_seconds": 5, "client_recorded_at": Utc::now()});
        send(world.app.put(&format!("/api/v1/lessons/{}/progress", id(last)), &world.learner.token, &body))
    });
    let (batches, singles) =
        futures_util::future::join(futures_util::future::join_all(requests), futures_util::future::join_all(puts))
            .await;
    assert!(batches.iter().chain(singles.iter()).all(|(status, _)| *status == 200));
    assert_eq!(certificate::Entity::find().count(&world.app.db).await.expect("count"), 1);
    assert_eq!(jp_entry::Entity::find().count(&world.app.db).await.expect("count"), 1);
    assert_eq!(course.my_progress(&world.learner).await["status"], "completed");
}

#[actix_web::test]
async fn a_required_quiz_lesson_completes_when_its_quiz_is_passed() {
    let course = Course::new().await;
    let world = &course.world;
    let (_, quiz) = send(world.app.post(
        &format!("/api/v1/courses/{}/quizzes", id(&course.course)),
        &world.instructor.token,
        &json!({"title": "Post-test", "kind": "post_test", "pass_percent": 100}),
    ))
    .await;
    let (_, question) = send(world.app.post(
        &format!("/api/v1/quizzes/{}/questions", id(&quiz)),
        &world.instructor.token,
        &json!({"type": "true_false", "prompt": "Benar?", "correct_answer": true}),
    ))
    .await;
    let section = course.lessons[0]["section_id"].as_str().unwrap_or_default().to_owned();
    let (status, _) = send(world.app.post(
        &format!("/api/v1/sections/{section}/lessons"),
        &world.instructor.token,
        &json!({"title": "Post-test", "kind": "quiz", "quiz_id": quiz["id"]}),
    ))
    .await;
    assert_eq!(status, 201);
    course.complete_lesson(&world.learner, &course.lessons[0]).await;
    course.complete_lesson(&world.learner, &course.lessons[1]).await;
    let waiting = course.my_progress(&world.learner).await;
    assert_eq!(
        (waiting["status"].as_str(), waiting["percent"].as_i64(), waiting["required_lessons"].as_u64()),
        (Some("active"), Some(66), Some(3))
    );
    let (_, attempt) =
        send(world.app.post(&format!("/api/v1/quizzes/{}/attempts", id(&quiz)), &world.learner.token, &json!({})))
            .await;
    let wrong = question["options"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["text"] == "Salah")
        .cloned()
        .unwrap_or_default();
    send(world.app.put(
        &format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&question)),
        &world.learner.token,
        &json!({"option_ids": [wrong["id"]]}),
    ))
    .await;
    send(world.app.post(&format!("/api/v1/attempts/{}/submit", id(&attempt)), &world.learner.token, &json!({}))).await;
    assert_eq!(course.my_progress(&world.learner).await["status"], "active", "a failed quiz does not complete");
    let right = question["options"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|o| o["text"] == "Benar")
        .cloned()
        .unwrap_or_default();
    let (_, attempt) =
        send(world.app.post(&format!("/api/v1/quizzes/{}/attempts", id(&quiz)), &world.learner.token, &json!({})))
            .await;
    send(world.app.put(
        &format!("/api/v1/attempts/{}/answers/{}", id(&attempt), id(&question)),
        &world.learner.token,
        &json!({"option_ids": [right["id"]]}),
    ))
    .await;
    send(world.app.post(&format!("/api/v1/attempts/{}/submit", id(&attempt)), &world.learner.token, &json!({}))).await;
    let (_, certificates) = send(world.app.get("/api/v1/me/certificates", &world.learner.token)).await;
    assert_eq!(
        certificates["items"].as_array().map(Vec::len),
        Some(1),
        "passing the quiz completed the course at once"
    );
    let quiz_lesson_progress = json!({"status": "completed", "client_recorded_at": Utc::now()});
    let (_, outline) =
        send(world.app.get(&format!("/api/v1/courses/{}/outline", id(&course.course)), &world.instructor.token)).await;
    let quiz_lesson = outline["sections"][0]["lessons"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["kind"] == "quiz")
        .cloned()
        .unwrap_or_default();
    problem(
        world.app.put(
            &format!("/api/v1/lessons/{}/progress", id(&quiz_lesson)),
            &world.learner.token,
            &quiz_lesson_progress,
        ),
        409,
        "quiz_lesson",
    )
    .await;
}

#[actix_web::test]
async fn staff_see_everyones_progress_and_learners_only_their_own() {
    let course = Course::new().await;
    let world = &course.world;
    world.enrol(&world.other_learner, &course.course).await;
    course.complete_lesson(&world.learner, &course.lessons[0]).await;
    let path = format!("/api/v1/courses/{}/progress", id(&course.course));
    let (status, page) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(status, 200, "{page}");
    let rows = page["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2);
    let mine = rows.iter().find(|r| r["learner"]["id"] == world.learner.id.to_string()).cloned().unwrap_or_default();
    assert_eq!(mine["percent"], 50);
    assert!(mine["last_activity_at"].is_string());
    let (_, theirs) = send(world.app.get(&path, &world.other_admin.token)).await;
    assert_eq!(
        theirs["items"].as_array().map(Vec::len),
        Some(1),
        "another organization's admin sees their own people only"
    );
    problem(world.app.get(&path, &world.learner.token), 403, "forbidden").await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    problem(
        world.app.get(&format!("/api/v1/me/courses/{}/progress", id(&course.course)), &colleague.token),
        404,
        "not_found",
    )
    .await;
}
