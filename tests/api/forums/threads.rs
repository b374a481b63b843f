//! Who takes part in a course's forum, lists, pin and lock.

use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::json;

use super::{forum, post, thread};
use crate::courses::id;

#[actix_web::test]
async fn enrolled_learners_and_staff_take_part_and_nobody_else() {
    let (world, course) = forum().await;
    let by_learner = thread(&world, &course, &world.learner, "discussion").await;
    let by_staff = thread(&world, &course, &world.instructor, "discussion").await;
    assert_eq!(by_learner["body_html"], "<p>Mohon <strong>penjelasan</strong>.</p>\n");
    let path = format!("/api/v1/courses/{}/threads", id(&course));
    let (status, list) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!((status.as_u16(), list["items"].as_array().map(Vec::len)), (200, Some(2)));
    let visitor = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    let body = json!({"title": "x", "body": "y", "kind": "discussion"});
    problem(world.app.post(&path, &visitor.token, &body), 403, "forbidden").await;
    problem(world.app.get(&path, &visitor.token), 403, "forbidden").await;
    problem(world.app.get(&format!("/api/v1/threads/{}", id(&by_staff)), &world.other_admin.token), 403, "forbidden")
        .await;
    problem(
        world.app.post(
            &format!("/api/v1/threads/{}/posts", id(&by_learner)),
            &world.other_learner.token,
            &json!({"body": "hai"}),
        ),
        403,
        "forbidden",
    )
    .await;
    let (internal, _) = world.published(json!({"visibility": "organization"})).await;
    problem(
        world.app.get(&format!("/api/v1/courses/{}/threads", id(&internal)), &world.other_learner.token),
        404,
        "not_found",
    )
    .await;
}

#[actix_web::test]
async fn staff_lock_a_thread_and_a_locked_thread_takes_no_posts() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let lock = format!("/api/v1/threads/{}/lock", id(&discussion));
    problem(world.app.post(&lock, &world.learner.token, &json!({})), 403, "forbidden").await;
    let (status, locked) = send(world.app.post(&lock, &world.instructor.token, &json!({}))).await;
    assert_eq!((status.as_u16(), locked["locked"].as_bool()), (200, Some(true)));
    problem(
        world.app.post(
            &format!("/api/v1/threads/{}/posts", id(&discussion)),
            &world.learner.token,
            &json!({"body": "masih bisa?"}),
        ),
        409,
        "thread_locked",
    )
    .await;
    let (_, pinned) =
        send(world.app.post(&format!("/api/v1/threads/{}/pin", id(&discussion)), &world.instructor.token, &json!({})))
            .await;
    assert_eq!(pinned["pinned"], true);
    let (_, unlocked) = send(world.app.post(&lock, &world.instructor.token, &json!({"value": false}))).await;
    assert_eq!(unlocked["locked"], false);
    post(&world, &discussion, &world.learner, "sekarang bisa").await;
}

#[actix_web::test]
async fn the_question_author_or_staff_accept_one_answer_and_unanswered_lists_the_rest() {
    let (world, course) = forum().await;
    let question = thread(&world, &course, &world.learner, "question").await;
    let other_question = thread(&world, &course, &world.learner, "question").await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let answer = post(&world, &question, &world.instructor, "Lihat Permenpan 6/2022.").await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &course).await;
    let accept = format!("/api/v1/posts/{}/accept", id(&answer));
    problem(world.app.post(&accept, &colleague.token, &json!({})), 403, "forbidden").await;
    let (status, accepted) = send(world.app.post(&accept, &world.learner.token, &json!({}))).await;
    assert_eq!((status.as_u16(), &accepted["accepted_post_id"]), (200, &answer["id"]));
    let reply = post(&world, &discussion, &world.instructor, "Catatan").await;
    problem(
        world.app.post(&format!("/api/v1/posts/{}/accept", id(&reply)), &world.instructor.token, &json!({})),
        409,
        "not_a_question",
    )
    .await;
    let (_, unanswered) =
        send(world.app.get(&format!("/api/v1/courses/{}/threads?sort=unanswered", id(&course)), &world.learner.token))
            .await;
    let ids: Vec<&str> =
        unanswered["items"].as_array().into_iter().flatten().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, vec![other_question["id"].as_str().unwrap_or_default()]);
    let refused = problem(
        world.app.get(&format!("/api/v1/courses/{}/threads?sort=popular", id(&course)), &world.learner.token),
        400,
        "bad_request",
    )
    .await;
    assert_eq!(refused["errors"][0]["field"], "sort", "the parameter at fault is named, as for limit");
}

#[actix_web::test]
async fn a_blank_or_overlong_thread_is_refused_naming_the_field_and_why() {
    let (world, course) = forum().await;
    let path = format!("/api/v1/courses/{}/threads", id(&course));
    let long = "x".repeat(201);
    for (title, body, field, code) in [
        (" ", "Isi", "title", "required"),
        (long.as_str(), "Isi", "title", "too_long"),
        ("Judul", "", "body", "required"),
    ] {
        let request =
            world.app.post(&path, &world.learner.token, &json!({"title": title, "body": body, "kind": "discussion"}));
        let refused = problem(request, 422, "validation_failed").await;
        let first = &refused["errors"][0];
        assert_eq!((first["field"].as_str(), first["code"].as_str()), (Some(field), Some(code)), "{refused}");
    }
}
