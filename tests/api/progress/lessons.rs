//! `PUT /lessons/{id}/progress` and the offline batch.

use chrono::{Duration, Utc};
use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::{Course, event, minutes_ago};
use crate::courses::id;

#[actix_web::test]
async fn completed_never_reverts_and_the_newest_position_wins() {
    let course = Course::new().await;
    let (learner, lesson) = (&course.world.learner, &course.lessons[0]);
    let body = |status: &str, position: i64, at| json!({"status": status, "position_seconds": position, "time_spent_seconds": 60, "client_recorded_at": at});
    let (status, first) = course.put(learner, lesson, body("completed", 300, minutes_ago(5))).await;
    assert_eq!((status.as_u16(), first["status"].as_str()), (200, Some("completed")));
    let (_, older) = course.put(learner, lesson, body("in_progress", 100, minutes_ago(10))).await;
    assert_eq!(older["status"], "completed", "completed never reverts");
    assert_eq!(older["position_seconds"], 300, "an older event does not move the position");
    assert_eq!(older["time_spent_seconds"], 120);
    let (_, newer) = course.put(learner, lesson, body("in_progress", 450, minutes_ago(1))).await;
    assert_eq!((newer["status"].as_str(), newer["position_seconds"].as_i64()), (Some("completed"), Some(450)));
}

#[actix_web::test]
async fn a_retried_put_with_an_idempotency_key_counts_once() {
    let course = Course::new().await;
    let (learner, lesson) = (&course.world.learner, &course.lessons[0]);
    let body = json!({"status": "in_progress", "position_seconds": 60, "time_spent_seconds": 60, "client_recorded_at": Utc::now()});
    let path = format!("/api/v1/lessons/{}/progress", id(lesson));
    for _ in 0..3 {
        send(course.world.app.put(&path, &learner.token, &body).header("idempotency-key", "sama")).await;
    }
    let (_, progress) =
        send(course.world.app.put(&path, &learner.token, &body).header("idempotency-key", "sama")).await;
    assert_eq!(progress["time_spent_seconds"], 60);
}

#[actix_web::test]
async fn out_of_order_and_replayed_batches_converge() {
    let course = Course::new().await;
    let lesson = &course.lessons[0];
    let (t30, t20, t10) = (minutes_ago(30), minutes_ago(20), minutes_ago(10));
    let events: Vec<Value> = vec![
        event("e1", lesson, "in_progress", 100, 100, t30),
        event("e2", lesson, "in_progress", 250, 150, t20),
        event("e3", lesson, "completed", 400, 150, t10),
    ];
    let (status, report) = send(course.world.app.post(
        "/api/v1/me/progress/batch",
        &course.world.learner.token,
        &json!({"events": events}),
    ))
    .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(3), Some(0)));
    let (_, replay) = send(course.world.app.post(
        "/api/v1/me/progress/batch",
        &course.world.learner.token,
        &json!({"events": events}),
    ))
    .await;
    assert_eq!(
        (replay["accepted"].as_u64(), replay["duplicates"].as_u64()),
        (Some(0), Some(3)),
        "a replay changes nothing"
    );

    let other = Course::new().await;
    let lesson = &other.lessons[0];
    let reversed: Vec<Value> = vec![
        event("e3", lesson, "completed", 400, 150, t10),
        event("e1", lesson, "in_progress", 100, 100, t30),
        event("e3", lesson, "completed", 400, 150, t10),
        event("e2", lesson, "in_progress", 250, 150, t20),
    ];
    let (_, report) = send(other.world.app.post(
        "/api/v1/me/progress/batch",
        &other.world.learner.token,
        &json!({"events": reversed}),
    ))
    .await;
    assert_eq!((report["accepted"].as_u64(), report["duplicates"].as_u64()), (Some(3), Some(1)));
    let probe = json!({"status": "not_started", "position_seconds": 0, "time_spent_seconds": 0, "client_recorded_at": minutes_ago(60)});
    let (_, a) = course.put(&course.world.learner, &course.lessons[0], probe.clone()).await;
    let (_, b) = other.put(&other.world.learner, &other.lessons[0], probe).await;
    for field in ["status", "position_seconds", "time_spent_seconds", "completed_at"] {
        assert_eq!(a[field], b[field], "{field}");
    }
    assert_eq!(
        (a["status"].as_str(), a["position_seconds"].as_i64(), a["time_spent_seconds"].as_i64()),
        (Some("completed"), Some(400), Some(400))
    );
}

#[actix_web::test]
async fn a_batch_rejects_bad_events_one_by_one() {
    let course = Course::new().await;
    let world = &course.world;
    let (foreign_course, foreign_lesson) = world.published(json!({"title": "Tidak terdaftar"})).await;
    let _ = foreign_course;
    let quiz_lesson = {
        let (_, quiz) = send(world.app.post(
            &format!("/api/v1/courses/{}/quizzes", id(&course.course)),
            &world.instructor.token,
            &json!({"title": "K", "kind": "graded"}),
        ))
        .await;
        let (_, outline) =
            send(world.app.get(&format!("/api/v1/courses/{}/outline", id(&course.course)), &world.instructor.token))
                .await;
        let section = outline["sections"][0]["id"].as_str().unwrap_or_default().to_owned();
        let (_, lesson) = send(world.app.post(
            &format!("/api/v1/sections/{section}/lessons"),
            &world.instructor.token,
            &json!({"title": "Kuis", "kind": "quiz", "quiz_id": quiz["id"]}),
        ))
        .await;
        lesson
    };
    let mut events = vec![
        event("ok", &course.lessons[0], "in_progress", 10, 10, minutes_ago(1)),
        event("stranger", &foreign_lesson, "in_progress", 10, 10, minutes_ago(1)),
        event("quiz", &quiz_lesson, "completed", 0, 10, minutes_ago(1)),
        event("negative", &course.lessons[1], "in_progress", -5, 10, minutes_ago(1)),
        event("future", &course.lessons[1], "in_progress", 20, 10, Utc::now() + Duration::days(3)),
    ];
    events.push(json!({"client_event_id": "ghost", "lesson_id": uuid::Uuid::now_v7(), "status": "in_progress", "client_recorded_at": Utc::now()}));
    let (status, report) =
        send(world.app.post("/api/v1/me/progress/batch", &world.learner.token, &json!({"events": events}))).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["accepted"], 2);
    let rejected: Vec<(String, String)> = report["rejected"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["client_event_id"].as_str().unwrap_or_default().to_owned(),
                r["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        vec![
            ("stranger".to_owned(), "not_enrolled".to_owned()),
            ("quiz".to_owned(), "quiz_lesson".to_owned()),
            ("negative".to_owned(), "invalid_event".to_owned()),
            ("ghost".to_owned(), "unknown_lesson".to_owned()),
        ]
    );
    assert_eq!(report["clock_skew"], json!(["future"]), "a clock days ahead is clamped and flagged");
    let too_many: Vec<Value> =
        (0..501).map(|n| event(&format!("n{n}"), &course.lessons[0], "in_progress", 1, 1, minutes_ago(1))).collect();
    problem(
        world.app.post("/api/v1/me/progress/batch", &world.learner.token, &json!({"events": too_many})),
        422,
        "validation_failed",
    )
    .await;
}

#[actix_web::test]
async fn only_enrolled_learners_record_progress() {
    let course = Course::new().await;
    let world = &course.world;
    let body = json!({"status": "in_progress", "position_seconds": 1, "time_spent_seconds": 1, "client_recorded_at": Utc::now()});
    let visitor = world.app.user(Some(world.kupang), &[latih_kernel::Role::Learner]).await;
    problem(
        world.app.put(&format!("/api/v1/lessons/{}/progress", id(&course.lessons[0])), &visitor.token, &body),
        403,
        "forbidden",
    )
    .await;
    problem(
        world.app.put(&format!("/api/v1/lessons/{}/progress", id(&course.lessons[0])), &world.instructor.token, &body),
        403,
        "forbidden",
    )
    .await;
    problem(
        world.app.get(&format!("/api/v1/me/courses/{}/progress", id(&course.course)), &visitor.token),
        404,
        "not_found",
    )
    .await;
}
