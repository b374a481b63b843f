//! Issue 11, point 9a: a lesson's `quiz_id` is a quiz of the same course.

use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::{World, id};

async fn quiz_of(world: &World, course: &Value) -> Value {
    let path = format!("/api/v1/courses/{}/quizzes", id(course));
    let body = json!({"title": "Post-test", "kind": "graded", "pass_percent": 60});
    let (status, quiz) = send(world.app.post(&path, &world.instructor.token, &body)).await;
    assert_eq!(status, 201, "{quiz}");
    quiz
}

#[actix_web::test]
async fn a_quiz_lesson_takes_only_a_quiz_of_its_own_course() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let other_course = world.draft(json!({"title": "Kursus Lain"})).await;
    let (section, text_lesson) = world.section_with_lesson(&course).await;
    let own = quiz_of(&world, &course).await;
    let foreign = quiz_of(&world, &other_course).await;
    let path = format!("/api/v1/sections/{}/lessons", id(&section));
    for quiz_id in [foreign["id"].clone(), json!(uuid::Uuid::now_v7())] {
        let lesson = json!({"title": "Kuis", "kind": "quiz", "quiz_id": quiz_id});
        let refused = problem(world.app.post(&path, &world.instructor.token, &lesson), 422, "validation_failed").await;
        assert_eq!(
            (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
            (Some("quiz_id"), Some("quiz_not_found"))
        );
    }
    let lesson = json!({"title": "Kuis", "kind": "quiz", "quiz_id": own["id"]});
    let (status, quiz_lesson) = send(world.app.post(&path, &world.instructor.token, &lesson)).await;
    assert_eq!(status, 201, "{quiz_lesson}");
    for lesson in [&quiz_lesson, &text_lesson] {
        let patch = json!({"quiz_id": foreign["id"]});
        let lesson_path = format!("/api/v1/lessons/{}", id(lesson));
        problem(world.app.patch(&lesson_path, &world.instructor.token, &patch), 422, "validation_failed").await;
    }
}
