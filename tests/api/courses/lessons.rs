//! `/sections/{id}/lessons` and `/lessons/{id}`.

use latih_tests::{problem, send};
use serde_json::json;

use super::{World, id};

#[actix_web::test]
async fn each_kind_needs_what_it_points_at() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let (section, _) = world.section_with_lesson(&course).await;
    let path = format!("/api/v1/sections/{}/lessons", id(&section));
    for (kind, field) in
        [("text", "body"), ("video", "media_id"), ("document", "media_id"), ("link", "url"), ("quiz", "quiz_id")]
    {
        let body = json!({"title": "X", "kind": kind});
        let problem_body =
            problem(world.app.post(&path, &world.instructor.token, &body), 422, "validation_failed").await;
        assert_eq!(problem_body["errors"][0]["field"], field, "{kind}");
    }
    let bad_url = json!({"title": "X", "kind": "link", "url": "javascript:alert(1)"});
    problem(world.app.post(&path, &world.instructor.token, &bad_url), 422, "validation_failed").await;
    let quizzes = format!("/api/v1/courses/{}/quizzes", id(&course));
    let (_, own_quiz) = send(world.app.post(
        &quizzes,
        &world.instructor.token,
        &json!({"title": "Kuis", "kind": "graded", "pass_percent": 60}),
    ))
    .await;
    let quiz =
        json!({"title": "Kuis", "kind": "quiz", "quiz_id": own_quiz["id"], "duration_minutes": 12, "required": false});
    let (status, lesson) = send(world.app.post(&path, &world.instructor.token, &quiz)).await;
    assert_eq!(
        (status.as_u16(), lesson["required"].as_bool(), lesson["position"].as_i64()),
        (201, Some(false), Some(1))
    );
}

#[actix_web::test]
async fn enrolled_learners_and_staff_read_lessons_visitors_get_403_strangers_404() {
    let world = World::new().await;
    let (public, lesson) = world.published(json!({"visibility": "public"})).await;
    let (_, internal_lesson) = world.published(json!({"visibility": "organization"})).await;
    let path = format!("/api/v1/lessons/{}", id(&lesson));
    problem(world.app.get(&path, &world.learner.token), 403, "forbidden").await;
    problem(world.app.get(&path, &world.other_admin.token), 403, "forbidden").await;
    problem(
        world.app.get(&format!("/api/v1/lessons/{}", id(&internal_lesson)), &world.other_learner.token),
        404,
        "not_found",
    )
    .await;
    world.enrol(&world.learner, &public).await;
    let (status, read) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!(status, 200);
    assert!(read["body_html"].as_str().is_some_and(|h| h.contains("<p>Selamat datang.</p>")), "{read}");
    let (status, _) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn lesson_edits_are_versioned_and_for_staff_only() {
    let world = World::new().await;
    let (course, lesson) = world.published(json!({})).await;
    world.enrol(&world.learner, &course).await;
    let path = format!("/api/v1/lessons/{}", id(&lesson));
    let change = json!({"title": "Pengantar Baru", "duration_minutes": 20});
    problem(world.app.patch(&path, &world.learner.token, &change), 403, "forbidden").await;
    let (status, updated) =
        send(world.app.patch(&path, &world.instructor.token, &change).header("if-match", "\"1\"")).await;
    assert_eq!((status.as_u16(), updated["version"].as_i64()), (200, Some(2)));
    problem(
        world.app.patch(&path, &world.instructor.token, &change).header("if-match", "\"1\""),
        412,
        "precondition_failed",
    )
    .await;
    let clear_body = json!({"body": null});
    problem(world.app.patch(&path, &world.instructor.token, &clear_body), 422, "validation_failed").await;
    problem(world.app.delete(&path, &world.learner.token), 403, "forbidden").await;
    problem(world.app.delete(&path, &world.instructor.token), 409, "last_lesson").await;
    let section = format!("/api/v1/sections/{}/lessons", updated["section_id"].as_str().unwrap_or_default());
    let second = json!({"title": "Kedua", "kind": "text", "body": "Isi"});
    let (status, _) = send(world.app.post(&section, &world.instructor.token, &second)).await;
    assert_eq!(status, 201);
    let (status, _) = send(world.app.delete(&path, &world.instructor.token)).await;
    assert_eq!(status, 204);
    problem(world.app.get(&path, &world.instructor.token), 404, "not_found").await;
}
