//! A notice's own e-mail: in the recipient's language, text and HTML, a fixed Message-ID,
//! List-Unsubscribe with one-click; sent once; retried while the SMTP server is down.

use latih_tests::{SmtpServer, free_port, problem, send};
use serde_json::json;

use super::{notifications, pair};

#[actix_web::test]
async fn a_message_arrives_by_email_in_each_recipients_language_once() {
    let smtp = SmtpServer::start();
    let p = pair(&[("LATIH_SMTP_URL", &smtp.url()), ("LATIH_MAIL_FROM", "Latih Kupang <latih@kupang.go.id>")]).await;
    p.speaks(&p.mentee, "en").await;
    p.wants_mentoring_email(&p.mentee, "off").await;
    p.wants_mentoring_email(&p.mentor, "off").await;
    p.message(&p.mentor, "Selamat pagi").await;
    p.message(&p.mentee, "Good morning").await;
    p.app.run_jobs().await;
    p.app.run_jobs().await;

    let to_mentee = smtp.messages_to(&p.mentee.email);
    assert_eq!(to_mentee.len(), 1, "one e-mail, however often the jobs run");
    let mail = &to_mentee[0];
    assert_eq!(mail.header("subject"), "New mentoring message");
    assert_eq!(mail.header("from"), "Latih Kupang <latih@kupang.go.id>");
    assert_eq!(mail.content_type, "multipart/alternative");
    let text = mail.text.as_deref().unwrap_or_default();
    let html = mail.html.as_deref().unwrap_or_default();
    assert!(text.contains("Open the mentoring conversation") && text.contains("Notification settings"), "{text}");
    assert!(html.contains("<h2") && html.contains("lang=\"en\""), "{html}");
    assert!(!text.contains("Good morning") && !text.contains("Selamat pagi"), "the private text stays private");
    let notification = &notifications(&p.app, &p.mentee, false).await[0];
    let host = p.app.base_url.trim_start_matches("http://").split(':').next().unwrap_or_default().to_owned();
    assert_eq!(mail.header("message-id"), format!("<{}@{host}>", notification["id"].as_str().unwrap_or_default()));
    let unsubscribe = mail.header("list-unsubscribe");
    assert!(
        unsubscribe.starts_with(&format!("<{}/api/v1/notifications/unsubscribe?token=", p.app.base_url)),
        "{unsubscribe}"
    );
    assert_eq!(mail.header("list-unsubscribe-post"), "List-Unsubscribe=One-Click");

    let to_mentor = smtp.messages_to(&p.mentor.email);
    assert_eq!(to_mentor.len(), 1);
    assert_eq!(to_mentor[0].header("subject"), "Pesan mentoring baru", "Indonesian unless chosen otherwise");
    assert!(to_mentor[0].text.as_deref().unwrap_or_default().contains("Atur pemberitahuan"));
    assert_eq!(smtp.messages().len(), 2, "nobody else got anything");
}

#[actix_web::test]
async fn one_click_unsubscribe_turns_that_email_off_and_reading_the_link_changes_nothing() {
    let smtp = SmtpServer::start();
    let p = pair(&[("LATIH_SMTP_URL", &smtp.url())]).await;
    p.wants_mentoring_email(&p.mentee, "off").await;
    p.message(&p.mentor, "Halo").await;
    p.app.run_jobs().await;
    let mails = smtp.messages_to(&p.mentee.email);
    assert_eq!(mails.len(), 1);
    let link = mails[0].header("list-unsubscribe").trim_start_matches('<').trim_end_matches('>').to_owned();
    let path = link.trim_start_matches(&p.app.base_url).to_owned();

    let page = p.app.client.get(&link).send().await.expect("get");
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/html"));
    let (_, prefs) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentee.token)).await;
    assert_eq!(prefs["events"]["mentoring.message"]["email"], true, "a GET never writes");

    let one_click = p
        .app
        .request(reqwest::Method::POST, &path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click");
    let (status, done) = send(one_click).await;
    assert_eq!((status.as_u16(), done["event"].as_str()), (200, Some("mentoring.message")), "{done}");
    let (_, prefs) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentee.token)).await;
    assert_eq!(prefs["events"]["mentoring.message"], json!({"in_app": true, "email": false}));
    let (_, mentor_prefs) = send(p.app.get("/api/v1/me/notification-preferences", &p.mentor.token)).await;
    assert_eq!(mentor_prefs["events"]["mentoring.message"]["email"], false, "the mentor never had it on");

    p.message(&p.mentor, "Masih di sana?").await;
    p.app.run_jobs().await;
    assert_eq!(smtp.messages_to(&p.mentee.email).len(), 1, "no more e-mail of that kind");
    assert_eq!(notifications(&p.app, &p.mentee, true).await.len(), 2, "still in the app");

    let forged = path.replace("mentoring.message", "forum.reply");
    problem(p.app.request(reqwest::Method::POST, &forged), 422, "validation_failed").await;
    let mentor_token = path.replace(&p.mentee.id.simple().to_string(), &p.mentor.id.simple().to_string());
    problem(p.app.request(reqwest::Method::POST, &mentor_token), 422, "validation_failed").await;
}

#[actix_web::test]
async fn an_smtp_server_that_is_down_gets_the_email_once_it_is_up() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let p = pair(&[("LATIH_SMTP_URL", &url)]).await;
    p.wants_mentoring_email(&p.mentee, "off").await;
    p.message(&p.mentor, "Halo").await;
    p.app.run_jobs().await;
    let (_, jobs) = send(p.app.get("/api/v1/jobs?kind=notify.email", &p.admin.token)).await;
    assert_eq!(jobs["items"][0]["status"], "failed", "waiting to be retried: {jobs}");
    assert_eq!(jobs["items"][0]["attempts"], 1, "{jobs}");

    let smtp = SmtpServer::start_on(port);
    p.app.clock.advance(chrono::Duration::hours(1));
    p.app.run_jobs().await;
    p.app.clock.advance(chrono::Duration::hours(1));
    p.app.run_jobs().await;
    assert_eq!(smtp.messages_to(&p.mentee.email).len(), 1, "arrived, once");
}

#[actix_web::test]
async fn without_smtp_the_notification_still_shows_in_the_app() {
    let p = pair(&[]).await;
    p.wants_mentoring_email(&p.mentee, "off").await;
    p.message(&p.mentor, "Halo").await;
    p.app.run_jobs().await;
    let (_, jobs) = send(p.app.get("/api/v1/jobs?kind=notify.email", &p.admin.token)).await;
    assert_eq!(jobs["items"][0]["status"], "done", "skipped, not retried forever: {jobs}");
    assert_eq!(notifications(&p.app, &p.mentee, true).await.len(), 1);
}
