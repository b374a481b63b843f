//! Posts: sanitizing, the edit window, removal, reports, hiding, idempotency, query counts,
//! and notifications.

use chrono::Duration;
use latih_kernel::{Role, Roles};
use latih_tests::{problem, send};
use serde_json::json;

use super::{forum, notifications, post, thread};
use crate::courses::id;

#[actix_web::test]
async fn scripts_handlers_and_javascript_links_never_survive() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let nasty = "Halo <script>alert('x')</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1)) <a href=\"javascript:alert(2)\">a</a> <b onclick=\"alert(3)\">tebal</b>";
    let created = post(&world, &discussion, &world.learner, nasty).await;
    assert_eq!(created["body"], nasty, "stored as written");
    let html = created["body_html"].as_str().unwrap_or_default().to_lowercase();
    for banned in ["<script", "onerror", "onclick", "javascript:"] {
        assert!(!html.contains(banned), "{banned} survived: {html}");
    }
    assert!(html.contains("<b>tebal</b>"), "{html}");
}

#[actix_web::test]
async fn authors_edit_within_thirty_minutes_and_moderators_any_time() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let mine = post(&world, &discussion, &world.learner, "Draf pertama").await;
    let path = format!("/api/v1/posts/{}", id(&mine));
    let (status, edited) = send(world.app.patch(&path, &world.learner.token, &json!({"body": "Draf kedua"}))).await;
    assert_eq!((status.as_u16(), edited["body"].as_str()), (200, Some("Draf kedua")));
    assert!(edited["edited_at"].is_string());
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &course).await;
    problem(world.app.patch(&path, &colleague.token, &json!({"body": "bukan milikku"})), 403, "forbidden").await;
    world.app.clock.advance(Duration::minutes(31));
    let token = world
        .app
        .state
        .keys
        .issue(&world.app.clock, world.learner.id, Some(world.kupang), &Roles::new([Role::Learner]))
        .expect("token");
    problem(world.app.patch(&path, &token, &json!({"body": "terlambat"})), 403, "forbidden").await;
    let staff = world
        .app
        .state
        .keys
        .issue(&world.app.clock, world.instructor.id, Some(world.kupang), &Roles::new([Role::Instructor]))
        .expect("token");
    let (status, moderated) = send(world.app.patch(&path, &staff, &json!({"body": "Disunting moderator"}))).await;
    assert_eq!((status.as_u16(), moderated["body"].as_str()), (200, Some("Disunting moderator")));
}

#[actix_web::test]
async fn a_removed_post_keeps_the_thread_readable() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let first = post(&world, &discussion, &world.learner, "Akan dihapus").await;
    let reply = json!({"body": "Balasan", "parent_id": first["id"]});
    let (status, second) =
        send(world.app.post(&format!("/api/v1/threads/{}/posts", id(&discussion)), &world.instructor.token, &reply))
            .await;
    assert_eq!((status.as_u16(), &second["parent_id"]), (201, &first["id"]));
    let nested = json!({"body": "Terlalu dalam", "parent_id": second["id"]});
    problem(
        world.app.post(&format!("/api/v1/threads/{}/posts", id(&discussion)), &world.learner.token, &nested),
        422,
        "validation_failed",
    )
    .await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &course).await;
    problem(world.app.delete(&format!("/api/v1/posts/{}", id(&first)), &colleague.token), 403, "forbidden").await;
    let (status, removed) =
        send(world.app.delete(&format!("/api/v1/posts/{}", id(&first)), &world.learner.token)).await;
    assert_eq!((status.as_u16(), removed["removed"].as_bool(), removed["body"].as_str()), (200, Some(true), Some("")));
    let (_, page) = send(world.app.get(&format!("/api/v1/threads/{}/posts", id(&discussion)), &colleague.token)).await;
    let items = page["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 2);
    assert_eq!((items[0]["removed"].as_bool(), items[1]["body"].as_str()), (Some(true), Some("Balasan")));
}

#[actix_web::test]
async fn reports_reach_staff_who_hide_the_post() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.instructor, "discussion").await;
    let rude = post(&world, &discussion, &world.learner, "kata kasar").await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &course).await;
    let report = format!("/api/v1/posts/{}/reports", id(&rude));
    let (status, _) = send(world.app.post(&report, &colleague.token, &json!({"reason": "Tidak sopan"}))).await;
    assert_eq!(status, 201);
    problem(world.app.post(&report, &world.other_learner.token, &json!({"reason": "x"})), 403, "forbidden").await;
    assert!(notifications(&world, &world.instructor).await.iter().any(|n| n["event"] == "forum.post_reported"));
    let hide = format!("/api/v1/posts/{}/hide", id(&rude));
    problem(world.app.post(&hide, &colleague.token, &json!({})), 403, "forbidden").await;
    let (status, _) = send(world.app.post(&hide, &world.instructor.token, &json!({}))).await;
    assert_eq!(status, 200);
    let (_, page) = send(world.app.get(&format!("/api/v1/threads/{}/posts", id(&discussion)), &colleague.token)).await;
    assert_eq!((page["items"][0]["hidden"].as_bool(), page["items"][0]["body"].as_str()), (Some(true), Some("")));
    let (_, staff_page) =
        send(world.app.get(&format!("/api/v1/threads/{}/posts", id(&discussion)), &world.instructor.token)).await;
    assert_eq!(staff_page["items"][0]["body"], "kata kasar", "staff still see what was hidden");
}

#[actix_web::test]
async fn a_replayed_post_with_an_idempotency_key_is_written_once() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.learner, "discussion").await;
    let path = format!("/api/v1/threads/{}/posts", id(&discussion));
    let body = json!({"body": "Sinyal lemah, kirim ulang"});
    let (s1, first) = send(world.app.post(&path, &world.learner.token, &body).header("idempotency-key", "p-1")).await;
    let (s2, again) = send(world.app.post(&path, &world.learner.token, &body).header("idempotency-key", "p-1")).await;
    assert_eq!((s1.as_u16(), s2.as_u16()), (201, 201));
    assert_eq!(first["id"], again["id"]);
    let (_, page) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn a_page_of_posts_costs_the_same_queries_for_five_or_fifty_authors() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.instructor, "discussion").await;
    for n in 0..50 {
        let author = world.app.user(Some(world.kupang), &[Role::Learner]).await;
        world.enrol(&author, &course).await;
        post(&world, &discussion, &author, &format!("Pesan {n}")).await;
    }
    let path = format!("/api/v1/threads/{}/posts", id(&discussion));
    let (five, status) = world.app.count_queries(world.app.get(&format!("{path}?limit=5"), &world.learner.token)).await;
    assert_eq!(status, 200);
    let (fifty, _) = world.app.count_queries(world.app.get(&format!("{path}?limit=50"), &world.learner.token)).await;
    eprintln!("GET /threads/{{id}}/posts: {five} statements for 5 posts, {fifty} for 50");
    assert_eq!(five, fifty, "no query per post or per author");
}

#[actix_web::test]
async fn new_posts_notify_the_author_and_followers_but_never_the_poster() {
    let (world, course) = forum().await;
    let follower = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&follower, &course).await;
    let question = thread(&world, &course, &world.learner, "question").await;
    assert!(
        notifications(&world, &world.instructor).await.iter().any(|n| n["event"] == "forum.question"),
        "staff hear of questions"
    );
    let (status, _) =
        send(world.app.put(&format!("/api/v1/threads/{}/subscription", id(&question)), &follower.token, &json!({})))
            .await;
    assert_eq!(status, 204);
    let answer = post(&world, &question, &world.instructor, "Jawaban").await;
    let learner_news = notifications(&world, &world.learner).await;
    assert_eq!(learner_news.iter().filter(|n| n["event"] == "forum.reply").count(), 1, "the thread's author");
    assert_eq!(
        notifications(&world, &follower).await.iter().filter(|n| n["event"] == "forum.reply").count(),
        1,
        "a follower"
    );
    assert!(
        !notifications(&world, &world.instructor).await.iter().any(|n| n["event"] == "forum.reply"),
        "never the poster"
    );
    post(&world, &question, &world.learner, "Terima kasih").await;
    assert_eq!(
        notifications(&world, &world.learner).await.iter().filter(|n| n["event"] == "forum.reply").count(),
        1,
        "not of one's own post"
    );
    send(world.app.post(&format!("/api/v1/posts/{}/accept", id(&answer)), &world.instructor.token, &json!({}))).await;
    assert!(notifications(&world, &world.learner).await.iter().any(|n| n["event"] == "forum.answer_accepted"));
    let ids: Vec<serde_json::Value> =
        notifications(&world, &world.learner).await.iter().map(|n| n["id"].clone()).collect();
    let (status, marked) =
        send(world.app.post("/api/v1/me/notifications/read", &world.learner.token, &json!({"ids": ids}))).await;
    assert_eq!((status.as_u16(), marked["updated"].as_u64()), (200, Some(2)), "the new post and the accepted answer");
    assert!(notifications(&world, &world.learner).await.is_empty());
    let (_, all) = send(world.app.get("/api/v1/me/notifications", &world.learner.token)).await;
    assert_eq!(all["items"].as_array().map(Vec::len), Some(2), "read ones remain");
    assert_eq!(all["items"][0]["event"], "forum.answer_accepted", "newest first");
}

#[actix_web::test]
async fn a_person_reports_a_post_once_and_staff_hear_of_it_once() {
    let (world, course) = forum().await;
    let discussion = thread(&world, &course, &world.instructor, "discussion").await;
    let rude = post(&world, &discussion, &world.learner, "kata kasar").await;
    let colleague = world.app.user(Some(world.kupang), &[Role::Learner]).await;
    world.enrol(&colleague, &course).await;
    let report = format!("/api/v1/posts/{}/reports", id(&rude));
    let body = json!({"reason": "Tidak sopan"});
    let (first, second) = futures_util::join!(
        send(world.app.post(&report, &colleague.token, &body)),
        send(world.app.post(&report, &colleague.token, &body))
    );
    let mut statuses = [first.0.as_u16(), second.0.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{} {}", first.1, second.1);
    problem(world.app.post(&report, &colleague.token, &body), 409, "already_reported").await;
    let (status, _) = send(world.app.post(&report, &world.instructor.token, &body)).await;
    assert_eq!(status, 201, "someone else may still report it");
    let reported = notifications(&world, &world.instructor).await;
    assert_eq!(
        reported.iter().filter(|n| n["event"] == "forum.post_reported").count(),
        1,
        "one report from the colleague"
    );
}
