//! The in-app list: the contract's shape, the caller's language, unread, marking read, and
//! nobody else's notifications.

use latih_tests::send;
use serde_json::json;

use super::{notifications, pair};

#[actix_web::test]
async fn my_notifications_are_mine_in_my_language_and_can_be_marked_read() {
    let p = pair(&[]).await;
    p.message(&p.mentor, "Satu").await;
    p.message(&p.mentor, "Dua").await;
    let mine = notifications(&p.app, &p.mentee, true).await;
    assert_eq!(mine.len(), 2);
    let first = &mine[0];
    let mut keys: Vec<&str> = first.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
    keys.sort_unstable();
    assert_eq!(keys, ["body", "created_at", "event", "id", "link", "read_at", "title"]);
    assert_eq!(first["event"], "mentoring.message");
    assert_eq!(first["title"], "Pesan mentoring baru");
    assert_eq!(first["link"], format!("/mentorships/{}/messages", p.mentorship));
    assert!(first["read_at"].is_null());
    assert!(notifications(&p.app, &p.mentor, false).await.is_empty(), "never of one's own message");
    assert!(notifications(&p.app, &p.admin, false).await.is_empty(), "nobody else sees them");

    let (_, english) =
        send(p.app.get("/api/v1/me/notifications", &p.mentee.token).header("accept-language", "en")).await;
    assert_eq!(english["items"][0]["title"], "New mentoring message");
    p.speaks(&p.mentee, "id").await;
    let (_, chosen) =
        send(p.app.get("/api/v1/me/notifications", &p.mentee.token).header("accept-language", "en")).await;
    assert_eq!(chosen["items"][0]["title"], "Pesan mentoring baru", "the person's own choice wins");

    let ids = json!({"ids": [first["id"].clone()]});
    let (_, theirs) = send(p.app.post("/api/v1/me/notifications/read", &p.admin.token, &ids)).await;
    assert_eq!(theirs["updated"], 0, "someone else's id changes nothing");
    assert_eq!(notifications(&p.app, &p.mentee, true).await.len(), 2);
    let (status, marked) = send(p.app.post("/api/v1/me/notifications/read", &p.mentee.token, &ids)).await;
    assert_eq!((status.as_u16(), marked["updated"].as_u64()), (200, Some(1)));
    assert_eq!(notifications(&p.app, &p.mentee, true).await.len(), 1);
    let all = notifications(&p.app, &p.mentee, false).await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().any(|n| n["id"] == first["id"] && n["read_at"].is_string()));
    let (status, _) = send(p.app.request(reqwest::Method::GET, "/api/v1/me/notifications")).await;
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn an_event_turned_off_in_the_app_no_longer_shows() {
    let p = pair(&[]).await;
    let body = json!({"events": {"mentoring.message": {"in_app": false}}});
    let (status, _) = send(p.app.put("/api/v1/me/notification-preferences", &p.mentee.token, &body)).await;
    assert_eq!(status, 200);
    p.message(&p.mentor, "Satu").await;
    assert!(notifications(&p.app, &p.mentee, false).await.is_empty());
    p.message(&p.mentee, "Balas").await;
    assert_eq!(notifications(&p.app, &p.mentor, false).await.len(), 1, "the mentor kept the default");
}
